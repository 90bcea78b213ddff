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
