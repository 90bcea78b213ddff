import { Annotations, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { BridgeNetwork, Container, DockerHost, Exposure, OverlayNetwork, Port, Swarm, SwarmService } from '../../constructs';
import { declaredTopology, reachability } from '../../constructs/report';
import { exampleModel } from './examples';

describe('declaredTopology', () => {
  test('tiers: two networks, app on both, tiers and aliases recorded', () => {
    const m = exampleModel('tiers');
    expect(m.hosts).toHaveLength(1);
    const h = m.hosts[0];
    expect(h.networks.map((n) => [n.name, n.subnets[0].subnet, n.internal, n.tiers])).toEqual([
      ['shop-app-data', '10.50.0.0/24', true, ['app', 'data']],
      ['shop-app-edge', '10.50.1.0/24', false, ['app', 'edge']],
    ]);
    const app = h.containers.find((c) => c.name === 'tier-app')!;
    expect(app.tier).toBe('app');
    expect(app.networks.map((a) => [a.network, a.aliases])).toEqual([
      ['shop-app-data', ['api']],
      ['shop-app-edge', ['api']],
    ]);
  });

  test('custom-bridge: static addresses, gateway, ip range, aux address, bridge name, icc off', () => {
    const h = exampleModel('custom-bridge').hosts[0];
    const net = h.networks.find((n) => n.name === 'app-net')!;
    expect(net.subnets).toEqual([
      { subnet: '10.30.0.0/24', gateway: '10.30.0.1', ipRange: '10.30.0.128/25' },
      { subnet: 'fd00:30::/64', gateway: 'fd00:30::1' },
    ]);
    expect(net.linuxBridge).toBe('br-app');
    expect(net.ipv6).toBe(true);
    const quiet = h.networks.find((n) => n.name === 'app-quiet')!;
    expect(quiet.icc).toBe(false);
    expect(quiet.subnets[0].auxAddresses).toEqual({ router: '10.30.1.254' });
    expect(h.containers.find((c) => c.name === 'app-web')!.networks[0]).toEqual({ network: 'app-net', ipv4: '10.30.0.10', ipv6: 'fd00:30::10', aliases: ['www'] });
  });

  test('links: the link alias shows on the target, docker0 appears as a built-in network', () => {
    const h = exampleModel('links').hosts[0];
    expect(h.containers.find((c) => c.name === 'link-db')!.networks[0].aliases).toEqual(['database']);
    expect(h.networks.find((n) => n.name === 'bridge')).toMatchObject({ builtin: true, linuxBridge: 'docker0', subnets: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1' }] });
  });

  test('exposure: published and node ports with their host interface and port', () => {
    const h = exampleModel('exposure').hosts[0];
    const ports = Object.fromEntries(h.containers.map((c) => [c.name, c.ports]));
    expect(ports['expo-published']).toEqual([{ hostIp: '127.0.0.1', hostPort: 18080, port: 80, protocol: 'tcp', kind: 'published' }]);
    expect(ports['expo-nodeport'][0].hostPort).toBeGreaterThanOrEqual(30000);
    expect(ports['expo-internal']).toEqual([]);
  });

  test('multi-host: one host per engine, the overlay spans both, the service on it', () => {
    const m = exampleModel('multi-host');
    expect(m.hosts.map((h) => [h.name, h.endpoint, h.networks.map((n) => `${n.name} ${n.subnets[0].subnet}`)])).toEqual([
      ['a', 'ssh://docker@node-a', ['mh-pods 10.244.0.0/24']],
      ['b', 'ssh://docker@node-b', ['mh-pods 10.244.1.0/24']],
    ]);
    expect(m.overlays).toEqual([expect.objectContaining({ name: 'mh-overlay', scope: 'swarm', hosts: ['a', 'b'], attachable: true })]);
    expect(m.services).toEqual([{ name: 'mh-web', replicas: 2, endpointMode: 'vip', networks: [{ network: 'mh-overlay', aliases: [] }], ports: [] }]);
  });

  test("warnings: the library's warnings channel shows in the report (a VIP service); an acknowledged one with its reason (multi-host's)", () => {
    const stack = new TerraformStack(Testing.app(), 'vip');
    const host = new DockerHost(stack, 'host');
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24' });
    new SwarmService(stack, 'web', { swarm, image: 'busybox:1.36', networks: [{ network: ov }] });
    Testing.synth(stack, true);
    expect(declaredTopology(stack).warnings).toEqual([{ path: 'vip/web', message: expect.stringMatching(/endpoint mode VIP, which needs IPVS.*\[ack: docker-network-cdktf:swarm-vip-mode\]$/) }]);
    expect(exampleModel('multi-host').warnings).toEqual([
      { path: 'multi-host/web', message: expect.stringContaining('endpoint mode VIP, which needs IPVS'), acknowledged: expect.stringMatching(/^VIP is swarm's default/) },
    ]);
    expect(exampleModel('tiers').warnings).toEqual([]);
  });

  test('a name given as a token is shown as its Terraform expression', () => {
    const stack = new TerraformStack(Testing.app(), 'tokens');
    new DockerHost(stack, 'host');
    const name = new TerraformVariable(stack, 'net_name', { type: 'string' });
    const net = new BridgeNetwork(stack, 'net', { name: name.stringValue, subnet: '10.9.0.0/24' });
    new Container(stack, 'web', { image: 'busybox', networks: [{ network: net }] });
    const m = declaredTopology(stack);
    expect(m.hosts[0].networks[0].name).toBe('<${var.net_name}>');
    expect(m.hosts[0].containers[0].networks[0].network).toBe('<${var.net_name}>');
  });

  test('warnings: annotations of level warning are collected with their construct path', () => {
    const stack = new TerraformStack(Testing.app(), 'warned');
    new DockerHost(stack, 'host');
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.9.0.0/24' });
    const c = new Container(stack, 'web', { image: 'busybox', networks: [{ network: net }] }).expose(Port.tcp(80), Exposure.published({ hostPort: 8080 }));
    Annotations.of(c).addWarning('something to look at');
    Annotations.of(c).addInfo('not a warning');
    expect(declaredTopology(stack).warnings).toEqual([{ path: 'warned/web', message: 'something to look at' }]);
  });
});

describe('reachability', () => {
  test('tiers: edge and data share nothing; app reaches both', () => {
    const rows = reachability(exampleModel('tiers'));
    const via = (a: string, b: string) => rows.find((r) => r.from === a && r.to === b)!.via;
    expect(via('tier-edge', 'tier-data')).toEqual([]);
    expect(via('tier-edge', 'tier-app')).toEqual(['shop-app-edge']);
    expect(via('tier-data', 'tier-app')).toEqual(['shop-app-data']);
  });

  test('icc off: sharing the network is not reaching', () => {
    const rows = reachability(exampleModel('custom-bridge'));
    expect(rows.find((r) => r.from === 'app-quiet-1' && r.to === 'app-quiet-2')).toEqual({ from: 'app-quiet-1', to: 'app-quiet-2', via: [], blocked: ['app-quiet'] });
  });

  test('multi-host: containers on different hosts reach each other over the overlay only', () => {
    const rows = reachability(exampleModel('multi-host'));
    expect(rows.find((r) => r.from === 'a/mh-a' && r.to === 'b/mh-b')!.via).toEqual(['mh-overlay']);
    expect(rows.find((r) => r.from === 'a/mh-a' && r.to === 'mh-web')!.via).toEqual(['mh-overlay']);
  });
});
