import { BridgeNetwork, BuiltinNetwork, Container } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('secure defaults (CIS Docker Benchmark)', () => {
  test('a plain container: no-new-privileges, all capabilities dropped, nothing privileged or shared', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }] });
    const r = resourceNamed(synth(stack), 'docker_container', 'app');
    expect(r.security_opts).toEqual(['no-new-privileges:true']);
    expect(r.capabilities).toEqual({ drop: ['ALL'] });
    for (const key of ['privileged', 'pid_mode', 'ipc_mode', 'userns_mode', 'volumes', 'mounts', 'ports']) expect(r[key]).toBeUndefined();
  });

  test('capabilities are added back in the form Docker reads back (CAP_ prefix)', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'pinger', { image: 'busybox', networks: [{ network: net }], capabilities: ['NET_RAW', 'cap_net_bind_service'] });
    expect(resourceNamed(synth(stack), 'docker_container', 'pinger').capabilities).toEqual({ drop: ['ALL'], add: ['CAP_NET_RAW', 'CAP_NET_BIND_SERVICE'] });
  });

  test('every opt-out is explicit and shows in the plan', () => {
    const { stack, host } = newStack();
    new Container(stack, 'agent', {
      image: 'busybox',
      networks: [{ network: BuiltinNetwork.host(host) }],
      insecure: { privileged: true, hostNetwork: true, hostPid: true, hostIpc: true, hostUserns: true, allowNewPrivileges: true },
    });
    const r = resourceNamed(synth(stack), 'docker_container', 'agent');
    expect(r).toMatchObject({ privileged: true, network_mode: 'host', pid_mode: 'host', ipc_mode: 'host', userns_mode: 'host' });
    expect(r.security_opts).toBeUndefined();
    expect(r.capabilities).toBeUndefined();
  });

  test('defaultCapabilities keeps Docker\'s set', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'legacy-app', { image: 'busybox', networks: [{ network: net }], insecure: { defaultCapabilities: true } });
    expect(resourceNamed(synth(stack), 'docker_container', 'legacy-app').capabilities).toBeUndefined();
  });

  test('host network and docker0 need an explicit opt-out', () => {
    const { stack, host } = newStack();
    new Container(stack, 'on-host', { image: 'busybox', networks: [{ network: BuiltinNetwork.host(host) }] });
    new Container(stack, 'on-docker0', { image: 'busybox', networks: [{ network: BuiltinNetwork.bridge(host) }] });
    new Container(stack, 'bad-cap', { image: 'busybox', networks: [{ network: BuiltinNetwork.none(host) }], capabilities: ['net raw'] });
    expect(synthErrors(stack)).toEqual([
      '[test/on-host] the container joins the host network, which the secure defaults forbid (CIS Docker Benchmark 5.10); use a user-defined network, or opt out explicitly with insecure: { hostNetwork: true }',
      '[test/on-docker0] the container joins docker0 (the default bridge), which the secure defaults forbid (CIS Docker Benchmark 5.30; a BridgeNetwork gives DNS and isolation); use a user-defined network, or opt out explicitly with insecure: { defaultBridge: true }',
      '[test/bad-cap] capability "net raw" is not a Linux capability (capabilities(7)); did you mean NET_RAW?',
    ]);
  });
});

