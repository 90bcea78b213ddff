import { isValidName, nameProblem, NAME_RULES } from '../constructs/private/names';
import { isEmptyImage, isRegistryAddress, pinsDigest, referenceProblem } from '../constructs/private/image-reference';

const digest = 'sha256:' + 'a'.repeat(64);

describe('names: one rule table', () => {
  test.each([
    ['container', 'web-1', true],
    ['container', 'w', false],
    ['network', 'réseau', true],
    ['network', 'a/b', false],
    ['hostname', 'db.internal', true],
    ['hostname', 'db-.internal', false],
    ['hostname', `${'a'.repeat(64)}.x`, false],
    ['hostname', `${'a'.repeat(63)}.x`, true],
    ['service', 'web_api', true],
    ['service', '-web', false],
    ['terraform variable', 'api_token', true],
    ['terraform variable', 'api token', false],
    ['terraform variable', '1token', false],
    ['bridge', 'br-0123456789ab', true],
    ['bridge', 'br-0123456789abc', false],
  ] as const)('%s %j valid: %s', (kind, name, ok) => {
    expect(isValidName(kind, name)).toBe(ok);
    expect(nameProblem(kind, name) === undefined).toBe(ok);
  });

  test('the message names the kind, the value (quoted) and the rule', () => {
    expect(nameProblem('container', 'w\n')).toBe(`container name "w\\n" is invalid: ${NAME_RULES.container.rule}; rename it`);
  });
});

describe('image references: one grammar', () => {
  test.each([
    ['busybox:1.36', true],
    ['registry.example.com:5000/team/app:2.1', true],
    [`app@${digest}`, true],
    [digest, true],
    ['Bad Image', false],
    ['UPPER/case', true], // an upper-case first component is a registry host, as distribution reads it
    ['team/UPPER', false],
    ['app@sha256:abc', false],
  ])('%s valid: %s', (ref, ok) => {
    expect(referenceProblem(ref) === undefined).toBe(ok);
  });

  test('empty and blank are the entry point\'s to word; pins and registry hosts', () => {
    expect(isEmptyImage('')).toBe(true);
    expect(isEmptyImage(' ')).toBe(true);
    expect(isEmptyImage(undefined)).toBe(true);
    expect(referenceProblem(' ')).toBeUndefined();
    expect(pinsDigest(`app@${digest}`)).toBe(true);
    expect(pinsDigest('app:1')).toBe(false);
    expect(isRegistryAddress('https://ghcr.io/v2/')).toBe(true);
    expect(isRegistryAddress('[::1]:5000')).toBe(true);
    expect(isRegistryAddress('my_registry')).toBe(false);
    expect(isRegistryAddress('')).toBe(false);
  });
});
