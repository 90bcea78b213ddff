import { TerraformStack, Testing } from 'cdktf';
import {
  BridgeNetwork,
  ClusterAddressPlan,
  Container,
  DockerHost,
  EndpointMode,
  Exposure,
  OverlayNetwork,
  Port,
  ServicePort,
  Swarm,
  SwarmService,
} from '../constructs';
import { MultiHostStack, OverlayStack } from '../stacks';
import { newStack, resourceNamed, synth, synthErrors } from './util';

function swarmStack() {
  const { stack, host } = newStack();
  const swarm = new Swarm(stack, 'swarm', { manager: host });
  return { stack, host, swarm };
}

describe('OverlayNetwork', () => {
  test('emits an overlay with attachable, encrypted, internal, IPAM and a fixed VXLAN id', () => {
    const { stack, swarm } = swarmStack();
    const net = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24', attachable: true, encrypted: true, internal: true });
    const r = resourceNamed(synth(stack), 'docker_network', 'ov');
    expect(r).toMatchObject({
      driver: 'overlay',
      attachable: true,
      internal: true,
      ipam_config: [{ subnet: '172.16.1.0/24', gateway: '172.16.1.1' }],
      options: { encrypted: 'true', 'com.docker.network.driver.overlay.vxlanid_list': String(net.vxlanId) },
    });
    expect(net.vxlanId).toBeGreaterThanOrEqual(1 << 20);
    expect(r.check_duplicate).toBeUndefined();
  });

  test('standalone containers need an attachable overlay', () => {
    const { stack, swarm } = swarmStack();
    const net = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24' });
    new Container(stack, 'box', { image: 'busybox', networks: [{ network: net }] });
    expect(synthErrors(stack)).toEqual([
      '[test/box] network ov is an overlay that is not attachable; standalone containers can only join attachable overlays: set attachable: true on it',
    ]);
  });

  test('overlay subnets are checked across the swarm, against the swarm pool, and against every node\'s bridges', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const a = new DockerHost(stack, 'a', { alias: 'a' });
    const b = new DockerHost(stack, 'b', { alias: 'b' });
    const swarm = new Swarm(stack, 'swarm', { manager: a, workers: [b] });
    new OverlayNetwork(stack, 'ov1', { swarm, subnet: '172.16.0.0/16' });
    new OverlayNetwork(stack, 'ov2', { swarm, subnet: '172.16.5.0/24' });
    new OverlayNetwork(stack, 'ov3', { swarm, subnet: '10.0.9.0/24' });
    new OverlayNetwork(stack, 'ov4', { swarm, subnet: '10.0.10.0/24', allowSwarmDefaultPool: true });
    new BridgeNetwork(stack, 'on-b', { host: b, subnet: '172.16.200.0/24' });
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\/ov2\] subnet 172.16.5.0\/24 overlaps 172.16.0.0\/16 of network ov1 \(test\/ov1\), across swarm swarm/),
      expect.stringMatching(/^\[test\/ov3\] overlay subnet 10.0.9.0\/24 lies in the swarm's default address pool 10.0.0.0\/8/),
      expect.stringMatching(/^\[test\/on-b\] subnet 172.16.200.0\/24 overlaps 172.16.0.0\/16 of network ov1 \(overlay of swarm swarm\)/),
    ]);
  });

  test('containers on a worker may join an attachable overlay of their swarm', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const a = new DockerHost(stack, 'a', { alias: 'a' });
    const b = new DockerHost(stack, 'b', { alias: 'b' });
    const c = new DockerHost(stack, 'c', { alias: 'c' });
    const swarm = new Swarm(stack, 'swarm', { manager: a, workers: [b] });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24', attachable: true });
    new Container(stack, 'on-b', { host: b, image: 'busybox', networks: [{ network: ov }] });
    new Container(stack, 'on-c', { host: c, image: 'busybox', networks: [{ network: ov }] });
    expect(synthErrors(stack)).toEqual([
      "[test/on-c] overlay ov spans the nodes of its swarm (a, b), but this container runs on c; create the container on one of those hosts, or add c to the swarm's workers",
    ]);
  });

  test('duplicate VXLAN ids in one swarm fail', () => {
    const { stack, swarm } = swarmStack();
    new OverlayNetwork(stack, 'ov1', { swarm, vxlanId: 5000 });
    new OverlayNetwork(stack, 'ov2', { swarm, vxlanId: 5000 });
    expect(synthErrors(stack)).toEqual(['[test/ov2] vxlanId 5000 is also used by test/ov1 in this swarm; set vxlanId on one of them']);
  });
});

