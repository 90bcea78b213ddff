import { BridgeNetwork, BuiltinNetwork, Container, Exposure, HostInterface, Port } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

function setup() {
  const { stack, host } = newStack();
  const net = new BridgeNetwork(stack, 'net');
  const make = (name: string) => new Container(stack, name, { image: 'busybox', networks: [{ network: net }] });
  return { stack, host, net, make };
}

describe('Container.expose', () => {
  test('published ports bind to 127.0.0.1 unless told otherwise', () => {
    const { stack, make } = setup();
    make('web')
      .expose(Port.tcp(80), Exposure.published({ hostPort: 8080 }))
      .expose(Port.udp(53), Exposure.published())
      .expose(Port.tcp(443), Exposure.published({ hostPort: 8443, hostInterface: HostInterface.allInterfaces() }))
      .expose(Port.tcp(9000)); // cluster-internal: not published
    expect(resourceNamed(synth(stack), 'docker_container', 'web').ports).toEqual([
      { internal: 80, external: 8080, ip: '127.0.0.1', protocol: 'tcp' },
      { internal: 53, ip: '127.0.0.1', protocol: 'udp' },
      { internal: 443, external: 8443, ip: '0.0.0.0', protocol: 'tcp' },
    ]);
  });

  test('cluster-internal publishes nothing', () => {
    const { stack, make } = setup();
    const api = make('api').expose(Port.tcp(8080), Exposure.clusterInternal());
    expect(resourceNamed(synth(stack), 'docker_container', 'api').ports).toBeUndefined();
    expect(api.exposedPorts.map((e) => e.exposure.kind)).toEqual(['cluster-internal']);
  });

  test('node ports: fixed, or allocated in 30000-32767 from the name, whatever the declaration order', () => {
    const ports = (order: string[]) => {
      const { stack, make } = setup();
      for (const name of order) make(name).expose(Port.tcp(80), Exposure.nodePort());
      make('pinned').expose(Port.tcp(80), Exposure.nodePort({ hostPort: 30080 }));
      const json = synth(stack);
      return Object.fromEntries([...order, 'pinned'].map((n) => [n, resourceNamed(json, 'docker_container', n).ports[0].external]));
    };
    const a = ports(['alpha', 'beta', 'gamma']);
    const b = ports(['gamma', 'alpha', 'beta']);
    expect(a).toEqual(b);
    expect(a.pinned).toBe(30080);
    for (const p of Object.values(a)) expect(p).toBeGreaterThanOrEqual(30000);
    for (const p of Object.values(a)) expect(p).toBeLessThanOrEqual(32767);
    expect(new Set(Object.values(a)).size).toBe(4);
  });

  test('rejects clashing host ports, node ports outside the range, bad ports and ports on host/none', () => {
    const { stack, host, make } = setup();
    make('one').expose(Port.tcp(80), Exposure.published({ hostPort: 8080 }));
    make('two').expose(Port.tcp(81), Exposure.published({ hostPort: 8080 }));
    make('three').expose(Port.udp(81), Exposure.published({ hostPort: 8080 })); // udp: no clash
    make('four').expose(Port.tcp(82), Exposure.published({ hostPort: 8080, hostInterface: HostInterface.allInterfaces() }));
    make('five').expose(Port.tcp(83), Exposure.published({ hostPort: 8081, hostInterface: HostInterface.address('192.0.2.7') }));
    make('six').expose(Port.tcp(84), Exposure.published({ hostPort: 8081, hostInterface: HostInterface.address('192.0.2.8') })); // other IP: fine
    make('seven').expose(Port.tcp(80), Exposure.nodePort({ hostPort: 8000 }));
    make('eight').expose(Port.tcp(70000));
    new Container(stack, 'hostnet', { image: 'busybox', networks: [{ network: BuiltinNetwork.host(host) }], insecure: { hostNetwork: true } }).expose(
      Port.tcp(80),
      Exposure.published({ hostPort: 9090 }),
    );
    new Container(stack, 'isolated', { image: 'busybox', networks: [{ network: BuiltinNetwork.none(host) }] }).expose(Port.tcp(80));
    expect(synthErrors(stack)).toEqual([
      '[test/two] host port 127.0.0.1:8080/tcp on Docker host default is also claimed by test/one; Docker would fail at start with "port is already allocated": pick another host port',
      '[test/four] host port 0.0.0.0:8080/tcp on Docker host default is also claimed by test/one; Docker would fail at start with "port is already allocated": pick another host port',
      '[test/seven] node port 8000 is outside 30000-32767; pick a port in that range, or leave hostPort out to have one allocated',
      '[test/eight] port 70000/tcp is out of range; use an integer between 1 and 65535',
      expect.stringMatching(/^\[test\/hostnet\] port 80\/tcp is published but the container is on the host network, where Docker ignores published ports/),
      expect.stringMatching(/^\[test\/isolated\] port 80\/tcp is cluster-internal but the container is on no user-defined network/),
    ]);
  });
});

