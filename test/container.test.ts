import { TerraformStack, Testing } from 'cdktf';
import { BridgeNetwork, BuiltinNetwork, Container, DockerHost, RestartPolicy } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('Container', () => {
  test('joins user-defined networks with static addresses and aliases; network_mode is explicit', () => {
    const { stack, host } = newStack();
    const front = new BridgeNetwork(stack, 'front', { subnet: '10.10.1.0/24' });
    const back = new BridgeNetwork(stack, 'back', { subnet: '10.10.2.0/24', ipv6Subnet: 'fd00:10:2::/64' });
    const web = new Container(stack, 'web', {
      image: host.image('busybox:1.36'),
      command: ['httpd', '-f'],
      env: { MODE: 'demo' },
      restart: RestartPolicy.UNLESS_STOPPED,
      hostname: 'web',
      networks: [{ network: front, ipv4Address: '10.10.1.10', aliases: ['www', 'web.local'] }],
    });
    web.attach(back, { ipv4Address: '10.10.2.10', ipv6Address: 'fd00:10:2::10' });
    const r = resourceNamed(synth(stack), 'docker_container', 'web');
    expect(r).toMatchObject({
      name: 'web',
      command: ['httpd', '-f'],
      env: ['MODE=demo'],
      restart: 'unless-stopped',
      hostname: 'web',
      network_mode: 'bridge',
      image: expect.stringMatching(/^\$\{docker_image\..*\.image_id\}$/),
    });
    expect(r.networks_advanced).toEqual([
      { name: expect.stringMatching(/^\$\{docker_network\.front_network_.*\.name\}$/), ipv4_address: '10.10.1.10', aliases: ['www', 'web.local'] },
      { name: expect.stringMatching(/^\$\{docker_network\.back_network_.*\.name\}$/), ipv4_address: '10.10.2.10', ipv6_address: 'fd00:10:2::10' },
    ]);
    expect(web.networks).toEqual([front, back]);
  });

  test('docker0 only: network_mode bridge, no networks_advanced', () => {
    const { stack, host } = newStack();
    new Container(stack, 'legacy', { image: 'busybox', networks: [{ network: BuiltinNetwork.bridge(host) }], insecure: { defaultBridge: true } });
    const r = resourceNamed(synth(stack), 'docker_container', 'legacy');
    expect(r.network_mode).toBe('bridge');
    expect(r.networks_advanced).toBeUndefined();
    expect(r.restart).toBe('no');
  });

  test('docker0 plus a user network keeps docker0 in networks_advanced', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net1');
    new Container(stack, 'both', { image: 'busybox', networks: [{ network: BuiltinNetwork.bridge(host) }, { network: net }], insecure: { defaultBridge: true } });
    const r = resourceNamed(synth(stack), 'docker_container', 'both');
    expect(r.networks_advanced.map((n: any) => n.name)).toEqual(['bridge', expect.stringContaining('docker_network.')]);
  });

  test.each([['host'], ['none']])('%s network mode', (mode) => {
    const { stack, host } = newStack();
    const network = mode === 'host' ? BuiltinNetwork.host(host) : BuiltinNetwork.none(host);
    new Container(stack, 'special', { image: 'busybox', networks: [{ network }], insecure: { hostNetwork: true } });
    const r = resourceNamed(synth(stack), 'docker_container', 'special');
    expect(r.network_mode).toBe(mode);
    expect(r.networks_advanced).toBeUndefined();
  });

  test('runs on its own host in a multi-host stack', () => {
    const stack = new TerraformStack(Testing.app(), 'multi');
    new DockerHost(stack, 'main');
    const edge = new DockerHost(stack, 'edge', { alias: 'edge' });
    const net = new BridgeNetwork(stack, 'edge-net', { host: edge });
    new Container(stack, 'proxy', { host: edge, image: 'busybox', networks: [{ network: net }] });
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'proxy').provider).toBe('docker.edge');
    expect(resourceNamed(json, 'docker_network', 'edge-net').provider).toBe('docker.edge');
  });

  describe('rejects bad attachments at synth with path, value and fix', () => {
    function setup() {
      const { stack, host } = newStack();
      const net = new BridgeNetwork(stack, 'net', { subnet: '10.30.0.0/24', gateway: '10.30.0.1', ipRange: '10.30.0.0/25' });
      return { stack, host, net };
    }

    test.each([
      ['10.31.0.5', /\[test\/box\] ipv4Address 10.31.0.5 is outside the subnet 10.30.0.0\/24; use an address inside it, e.g. 10.30.0.2/],
      ['10.30.0.100', /\[test\/box\] static IP 10.30.0.100 is inside the ipRange 10.30.0.0\/25 of network net, which Docker hands out .* \("Address already in use" at apply\); use an address of the subnet outside ipRange, e.g. 10.30.0.128/],
      ['10.30.0.1', /\[test\/box\] static IP 10.30.0.1 is the gateway of network net; use another host address/],
      ['10.30.0.0', /\[test\/box\] ipv4Address 10.30.0.0 is the network or broadcast address of 10.30.0.0\/24/],
      ['10.30.0', /\[test\/box\] ipv4Address "10.30.0" is not an IP address; write it like 10.20.0.5/],
      ['fd00::5', /ipv4Address fd00::5 is not an IPv4 address/],
    ])('static IP %s', (ip, message) => {
      const { stack, net } = setup();
      new Container(stack, 'box', { image: 'busybox', networks: [{ network: net, ipv4Address: ip }] });
      expect(synthErrors(stack)).toEqual([expect.stringMatching(message)]);
    });

    test('an address taken twice is reported on the second container, naming the first', () => {
      const { stack, net } = setup();
      new Container(stack, 'one', { image: 'busybox', networks: [{ network: net, ipv4Address: '10.30.0.209' }] });
      new Container(stack, 'two', { image: 'busybox', networks: [{ network: net, ipv4Address: '10.30.0.209' }] });
      expect(synthErrors(stack)).toEqual(['[test/two] static IP 10.30.0.209 on network net is also given to test/one; give each container its own address']);
    });

    test('a static IP needs a declared subnet', () => {
      const { stack } = newStack();
      const net = new BridgeNetwork(stack, 'dhcp');
      new Container(stack, 'box', { image: 'busybox', networks: [{ network: net, ipv4Address: '10.0.0.5' }] });
      expect(synthErrors(stack)).toEqual([expect.stringMatching(/static IP 10.0.0.5 needs a subnet declared on network dhcp.*set subnet on the network/)]);
    });

    test.each([['host'], ['none'], ['bridge']])('aliases and static IPs on %s', (kind) => {
      const { stack, host } = newStack();
      const network = kind === 'host' ? BuiltinNetwork.host(host) : kind === 'none' ? BuiltinNetwork.none(host) : BuiltinNetwork.bridge(host);
      new Container(stack, 'box', { image: 'busybox', networks: [{ network, aliases: ['db'], ipv4Address: '172.17.0.9' }], insecure: { hostNetwork: true, defaultBridge: true } });
      expect(synthErrors(stack)).toEqual([
        expect.stringMatching(new RegExp(`^\\[test/box\\] aliases db cannot be used on the ${kind} network; `)),
        expect.stringMatching(new RegExp(`^\\[test/box\\] static IP 172.17.0.9 cannot be used on the ${kind} network; `)),
      ]);
    });

    test('host mode mixed with other networks, a network twice, no network at all, a foreign host', () => {
      const stack = new TerraformStack(Testing.app(), 'test');
      const main = new DockerHost(stack, 'main');
      const other = new DockerHost(stack, 'other', { alias: 'other' });
      const net = new BridgeNetwork(stack, 'net', { host: main });
      const far = new BridgeNetwork(stack, 'far', { host: other });
      new Container(stack, 'mixed', { host: main, image: 'busybox', networks: [{ network: BuiltinNetwork.host(main) }, { network: net }], insecure: { hostNetwork: true } });
      new Container(stack, 'twice', { host: main, image: 'busybox', networks: [{ network: net }, { network: net }] });
      new Container(stack, 'lonely', { host: main, image: 'busybox' });
      new Container(stack, 'abroad', { host: main, image: 'busybox', networks: [{ network: far }] });
      expect(synthErrors(stack)).toEqual([
        '[test/mixed] a container on the host network cannot join other networks; attach it to host alone or drop host',
        '[test/twice] the container is attached twice to network net; attach it once and list all aliases there',
        expect.stringMatching(/^\[test\/lonely\] the container is attached to no network; attach it to a user-defined network, or say so explicitly with BuiltinNetwork.bridge/),
        '[test/abroad] network far lives on Docker host other (test/other), but this container runs on default (test/main); containers can only join networks of their own host: create the container with host: test/other, or use a network of host default (test/main) (an OverlayNetwork spans hosts)',
      ]);
    });

    test('invalid and duplicate container names, invalid aliases', () => {
      const { stack, net } = setup();
      new Container(stack, 'c1', { name: 'x', image: 'busybox', networks: [{ network: net }] });
      new Container(stack, 'c2', { name: 'web', image: 'busybox', networks: [{ network: net, aliases: ['bad alias'] }] });
      new Container(stack, 'c3', { name: 'web', image: 'busybox', networks: [{ network: net }] });
      expect(synthErrors(stack)).toEqual([
        expect.stringMatching(/^\[test\/c1\] container name "x" is invalid/),
        expect.stringMatching(/^\[test\/c2\] alias name "bad alias" is invalid/),
        '[test/c3] container name "web" is used twice on Docker host default (also by test/c2); give one of them another name',
      ]);
    });
  });
});