describe('SwarmService', () => {
  test('references networks by id, with replicas, endpoint mode and ports; drops capabilities', () => {
    const { stack, swarm } = swarmStack();
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24' });
    new SwarmService(stack, 'api', {
      swarm,
      image: 'busybox:1.36',
      replicas: 3,
      networks: [{ network: ov, aliases: ['backend'] }],
      ports: [ServicePort.ingress(Port.tcp(80), 8080)],
    });
    const r = resourceNamed(synth(stack), 'docker_service', 'api');
    expect(r.mode).toEqual({ replicated: { replicas: 3 } });
    expect(r.task_spec.networks_advanced).toEqual([{ name: expect.stringMatching(/^\$\{docker_network\.ov_network_.*\.id\}$/), aliases: ['backend'] }]);
    expect(r.endpoint_spec).toEqual({ mode: 'vip', ports: [{ target_port: 80, published_port: 8080, protocol: 'tcp', publish_mode: 'ingress' }] });
    expect(r.task_spec.container_spec.cap_drop).toEqual(['ALL']);
  });

  test('rejects dnsrr with ingress ports, host-mode ports on too few nodes, clashes on a host, non-overlay networks', () => {
    const { stack, host, swarm } = swarmStack();
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24', attachable: true });
    const bridge = new BridgeNetwork(stack, 'br');
    new SwarmService(stack, 'rr', { swarm, image: 'x', endpointMode: EndpointMode.DNSRR, networks: [{ network: ov }], ports: [ServicePort.ingress(Port.tcp(80), 8081)] });
    new SwarmService(stack, 'hm', { swarm, image: 'x', replicas: 2, networks: [{ network: ov }], ports: [ServicePort.host(Port.tcp(80), 8082)] });
    new SwarmService(stack, 'hm2', { swarm, image: 'x', networks: [{ network: ov }], ports: [ServicePort.host(Port.tcp(80), 8083)] });
    new Container(stack, 'squatter', { host, image: 'x', networks: [{ network: ov }] }).expose(Port.tcp(80), Exposure.published({ hostPort: 8083 }));
    new SwarmService(stack, 'local', { swarm, image: 'x', networks: [{ network: bridge as any }] }); // the type forbids it; JS callers get the message
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\/rr\] port 8081 is published in ingress mode, which Docker rejects with endpoint mode dnsrr/),
      expect.stringMatching(/^\[test\/hm\] port 8082 is published in host mode by 2 replicas, but the swarm has 1 node\(s\)/),
      expect.stringMatching(/^\[test\/squatter\] host port 127.0.0.1:8083\/tcp on Docker host default is also claimed by test\/hm2/),
      '[test/local] service network br is not an overlay; give services overlays of their swarm',
    ]);
  });
});

describe('ClusterAddressPlan', () => {
  test('gives each host its own /24 of 10.244.0.0/16, stable when a host is added', () => {
    const build = (names: string[]) => {
      const stack = new TerraformStack(Testing.app(), 'test');
      const cluster = new ClusterAddressPlan(stack, 'cluster', { reservations: { 'host:test/b': '10.244.1.0/24', 'host:test/a': '10.244.0.0/24' } });
      return names.map((n) => cluster.hostRange(new DockerHost(stack, n, { alias: n })).toString());
    };
    expect(build(['a', 'b'])).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
    expect(build(['c', 'a', 'b'])).toEqual(['10.244.2.0/24', '10.244.0.0/24', '10.244.1.0/24']);
  });

  test('a host range that does not fit the cluster CIDR fails synth', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new DockerHost(stack, 'a');
    const wide = new ClusterAddressPlan(stack, 'wide', { hostPrefixLength: 15 });
    wide.hostRange(stack);
    new ClusterAddressPlan(stack, 'outside', { reservations: { 'host:x': '10.245.0.0/24' } });
    expect(synthErrors(stack)).toEqual([
      '[test/wide] /15 does not fit in the pool 10.244.0.0/16; use a prefix length between /16 and /32',
      '[test/outside] reservation host:x=10.245.0.0/24 is outside the pool 10.244.0.0/16; remove it or widen the pool',
    ]);
  });
});

describe('overlay and multi-host stacks', () => {
  test('overlay: two standalone containers and a dnsrr service on one attachable encrypted overlay', () => {
    const stack = new OverlayStack(Testing.app(), 'overlay', { image: 'busybox:1.36' });
    const json = Testing.synth(stack, true);
    expect(resourceNamed(json, 'docker_network', 'ov-net')).toMatchObject({ driver: 'overlay', attachable: true, options: { encrypted: 'true' } });
    expect(resourceNamed(json, 'docker_service', 'ov-web').endpoint_spec.mode).toBe('dnsrr');
    expect(json).toMatchSnapshot();
  });

  test('multi-host: each host its own range of the cluster CIDR and provider; one overlay spans them', () => {
    const stack = new MultiHostStack(Testing.app(), 'multi-host', { image: 'busybox:1.36', updateLockFile: false });
    const json = JSON.parse(Testing.synth(stack, true));
    const bridges = Object.values<any>(json.resource.docker_network).filter((n) => n.name === 'mh-pods');
    expect(bridges.map((b) => [b.provider, b.ipam_config[0].subnet])).toEqual([
      ['docker.a', '10.244.0.0/24'],
      ['docker.b', '10.244.1.0/24'],
    ]);
    const members = Object.values<any>(json.resource.docker_container).map((c) => [c.name, c.provider, c.networks_advanced.length]);
    expect(members).toEqual([
      ['mh-a', 'docker.a', 2],
      ['mh-b', 'docker.b', 2],
    ]);
    expect(resourceNamed(JSON.stringify(json), 'docker_network', 'mh-overlay').provider).toBe('docker.a');
    expect(JSON.stringify(json, null, 2)).toMatchSnapshot();
  });
});
