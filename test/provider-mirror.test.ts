import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProviderVersion, warningsOf } from '../constructs';
import { constraintAccepts, providerMirrorWarning } from '../constructs/private/provider-mirror';
import { newStack, synth } from './util';

/** A mirror holding `versions` (unpacked layout) and a CLI config that takes kreuzwerker/docker only from it. */
function mirrorWith(versions: string[], direct = 'direct {\n    exclude = ["registry.terraform.io/kreuzwerker/docker"]\n  }'): { config: string; mirror: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-mirror-'));
  const mirror = path.join(dir, 'mirror');
  for (const v of versions) {
    const platform = path.join(mirror, 'registry.terraform.io', 'kreuzwerker', 'docker', v, 'linux_amd64');
    fs.mkdirSync(platform, { recursive: true });
    fs.writeFileSync(path.join(platform, `terraform-provider-docker_v${v}`), '');
  }
  const config = path.join(dir, 'terraformrc');
  fs.writeFileSync(
    config,
    `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/kreuzwerker/docker"]\n  }\n  ${direct}\n}\n`,
  );
  return { config, mirror };
}

describe('a filesystem mirror that lacks the stack\'s provider version', () => {
  test('3.6.2 (the default) against a mirror holding 4.6.1-dev only: a synth warning naming both and the fix', () => {
    const { config, mirror } = mirrorWith(['4.6.1-dev']);
    const warning = providerMirrorWarning('3.6.2', { TF_CLI_CONFIG_FILE: config });
    expect(warning).toContain(`kreuzwerker/docker "3.6.2" is not in the provider mirror that ${config} names (${mirror}), which holds 4.6.1-dev`);
    expect(warning).toContain("providerVersion: ProviderVersion.of('4.6.1-dev')");
    const saved = process.env.TF_CLI_CONFIG_FILE;
    process.env.TF_CLI_CONFIG_FILE = config;
    try {
      const { stack } = newStack();
      synth(stack);
      expect(warningsOf(stack)).toEqual([expect.stringMatching(/^\[test\/host\] kreuzwerker\/docker "3\.6\.2" is not in the provider mirror/)]);
      const chosen = newStack({ providerVersion: ProviderVersion.of('4.6.1-dev') });
      synth(chosen.stack);
      expect(warningsOf(chosen.stack)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TF_CLI_CONFIG_FILE;
      else process.env.TF_CLI_CONFIG_FILE = saved;
    }
  });

  test('nothing to say when the mirror holds a matching version, when direct may serve it, or without a mirror', () => {
    expect(providerMirrorWarning('3.6.2', { TF_CLI_CONFIG_FILE: mirrorWith(['3.6.2', '4.6.1-dev']).config })).toBeUndefined();
    expect(providerMirrorWarning('~> 4.6', { TF_CLI_CONFIG_FILE: mirrorWith(['4.6.0']).config })).toBeUndefined();
    expect(providerMirrorWarning('3.6.2', { TF_CLI_CONFIG_FILE: mirrorWith(['4.6.1-dev'], 'direct {}').config })).toBeUndefined();
    expect(providerMirrorWarning('3.6.2', { TF_CLI_CONFIG_FILE: path.join(os.tmpdir(), 'nonexistent-terraformrc') })).toBeUndefined();
    const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-mirror-')), 'rc');
    fs.writeFileSync(empty, '# empty\n');
    expect(providerMirrorWarning('3.6.2', { TF_CLI_CONFIG_FILE: empty })).toBeUndefined();
  });

  test('a relative TF_CLI_CONFIG_FILE: terraform, inside cdktf.out/stacks/<stack>, would not find it; the warning gives the absolute path', () => {
    const warning = providerMirrorWarning('3.6.2', { TF_CLI_CONFIG_FILE: 'mirror.tfrc' });
    expect(warning).toBe(
      'TF_CLI_CONFIG_FILE=mirror.tfrc is a relative path: cdktf runs terraform inside cdktf.out/stacks/<stack>, where it is not found, ' +
        `so terraform init ignores it and asks the registry. Give an absolute path: TF_CLI_CONFIG_FILE=${path.resolve('mirror.tfrc')} ` +
        '[ack: docker-network-cdktf:relative-cli-config]',
    );
  });

  test('a version directory without a provider binary holds nothing', () => {
    const { config, mirror } = mirrorWith(['4.6.1-dev']);
    fs.mkdirSync(path.join(mirror, 'registry.terraform.io', 'kreuzwerker', 'docker', '3.6.2', 'linux_amd64'), { recursive: true });
    expect(providerMirrorWarning('3.6.2', { TF_CLI_CONFIG_FILE: config })).toContain('which holds 4.6.1-dev:');
  });

  test('an empty mirror says it holds no version; a pre-release is matched only exactly', () => {
    expect(providerMirrorWarning('~> 4.6', { TF_CLI_CONFIG_FILE: mirrorWith([]).config })).toContain('which holds no kreuzwerker/docker version');
    expect(providerMirrorWarning('~> 4.6', { TF_CLI_CONFIG_FILE: mirrorWith(['4.6.1-dev']).config })).toContain('which holds 4.6.1-dev');
  });

  test('Terraform version constraints', () => {
    const cases: [string, string, boolean][] = [
      ['3.6.2', '3.6.2', true],
      ['3.6.2', '3.6.1', false],
      ['= 3.6.2', '3.6.2', true],
      ['~> 4.6', '4.9.0', true],
      ['~> 4.6', '5.0.0', false],
      ['~> 4.6.1', '4.6.9', true],
      ['~> 4.6.1', '4.7.0', false],
      ['>= 4.0, < 5.0', '4.6.0', true],
      ['>= 4.0, < 5.0', '3.6.2', false],
      ['4.6.1-dev', '4.6.1-dev', true],
      ['~> 4.6', '4.6.1-dev', false],
      ['!= 4.6.0', '4.6.0', false],
    ];
    for (const [constraint, version, ok] of cases) expect([constraint, version, constraintAccepts(constraint, version)]).toEqual([constraint, version, ok]);
  });
});
