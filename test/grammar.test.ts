import * as fc from 'fast-check';
import { Duration, Size } from '../constructs';
import { goDurationMillis } from '../constructs/compose/codegen';
import { parseDuration, parseSize } from '../constructs/compose/values';
import { didYouMean } from '../constructs/private/did-you-mean';
import { parseDockerSize, parseGoDuration } from '../constructs/private/grammar';

describe('parseGoDuration: the one Go-duration grammar', () => {
  test.each([
    ['0', 0],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['2.5s', 2500],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1h2m3s4ms', 3_723_004],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['2000000ns', 2],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, value: ms });
  });

  test.each(['', '30', '30 seconds', ' 30s', '-1s', 's', '1.s', '1d', '0s0', 'ten seconds'])('%j is not one, and says how to write it', (text) => {
    const r = parseGoDuration(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/is not a duration; write it in Go's notation as Docker does, e\.g\. 30s/);
  });

  test('every caller agrees with it: Duration.parse, the Compose mapping, the code generator', () => {
    const unit = fc.constantFrom('h', 'm', 's', 'ms', 'us', 'µs', 'ns');
    const part = fc.tuple(fc.nat(999), fc.option(fc.nat(99), { nil: undefined }), unit).map(([n, f, u]) => `${n}${f === undefined ? '' : `.${f}`}${u}`);
    const text = fc.oneof(fc.array(part, { minLength: 1, maxLength: 3 }).map((p) => p.join('')), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(text, (t) => {
        const r = parseGoDuration(t);
        expect(parseDuration(t)).toBe(r.ok ? t : undefined);
        expect(goDurationMillis(t)).toBe(r.ok ? r.value : undefined);
        if (r.ok) expect(Duration.parse(t).milliseconds).toBe(r.value);
        else expect(() => Duration.parse(t.trim() === t ? t : `${t}x`)).toThrow(/is not a duration/);
      }),
    );
  });

  test('Compose takes 0 as Docker does (it was refused by the mapping before)', () => {
    expect(parseDuration('0')).toBe('0');
    expect(goDurationMillis('0')).toBe(0);
  });
});

describe('parseDockerSize: the one size grammar', () => {
  test.each([
    ['1024', 1024],
    ['1024b', 1024],
    ['64k', 65536],
    ['64K', 65536],
    ['512m', 512 * 1024 ** 2],
    ['512MiB', 512 * 1024 ** 2],
    ['512mb', 512 * 1024 ** 2],
    ['1.5g', 1.5 * 1024 ** 3],
    ['2t', 2 * 1024 ** 4],
    [' 1 GiB ', 1024 ** 3],
  ])('%j is %d bytes', (text, bytes) => {
    expect(parseDockerSize(text)).toEqual({ ok: true, value: bytes });
  });

  test.each(['', 'lots', '1 GiBs', '1ib', '-1m', '1x', '1mi b'])('%j is not one, and says how to write it', (text) => {
    const r = parseDockerSize(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/is not a size; write it as Docker does/);
  });

  test('Size.parse and the Compose mapping read through it', () => {
    for (const t of ['512m', '1g', 'lots', '1.5gb', '']) {
      const r = parseDockerSize(t);
      expect(parseSize(t)).toBe(r.ok ? r.value : undefined);
      if (r.ok) expect(Size.parse(t).bytes).toBe(r.value);
      else expect(() => Size.parse(t)).toThrow(/is not a size/);
    }
    expect(parseSize(2048)).toBe(2048);
    expect(parseSize(-1)).toBeUndefined();
  });
});

describe('didYouMean: the one "did you mean"', () => {
  test('the closest candidate within 2 edits, or a third of a long word', () => {
    expect(didYouMean('imgae', ['image', 'command'])).toBe('image');
    expect(didYouMean('NET_RAWW', ['NET_ADMIN', 'NET_RAW'])).toBe('NET_RAW');
    expect(didYouMean('zzzzzz', ['image', 'command'])).toBeUndefined();
    expect(didYouMean('docker-network-cdktf:swarm-vip-mod', ['docker-network-cdktf:swarm-vip-mode', 'docker-network-cdktf:other'])).toBe('docker-network-cdktf:swarm-vip-mode');
    expect(didYouMean('abcdefghijkl', ['abcdefghwxyz'])).toBe('abcdefghwxyz'); // 4 edits in 12 characters
    expect(didYouMean('abcdefghijk', ['abcdefghwxyz'])).toBeUndefined(); // 4 edits in 11
  });

  test('ties go to the earlier candidate; nothing to choose from is undefined', () => {
    expect(didYouMean('ab', ['ax', 'bx'])).toBe('ax');
    expect(didYouMean('ab', [])).toBeUndefined();
    expect(didYouMean(42 as unknown as string, ['42'])).toBeUndefined();
  });
});