describe('every interface, however written (issue 17)', () => {
  const { Swarm, OverlayNetwork, SwarmService, ServicePort, warningsOf } = jest.requireActual('../constructs');

  test.each(['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0', '0000::', '::0.0.0.0', '0::0'])('%s is every interface', (ip) => {
    expect(HostInterface.address(ip).everyInterface).toBe(true);
  });

  test.each(['127.0.0.1', '::1', '10.0.0.1', '::ffff:127.0.0.1', 'fd00::1'])('%s is one interface', (ip) => {
    expect(HostInterface.address(ip).everyInterface).toBe(false);
  });

  test.each(['::0', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0', '0000::'])('%s warns like 0.0.0.0, and is an error in strict mode', (ip) => {
    const { stack, make } = setup();
    make('web').expose(Port.tcp(80), Exposure.published({ hostPort: 8080, hostInterface: HostInterface.address(ip) }));
    synth(stack);
    expect(warningsOf(stack)).toEqual([expect.stringMatching(new RegExp(`^\\[test/web\\] port 80/tcp is published on every interface of the host \\(${ip.replace(/\./g, '\\.')}\\)`))]);
    const strict = setup();
    strict.make('web').expose(Port.tcp(80), Exposure.published({ hostPort: 8080, hostInterface: HostInterface.address(ip) }));
    process.env.DNC_STRICT = '1';
    try {
      expect(synthErrors(strict.stack)).toEqual([expect.stringMatching(/published on every interface.*\(a warning, an error in strict mode\)/)]);
    } finally {
      delete process.env.DNC_STRICT;
    }
  });

  test('the port-conflict check sees every spelling; the unspecified address overlaps every address', () => {
    const { stack, make } = setup();
    make('a').expose(Port.tcp(80), Exposure.published({ hostPort: 8080, hostInterface: HostInterface.address('127.0.0.1') }));
    make('b').expose(Port.tcp(80), Exposure.published({ hostPort: 8080, hostInterface: HostInterface.address('::ffff:0.0.0.0') }));
    make('c').expose(Port.tcp(80), Exposure.published({ hostPort: 8081, hostInterface: HostInterface.address('::1') }));
    make('d').expose(Port.tcp(80), Exposure.published({ hostPort: 8081, hostInterface: HostInterface.address('0:0:0:0:0:0:0:0') }));
    make('e').expose(Port.tcp(80), Exposure.published({ hostPort: 8082, hostInterface: HostInterface.address('::ffff:10.0.0.1') }));
    make('f').expose(Port.tcp(80), Exposure.published({ hostPort: 8082, hostInterface: HostInterface.address('10.0.0.1') }));
    make('g').expose(Port.tcp(80), Exposure.published({ hostPort: 8083, hostInterface: HostInterface.address('::') }));
    make('h').expose(Port.tcp(80), Exposure.published({ hostPort: 8083, hostInterface: HostInterface.address('127.0.0.1') }));
    make('i').expose(Port.tcp(80), Exposure.published({ hostPort: 8084, hostInterface: HostInterface.address('::1') }));
    make('j').expose(Port.tcp(80), Exposure.published({ hostPort: 8084, hostInterface: HostInterface.address('127.0.0.1') }));
    expect(synthErrors(stack).filter((e) => /also claimed/.test(e))).toEqual([
      expect.stringMatching(/^\[test\/b\] host port ::ffff:0\.0\.0\.0:8080\/tcp .* also claimed by test\/a/),
      expect.stringMatching(/^\[test\/d\] host port 0:0:0:0:0:0:0:0:8081\/tcp .* also claimed by test\/c/),
      expect.stringMatching(/^\[test\/f\] host port 10\.0\.0\.1:8082\/tcp .* also claimed by test\/e/),
      expect.stringMatching(/^\[test\/h\] host port 127\.0\.0\.1:8083\/tcp .* also claimed by test\/g/),
    ]);
  });

  test('an invalid bind address is a synth error', () => {
    const { stack, make } = setup();
    make('web').expose(Port.tcp(80), Exposure.published({ hostInterface: HostInterface.address('0.0.0.0.0') })).expose(Port.tcp(81), Exposure.published({ hostInterface: HostInterface.address('::%eth0') }));
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\/web\] hostInterface "0\.0\.0\.0\.0" is not an IP address/),
      expect.stringMatching(/^\[test\/web\] hostInterface "::%eth0" is not an IP address/),
    ]);
  });

  test("swarm services' published ports warn: ingress on every interface of every node, host mode on the task's nodes", () => {
    const { stack, host } = newStack();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24' });
    new SwarmService(stack, 'web', { swarm, image: 'busybox', networks: [{ network: ov }], ports: [ServicePort.ingress(Port.tcp(80), 8080), ServicePort.host(Port.udp(53), 5353)] });
    synth(stack);
    const w = warningsOf(stack).filter((x: string) => /every interface/.test(x));
    expect(w).toEqual([
      expect.stringMatching(/^\[test\/web\] service port 80\/tcp is published on 8080\/tcp on every interface of every node of the swarm .*CIS Docker Benchmark 5\.14/),
      expect.stringMatching(/^\[test\/web\] service port 53\/udp is published on 5353\/udp on every interface of each node running a task/),
    ]);
  });
});

describe('the topology report compares host addresses as the engine binds them (issue 17)', () => {
  const { declaredTopology, diffTopology } = jest.requireActual('../constructs/report');

  test('::0 declared and :: on the engine are the same port; 10.0.0.1 is not', () => {
    const { stack, make } = setup();
    make('web').expose(Port.tcp(80), Exposure.published({ hostPort: 8080, hostInterface: HostInterface.address('::0') }));
    const declared = declaredTopology(stack);
    const live = JSON.parse(JSON.stringify(declared));
    live.hosts[0].containers[0].ports[0].hostIp = '::';
    expect(diffTopology(declared, live)).toEqual([]);
    live.hosts[0].containers[0].ports[0].hostIp = '10.0.0.1';
    expect(diffTopology(declared, live).map((d: { kind: string }) => d.kind)).toEqual(['missing', 'extra']);
  });
});
