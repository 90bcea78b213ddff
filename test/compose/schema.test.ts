import { validateCompose } from '../../constructs/compose/schema';
import { didYouMean as closest } from '../../constructs/private/did-you-mean';
import { ComposeSource, formatPath } from '../../constructs/compose/source';

function problems(yaml: string): string[] {
  const src = ComposeSource.parse(yaml, 'compose.yml');
  if (src.syntaxErrors.length) return src.syntaxErrors;
  return validateCompose(src.data).map((p) => src.describe(p, p.key));
}

describe('the Compose specification schema', () => {
  test('a valid file has no problems', () => {
    expect(problems('services:\n  web:\n    image: nginx\n    ports: ["80:80", {target: 80, published: 8080}]\nnetworks:\n  front: {}\n')).toEqual([]);
  });

  test('an unknown field is reported at its key, with a suggestion', () => {
    expect(problems('services:\n  web:\n    image: nginx\n    netwroks: [front]\n')).toEqual([
      'compose.yml:4:5: services.web.netwroks: unknown field "netwroks": the Compose specification has no such field here; did you mean "networks"?',
    ]);
  });

  test('a wrong type is reported at the value, alternatives merged', () => {
    const out = problems('services:\n  web:\n    image: nginx\n    restart: [always]\n    command: {a: 1}\n');
    expect(out).toContain('compose.yml:4:14: services.web.restart: a list must be string');
    expect(out).toContainEqual(expect.stringMatching(/^compose\.yml:5:14: services\.web\.command: a mapping must be (null or string or array|string or array or null)/));
  });

  test('oneOf branches explained by a deeper error are not reported', () => {
    const out = problems('services:\n  web:\n    image: nginx\n    ports:\n      - target: 80\n        bogus: 1\n');
    expect(out).toEqual(['compose.yml:6:9: services.web.ports[0].bogus: unknown field "bogus": the Compose specification has no such field here']);
  });

  test('every problem of the file at once', () => {
    expect(problems('services:\n  a:\n    image: x\n    foo: 1\n  b:\n    image: y\n    bar: 2\n')).toHaveLength(2);
  });

  test('YAML syntax errors carry file, line and column', () => {
    expect(problems('services:\n  web:\n    image: [nginx\n')[0]).toMatch(/^compose\.yml:\d+:\d+: /);
    expect(problems('services:\n  web: {}\n  web: {}\n')[0]).toMatch(/^compose\.yml:3:3: .*[Mm]ap keys must be unique/);
  });

  test('positions fall back to the nearest ancestor that exists', () => {
    const src = ComposeSource.parse('services:\n  web:\n    image: x\n', 'f.yml');
    expect(src.position(['services', 'web', 'image'])).toEqual({ file: 'f.yml', line: 3, column: 12 });
    expect(src.position(['services', 'web', 'image'], true)).toEqual({ file: 'f.yml', line: 3, column: 5 });
    expect(src.position(['services', 'web', 'ports', 0])).toEqual({ file: 'f.yml', line: 3, column: 5 });
  });

  test('paths read as the Compose documentation writes them', () => {
    expect(formatPath(['services', 'web', 'ports', 0, 'target'])).toBe('services.web.ports[0].target');
    expect(formatPath([])).toBe('(top level)');
  });

  test('did-you-mean only for close words', () => {
    expect(closest('imgae', ['image', 'command'])).toBe('image');
    expect(closest('zzzzzz', ['image', 'command'])).toBeUndefined();
  });

  test('anchors and merge keys are resolved before validation', () => {
    expect(problems('x-base: &base\n  image: nginx\nservices:\n  web:\n    <<: *base\n    command: ["a"]\n')).toEqual([]);
  });
});
