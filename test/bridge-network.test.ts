import { AddressPlan, BridgeNetwork, BuiltinNetwork, Container } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('BridgeNetwork', () => {
  test('emits a bridge with named Linux bridge, IPAM, options and labels', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'backend', {
      bridgeName: 'br-backend',
      subnet: '10.30.0.0/24',
      ipRange: '10.30.0.128/25',
      auxAddresses: { router: '10.30.0.2' },
      interContainerCommunication: false,
      ipMasquerade: false,
      mtu: 1400,
      internal: true,
      labels: { team: 'core' },
    });
    expect(resourceNamed(synth(stack), 'docker_network', 'backend')).toEqual({
      name: 'backend',
      driver: 'bridge',
      internal: true,
      provider: 'docker',
      ipam_config: [{ subnet: '10.30.0.0/24', gateway: '10.30.0.1', ip_range: '10.30.0.128/25', aux_address: { router: '10.30.0.2' } }],
      options: {
        'com.docker.network.bridge.name': 'br-backend',
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.enable_ip_masquerade': 'false',
        'com.docker.network.driver.mtu': '1400',
      },
      labels: [
        { label: 'team', value: 'core' },
        { label: 'docker-network-cdktf/stack', value: 'test' },
        { label: 'docker-network-cdktf/path', value: 'backend' },
        { label: 'docker-network-cdktf/deployment', value: '${terraform_data.docker-network-cdktf-deployment.id}' },
      ],
    });
  });

  test('ownership labels can be turned off per host (keeps 0.1.x deployments unchanged)', () => {
    const { stack } = newStack({ ownershipLabels: false });
    new BridgeNetwork(stack, 'plain', { name: 'plain-net' });
    expect(resourceNamed(synth(stack), 'docker_network', 'plain-net')).toEqual({ name: 'plain-net', driver: 'bridge', provider: 'docker' });
  });

  test('never emits check_duplicate (removed in provider 4.x)', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'n1');
    expect(synth(stack)).not.toContain('check_duplicate');
  });

  test('a network without subnet leaves IPAM to Docker', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'plain', { name: 'plain-net' });
    expect(resourceNamed(synth(stack), 'docker_network', 'plain-net')).toEqual({
      name: 'plain-net',
      driver: 'bridge',
      provider: 'docker',
      labels: [
        { label: 'docker-network-cdktf/stack', value: 'test' },
        { label: 'docker-network-cdktf/path', value: 'plain' },
        { label: 'docker-network-cdktf/deployment', value: '${terraform_data.docker-network-cdktf-deployment.id}' },
      ],
    });
  });

  test('dual stack adds an IPv6 block and enables ipv6', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'dual', { subnet: '10.31.0.0/24', ipv6Subnet: 'fd00:31::/64' });
    const r = resourceNamed(synth(stack), 'docker_network', 'dual');
    expect(r.ipv6).toBe(true);
    expect(r.ipam_config).toEqual([
      { subnet: '10.31.0.0/24', gateway: '10.31.0.1' },
      { subnet: 'fd00:31::/64', gateway: 'fd00:31::1' },
    ]);
    expect(net.subnets.map((s) => s.cidr.toString())).toEqual(['10.31.0.0/24', 'fd00:31::/64']);
  });

  test('takes its subnet from an address plan', () => {
    const { stack } = newStack();
    const plan = new AddressPlan(stack, 'plan', { pool: '10.50.0.0/16' });
    new BridgeNetwork(stack, 'net-a', { subnet: plan.allocate('a') });
    new BridgeNetwork(stack, 'net-b', { subnet: plan.allocate('b', 20) });
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_network', 'net-a').ipam_config[0].subnet).toBe('10.50.0.0/24');
    expect(resourceNamed(json, 'docker_network', 'net-b').ipam_config[0].subnet).toBe('10.50.16.0/20');
  });

  test('imported networks work wherever a created one does', () => {
    const { stack } = newStack();
    const shared = BridgeNetwork.fromName(stack, 'shared', 'shared-net', { subnet: '10.60.0.0/24' });
    new Container(stack, 'c1', { image: 'busybox', networks: [{ network: shared, ipv4Address: '10.60.0.9' }] });
    const c = resourceNamed(synth(stack), 'docker_container', 'c1');
    expect(c.networks_advanced).toEqual([{ name: 'shared-net', ipv4_address: '10.60.0.9' }]);
    expect(JSON.parse(synth(stack)).resource.docker_network).toBeUndefined();
  });

  test('built-in networks carry docker0 facts', () => {
    const { host } = newStack();
    const bridge = BuiltinNetwork.bridge(host);
    expect(bridge.networkName).toBe('bridge');
    expect(bridge.linuxBridgeName).toBe('docker0');
    expect(bridge.subnets[0].cidr.toString()).toBe('172.17.0.0/16');
    expect(bridge.subnets[0].gateway?.text).toBe('172.17.0.1');
    expect(bridge.dns).toBe(false);
    expect(BuiltinNetwork.bridge(host)).toBe(bridge);
    expect(BuiltinNetwork.host(host).kind).toBe('host');
    expect(BuiltinNetwork.none(host).internal).toBe(true);
  });

  describe('rejects bad input at synth with path, value and fix', () => {
    test.each([
      [{ subnet: '10.0.0.1/24' }, /\[test\/net\] subnet: 10.0.0.1\/24 has host bits set; did you mean 10.0.0.0\/24\?/],
      [{ subnet: '10.0.0/24' }, /\[test\/net\] subnet: "10.0.0\/24" is not a CIDR block; write it as address\/prefix/],
      [{ subnet: 'fd00::/64' }, /subnet fd00::\/64 is not an IPv4 address/],
      [{ subnet: '10.0.0.0/24', gateway: '10.0.1.1' }, /gateway 10.0.1.1 is outside the subnet 10.0.0.0\/24; use an address inside it, e.g. 10.0.0.1/],
      [{ subnet: '10.0.0.0/24', gateway: '10.0.0.0' }, /gateway 10.0.0.0 is the network or broadcast address of 10.0.0.0\/24/],
      [{ subnet: '10.0.0.0/24', gateway: '10.0.0.255' }, /gateway 10.0.0.255 is the network or broadcast address/],
      [{ subnet: '10.0.0.0/24', ipRange: '10.0.1.0/25' }, /ipRange 10.0.1.0\/25 is outside the subnet 10.0.0.0\/24; choose a range inside it/],
      [{ subnet: '10.0.0.0/24', auxAddresses: { r: '10.9.0.1' } }, /auxAddresses.r 10.9.0.1 is outside the subnet/],
      [{ gateway: '10.0.0.1' }, /gateway\/ipRange need subnet; set subnet too/],
      [{ name: 'my net' }, /network name "my net" is invalid: Docker takes any non-empty network name without whitespace, control characters, slashes or colons; rename it/],
      [{ name: '' }, /network name "" is invalid/],
      [{ name: 'bridge' }, /network name "bridge" is one of Docker's predefined networks .*"operation is not permitted on predefined bridge network"\); use BuiltinNetwork.bridge\(host\)/],
      [{ name: 'host' }, /network name "host" is one of Docker's predefined networks/],
      [{ name: 'none' }, /network name "none" is one of Docker's predefined networks/],
      [{ bridgeName: 'docker0' }, /bridge name "docker0" belongs to the engine's default bridge .*pick another name, e.g. br-docker0/],
      [{ bridgeName: 'docker_gwbridge' }, /bridge name "docker_gwbridge" belongs to Docker's swarm gateway bridge/],
      [{ bridgeName: 'bridge' }, /bridge name "bridge" belongs to/],
      [{ bridgeName: 'br/x' }, /bridge name "br\/x" is invalid: Linux takes interface names of 1 to 15 bytes/],
      [{ bridgeName: 'br-this-is-too-long' }, /bridge name "br-this-is-too-long" is 19 characters; Linux interface names take at most 15/],
      [{ mtu: 10 }, /MTU 10 is out of range/],
      [{ subnet: '10.0.0.0/24', ipv6Subnet: 'fd00::1/64' }, /ipv6Subnet: fd00::1\/64 has host bits set; did you mean fd00::\/64\?/],
      [{ subnet: '172.17.5.0/24' }, /subnet 172.17.5.0\/24 overlaps 172.17.0.0\/16 of docker0 \(the default bridge\) on host default/],
    ])('%j', (props, message) => {
      const { stack } = newStack();
      new BridgeNetwork(stack, 'net', props as any);
      expect(synthErrors(stack)).toEqual([expect.stringMatching(message)]);
    });
  });

  test('Docker 20.10 accepts one-letter and non-ASCII network names, and so does the check', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'a');
    new BridgeNetwork(stack, 'r', { name: 'réseau' });
    new BridgeNetwork(stack, 'dash', { name: '-net' });
    expect(synthErrors(stack)).toEqual([]);
  });

  test('two networks with one bridge name on a host fail like Docker would, naming the first', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'a1', { bridgeName: 'br-app' });
    new BridgeNetwork(stack, 'a2', { bridgeName: 'br-app' });
    expect(synthErrors(stack)).toEqual([
      '[test/a2] bridge name "br-app" is also used by test/a1 on Docker host default; Docker fails at apply with "networks have same bridge name": give each network its own bridge name',
    ]);
  });

  test("a host whose default bridge has another name reserves that name", () => {
    const { stack } = newStack({ defaultBridge: { bridgeName: 'dnc0', subnet: '10.99.0.0/24', gateway: '10.99.0.1' } });
    new BridgeNetwork(stack, 'n', { bridgeName: 'dnc0' });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/n\] bridge name "dnc0" belongs to the engine's default bridge/)]);
  });

  test('imported networks join the name and overlap checks; predefined ones are not imported by name', () => {
    const { stack } = newStack();
    BridgeNetwork.fromName(stack, 'ext', 'shared', { subnet: '10.60.0.0/16' });
    new BridgeNetwork(stack, 'mine', { name: 'shared', subnet: '10.60.1.0/24' });
    BridgeNetwork.fromName(stack, 'b', 'bridge');
    expect(synthErrors(stack)).toEqual([
      '[test/mine] network name "shared" is used twice on Docker host default (also by test/ext); give one of them another name',
      expect.stringMatching(/^\[test\/mine\] subnet 10.60.1.0\/24 overlaps 10.60.0.0\/16 of imported network shared \(test\/ext\)/),
      expect.stringMatching(/^\[test\/b\] network "bridge" is one of Docker's predefined networks.*use BuiltinNetwork.bridge\(host\)/),
    ]);
  });

  test('overlapping subnets and duplicate names on one host are reported on the later network, naming the first', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'first', { name: 'same', subnet: '10.1.0.0/16' });
    new BridgeNetwork(stack, 'second', { name: 'same', subnet: '10.1.2.0/24' });
    expect(synthErrors(stack)).toEqual([
      '[test/second] network name "same" is used twice on Docker host default (also by test/first); give one of them another name',
      expect.stringMatching(/^\[test\/second\] subnet 10.1.2.0\/24 overlaps 10.1.0.0\/16 of network same \(test\/first\); Docker fails at apply with "Pool overlaps/),
    ]);
  });

  test('checks against Docker default pools only when asked', () => {
    const plain = newStack();
    new BridgeNetwork(plain.stack, 'net', { subnet: '192.168.50.0/24' });
    expect(synthErrors(plain.stack)).toEqual([]);
    const strict = newStack({ avoidDefaultPools: true });
    new BridgeNetwork(strict.stack, 'net', { subnet: '192.168.50.0/24' });
    expect(synthErrors(strict.stack)).toEqual([expect.stringMatching(/overlaps 192.168.0.0\/16 of Docker's default address pool/)]);
  });

  test('respects a docker0 moved with bip', () => {
    const { stack } = newStack({ defaultBridge: { subnet: '10.99.0.0/24', gateway: '10.99.0.1' } });
    new BridgeNetwork(stack, 'ok', { subnet: '172.17.0.0/24' });
    new BridgeNetwork(stack, 'clash', { subnet: '10.99.0.0/25' });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/clash\] subnet 10.99.0.0\/25 overlaps 10.99.0.0\/24 of docker0/)]);
  });
});
