import { EXIT, lastOf, parseCommandLine, stringValue, stringValues, UsageError, wantsHelp } from '../../cli/args';

const OPTIONS = { live: { type: 'boolean' }, svg: { type: 'string' }, engine: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } as const;

describe('the argument parser', () => {
  test('one exit-status scheme for every command', () => {
    expect(EXIT).toEqual({ ok: 0, failed: 1, usage: 2, found: 3, refused: 4, unavailable: 5 });
  });

  test('--help or -h anywhere before -- asks for help, whatever else is on the line', () => {
    expect(wantsHelp(['x', '--bogus', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['x', '--', '--help'])).toBe(false);
    expect(wantsHelp(['x', '--helpful'])).toBe(false);
  });

  test('options, repeated options and positionals', () => {
    const a = parseCommandLine(['stack', '--live', '--svg', 'x.svg', '--engine', 'a=unix:///a', '--engine=b=ssh://b'], OPTIONS);
    expect(a.positionals).toEqual(['stack']);
    expect(a.values.live).toBe(true);
    expect(stringValue(a, 'svg')).toBe('x.svg');
    expect(stringValues(a, 'engine')).toEqual(['a=unix:///a', 'b=ssh://b']);
    expect(stringValue(a, 'live')).toBeUndefined();
  });

  test('an unknown option is a usage error naming the nearest known one', () => {
    expect(() => parseCommandLine(['--lve'], OPTIONS)).toThrow(new UsageError('unknown option --lve (did you mean --live?)'));
    expect(() => parseCommandLine(['--zzzzzz'], OPTIONS)).toThrow(new UsageError('unknown option --zzzzzz'));
    expect(() => parseCommandLine(['-x'], OPTIONS)).toThrow(new UsageError('unknown option -x'));
  });

  test('a missing value, or a value for a flag, is a usage error that says so', () => {
    expect(() => parseCommandLine(['--svg'], OPTIONS)).toThrow(new UsageError('--svg needs a value'));
    expect(() => parseCommandLine(['--live=yes'], OPTIONS)).toThrow(new UsageError('--live takes no value'));
  });

  test('of two opposite flags the last one wins', () => {
    expect(lastOf(['--color', '--no-color'], '--color', '--no-color')).toBe(false);
    expect(lastOf(['--no-color', 'x', '--color'], '--color', '--no-color')).toBe(true);
    expect(lastOf(['x'], '--color', '--no-color')).toBeUndefined();
    expect(lastOf(['--', '--color'], '--color', '--no-color')).toBeUndefined();
  });
});
