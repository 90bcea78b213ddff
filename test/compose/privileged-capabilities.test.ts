import { Testing, TerraformStack } from 'cdktf';
import { ComposeProject, DockerHost, InsecureOptions, Swarm } from '../../constructs';
import { generateStack, loadCompose } from '../../constructs/compose';
import { CLI_VOCABULARY } from '../../scripts/compose-import';
import { byName, composeStack, errorsOf, synthJson } from './helpers';

// pihole and wireguard in docker/awesome-compose add NET_ADMIN (wireguard SYS_MODULE too).
const YAML = 'name: p\nservices:\n  vpn:\n    image: x\n    cap_add:\n      - CHOWN\n      - NET_ADMIN\n      - sys_module\n';

function swarmStack(insecure: Record<string, InsecureOptions>) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const host = new DockerHost(stack, 'host');
  new ComposeProject(stack, 'app', { yaml: YAML, file: 'compose.yml', env: {}, swarm: new Swarm(stack, 'swarm', { manager: host }), insecure });
  return stack;
}

describe('cap_add of a capability as strong as privileged (issue 20 review)', () => {
  test('refused by the mapping at each entry, with the opt-out in the props shape (not the Container\'s)', () => {
    const errors = errorsOf(composeStack(YAML).stack);
    expect(errors).toEqual([
      expect.stringMatching(/^\[test\/app\] compose\.yml:7:9: services\.vpn\.cap_add\[1\]: cap_add NET_ADMIN \(as strong as privileged: .*\) is forbidden .*opt out explicitly with insecure: \{ "vpn": \{ privilegedCapabilities: true \} \} in the ComposeProject props$/),
      expect.stringMatching(/compose\.yml:8:9: services\.vpn\.cap_add\[2\]: cap_add sys_module \(as strong as privileged: loads kernel modules/),
    ]);
    expect(errors.join('\n')).not.toMatch(/insecure: \{ privilegedCapabilities|services\/vpn/);
  });

  test('in the command line wording: --insecure vpn=privilegedCapabilities', () => {
    const loaded = loadCompose({ yaml: YAML, env: {}, vocabulary: CLI_VOCABULARY });
    expect(loaded.errors).toHaveLength(2);
    for (const e of loaded.errors) expect(e).toMatch(/opt out explicitly with --insecure vpn=privilegedCapabilities$/);
  });

  test('with the opt-out it maps: the container adds them back', () => {
    const { stack } = composeStack(YAML, { insecure: { vpn: { privilegedCapabilities: true } } });
    expect(errorsOf(stack)).toEqual([]);
    const c = byName(synthJson(stack), 'docker_container', 'p-vpn-1');
    expect([...c.capabilities.add].sort()).toEqual(['CAP_CHOWN', 'CAP_NET_ADMIN', 'CAP_SYS_MODULE']);
    const plan = loadCompose({ yaml: YAML, env: {}, insecure: { vpn: { privilegedCapabilities: true } } }).plan!;
    expect(generateStack(plan)).toContain('insecure: { privilegedCapabilities: true }');
  });

  test('swarm services too: refused at cap_add, and with the opt-out the SwarmService gets insecurePrivilegedCapabilities', () => {
    expect(errorsOf(swarmStack({}))).toEqual([expect.stringContaining('cap_add NET_ADMIN'), expect.stringContaining('cap_add sys_module')]);
    expect(errorsOf(swarmStack({ vpn: { privilegedCapabilities: true } }))).toEqual([]);
    const plan = loadCompose({ yaml: YAML, env: {}, swarm: true, insecure: { vpn: { privilegedCapabilities: true } } }).plan!;
    expect(generateStack(plan)).toContain('insecurePrivilegedCapabilities: true');
  });
});
