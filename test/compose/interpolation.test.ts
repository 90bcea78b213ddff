import { interpolate } from '../../constructs/compose/interpolation';
import { interpolateDocument } from '../../constructs/compose/interpolation';

const env = { SET: 'value', EMPTY: '', OTHER: 'other' };
const value = (s: string) => interpolate(s, env).value;

describe('interpolation as Compose does it', () => {
  test.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['pre-${SET}-post', 'pre-value-post'],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${SET:-fallback}', 'value'],
    ['${SET:+replaced}', 'replaced'],
    ['${EMPTY:+replaced}', ''],
    ['${EMPTY+replaced}', 'replaced'],
    ['${UNSET+replaced}', ''],
    ['${UNSET:-${OTHER}}', 'other'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['cost: $$5', 'cost: $5'],
    ['no variables', 'no variables'],
  ])('%s -> %s', (input, expected) => {
    const r = interpolate(input, env);
    expect(r.errors).toEqual([]);
    expect(r.value).toBe(expected);
  });

  test('an unset variable without default becomes empty and is reported', () => {
    const r = interpolate('a${NOPE}b$NOPE', env);
    expect(r.value).toBe('ab');
    expect(r.unset).toEqual(['NOPE']);
  });

  test('${VAR:?message} fails when unset or empty, ${VAR?message} only when unset', () => {
    expect(interpolate('${UNSET:?need it}', env).errors).toEqual([expect.stringMatching(/required variable UNSET is unset: need it/)]);
    expect(interpolate('${EMPTY:?need it}', env).errors).toEqual([expect.stringMatching(/EMPTY is empty: need it/)]);
    expect(interpolate('${EMPTY?need it}', env).errors).toEqual([]);
    expect(interpolate('${SET:?need it}', env).value).toBe('value');
  });

  test.each([['${'], ['${SET'], ['${}'], ['${1}'], ['${SET:x}']])('%s is an invalid interpolation format', (input) => {
    expect(interpolate(input, env).errors[0]).toMatch(/invalid interpolation format/);
  });

  // compose-go's pattern matches `$$`, `$name` and `${...}` only: any other `$` is left as written.
  test.each([
    ['$(hostname)', '$(hostname)'],
    ['price $ 5', 'price $ 5'],
    ['5$', '5$'],
    ['$1 and $-', '$1 and $-'],
    ['$(echo $SET)', '$(echo value)'],
  ])('%s is not interpolation: %s', (input, value) => {
    expect(interpolate(input, env)).toMatchObject({ value, errors: [], unset: [] });
  });

  test('a document: values are interpolated, keys are not; problems carry their path', () => {
    const r = interpolateDocument({ services: { '${SET}': { image: '${SET}', environment: ['A=${UNSET}'], command: ['${REQ:?x}'] } } }, env);
    expect(r.data).toEqual({ services: { '${SET}': { image: 'value', environment: ['A='], command: [''] } } });
    expect(r.warnings).toEqual([{ path: ['services', '${SET}', 'environment', 0], message: expect.stringMatching(/variable UNSET is not set/) }]);
    expect(r.errors).toEqual([{ path: ['services', '${SET}', 'command', 0], message: expect.stringMatching(/required variable REQ/) }]);
  });

  test('numbers and booleans pass through', () => {
    expect(interpolateDocument({ a: 1, b: true, c: null }, {}).data).toEqual({ a: 1, b: true, c: null });
  });
  void value;
});