describe('capabilities as strong as privileged need an opt-out (issue 17)', () => {
  const { PRIVILEGED_CAPABILITIES } = jest.requireActual('../constructs/private/capabilities');
  const { Swarm, OverlayNetwork, SwarmService } = jest.requireActual('../constructs');

  test('the documented list', () => {
    expect(Object.keys(PRIVILEGED_CAPABILITIES).sort()).toEqual(
      ['AUDIT_CONTROL', 'BPF', 'DAC_READ_SEARCH', 'MAC_ADMIN', 'MAC_OVERRIDE', 'NET_ADMIN', 'PERFMON', 'SYSLOG', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_TIME'].sort(),
    );
  });

  test.each(['SYS_ADMIN', 'sys_module', 'CAP_SYS_PTRACE', 'SYS_RAWIO', 'SYS_BOOT', 'DAC_READ_SEARCH', 'NET_ADMIN', 'BPF', 'PERFMON', 'MAC_ADMIN', 'MAC_OVERRIDE', 'SYS_TIME', 'SYSLOG', 'AUDIT_CONTROL'])(
    'a container adding %s fails synth with the opt-out; privilegedCapabilities or privileged allows it',
    (cap) => {
      const { stack } = newStack();
      const net = new BridgeNetwork(stack, 'net');
      new Container(stack, 'bad', { image: 'busybox', networks: [{ network: net }], capabilities: ['NET_BIND_SERVICE', cap] });
      new Container(stack, 'ok', { image: 'busybox', networks: [{ network: net }], capabilities: [cap], insecure: { privilegedCapabilities: true } });
      new Container(stack, 'priv', { image: 'busybox', networks: [{ network: net }], capabilities: [cap], insecure: { privileged: true } });
      expect(synthErrors(stack)).toEqual([
        expect.stringMatching(new RegExp(`^\\[test/bad\\] capability ${cap} is as strong as privileged \\(.*; CIS Docker Benchmark 5\\.4/5\\.5\\); leave it out, or opt out explicitly with insecure: \\{ privilegedCapabilities: true \\}$`)),
      ]);
    },
  );

  test("Docker's default set (DAC_OVERRIDE, CHOWN...) and namespaced ones need no opt-out; defaultCapabilities is not one", () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }], capabilities: ['DAC_OVERRIDE', 'CHOWN', 'NET_RAW', 'SYS_NICE', 'NET_BIND_SERVICE'] });
    new Container(stack, 'legacy', { image: 'busybox', networks: [{ network: net }], capabilities: ['SYS_ADMIN'], insecure: { defaultCapabilities: true } });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/legacy\] capability SYS_ADMIN is as strong as privileged/)]);
  });

  test('swarm services: insecurePrivilegedCapabilities', () => {
    const { stack, host } = newStack();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24' });
    new SwarmService(stack, 'bad', { swarm, image: 'busybox', networks: [{ network: ov }], capabilities: ['NET_ADMIN'] });
    new SwarmService(stack, 'ok', { swarm, image: 'busybox', networks: [{ network: ov }], capabilities: ['NET_ADMIN'], insecurePrivilegedCapabilities: true });
    expect(synthErrors(stack).filter((e) => /capability/.test(e))).toEqual([
      expect.stringMatching(/^\[test\/bad\] capability NET_ADMIN is as strong as privileged \(.*insecurePrivilegedCapabilities: true$/),
    ]);
  });
});

describe('Compose input meets the same construct guards (issue 17)', () => {
  const { composeStack, errorsOf } = jest.requireActual('./compose/helpers');
  const svc = (body: string, extra = '') => `name: p\nservices:\n  web:\n    image: busybox\n${body}${extra}`;

  test('cap_add of a capability as strong as privileged needs the opt-out; granting it works', () => {
    const bad = composeStack(svc('    cap_add: [SYS_ADMIN]\n'));
    expect(errorsOf(bad.stack)).toEqual([expect.stringMatching(/compose\.yml:5:15: services\.web\.cap_add\[0\]: cap_add SYS_ADMIN \(as strong as privileged: .*insecure: \{ "web": \{ privilegedCapabilities: true \} \} in the ComposeProject props$/)]);
    const ok = composeStack(svc('    cap_add: [SYS_ADMIN]\n'), { insecure: { web: { privilegedCapabilities: true } } });
    expect(errorsOf(ok.stack)).toEqual([]);
  });

  test('a Compose volume whose driver_opts bind / is refused', () => {
    const { stack } = composeStack(svc('    volumes: [hostroot:/host]\n', 'volumes:\n  hostroot:\n    driver: local\n    driver_opts: { type: none, o: bind, device: / }\n'));
    expect(errorsOf(stack).join('\n')).toMatch(/volume .*hostroot binds the host path \/ .*the host's whole file system/);
  });
});
