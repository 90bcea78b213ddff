import { Duration, Size } from '../constructs';

describe('Duration', () => {
  test.each([
    [Duration.seconds(30), '30s'],
    [Duration.seconds(90), '1m30s'],
    [Duration.minutes(1), '1m0s'],
    [Duration.hours(1), '1h0m0s'],
    [Duration.millis(500), '500ms'],
    [Duration.millis(1500), '1.5s'],
    [Duration.seconds(0), '0s'],
  ])('%s renders as Go reads it back: %s', (d, text) => {
    expect(d.toGoString()).toBe(text);
  });

  test('parses Compose/Docker durations', () => {
    expect(Duration.parse('1m30s')?.milliseconds).toBe(90_000);
    expect(Duration.parse('2.5s')?.toGoString()).toBe('2.5s');
    expect(Duration.parse('100ms')?.milliseconds).toBe(100);
    expect(Duration.parse('1h')?.toGoString()).toBe('1h0m0s');
    expect(() => Duration.parse('ten seconds')).toThrow(/is not a duration; write it in Go's notation/);
  });
});

describe('Size', () => {
  test('binary units, as Docker reads 512m', () => {
    expect(Size.parse('512m')?.wholeMebibytes).toBe(512);
    expect(Size.parse('1g')?.bytes).toBe(1024 ** 3);
    expect(Size.parse('64K')?.bytes).toBe(65536);
    expect(() => Size.parse('lots')).toThrow(/is not a size/);
    expect(Size.bytes(1000).wholeMebibytes).toBeUndefined();
    expect(Size.bytes(-1).valid).toBe(false);
  });
});
