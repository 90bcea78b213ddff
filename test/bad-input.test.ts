/**
 * Issue 8: the holes an outside test found in synth-time validation, each as a test. Every invalid topology is
 * rejected at synth with its construct path, the bad value and the fix; tokens pass through; risky input warns.
 */
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  BridgeNetwork,
  BuiltinNetwork,
  Container,
  DockerHost,
  EndpointMode,
  Exposure,
  HostInterface,
  OverlayNetwork,
  Port,
  Swarm,
  SwarmService,
  TieredNetwork,
  warningsOf,
} from '../constructs';
import { newStack, resourceNamed, resources, synth, synthErrors } from './util';

const image = 'busybox:1.36';

describe('addresses', () => {
  test('the same literal static IP twice on a network without known subnet (imported, or a token subnet)', () => {
    const { stack } = newStack();
    const ext = BridgeNetwork.fromName(stack, 'ext', 'shared-net');
    const v = new TerraformVariable(stack, 'subnet', { type: 'string' });
    const tok = new BridgeNetwork(stack, 'tok', { subnet: v.stringValue });
    new Container(stack, 'aa', { image, networks: [{ network: ext, ipv4Address: '10.5.0.10' }, { network: tok, ipv4Address: '10.6.0.10' }] });
    new Container(stack, 'bb', { image, networks: [{ network: ext, ipv4Address: '10.5.0.10' }, { network: tok, ipv4Address: '10.6.0.10' }] });
    expect(synthErrors(stack)).toEqual([
      '[test/bb] static IP 10.5.0.10 on network shared-net is also given to test/aa; give each container its own address',
      '[test/bb] static IP 10.6.0.10 on network tok is also given to test/aa; give each container its own address',
    ]);
  });

  test('aux addresses equal to the gateway or to a static IP', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'n', { subnet: '10.7.0.0/24', auxAddresses: { gw: '10.7.0.1' } });
    const net = new BridgeNetwork(stack, 'm', { subnet: '10.8.0.0/24', ipRange: '10.8.0.128/25', auxAddresses: { router: '10.8.0.5' } });
    new Container(stack, 'cc', { image, networks: [{ network: net, ipv4Address: '10.8.0.5' }] });
    expect(synthErrors(stack)).toEqual([
      '[test/n] auxAddresses.gw 10.7.0.1 is the gateway of the network ("Address already in use" at apply); use another address',
      '[test/cc] static IP 10.8.0.5 is the aux address router of network m, which Docker keeps out of use ("Address already in use" at apply); use another address or drop the aux address',
    ]);
  });

  test.each([
    ['10.8.0.0/31', 'subnet'],
    ['10.8.0.0/32', 'subnet'],
  ])('a %s bridge subnet leaves no room for a gateway', (subnet) => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'n', { subnet });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/n\] subnet 10.8.0.0\/3[12] leaves no room .*use \/30 or a shorter prefix$/)]);
  });

  test.each(['fd00:8::/127', 'fd00:8::/128'])('an IPv6 %s subnet too', (ipv6Subnet) => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'n', { subnet: '10.8.0.0/24', ipv6Subnet });
    expect(synthErrors(stack)).toEqual(expect.arrayContaining([expect.stringMatching(/ipv6Subnet fd00:8::\/12[78] leaves no room .*use \/126/)]));
  });
});

describe('links', () => {
  function docker0Pair(environment: boolean) {
    const { stack, host } = newStack();
    const bridge = BuiltinNetwork.bridge(host);
    const opts = { image, networks: [{ network: bridge }], insecure: { defaultBridge: true } };
    const a = new Container(stack, 'aa', opts);
    const b = new Container(stack, 'bb', opts);
    return { stack, a, b, environment };
  }

  test.each([false, true])('a->b and b->a on docker0 (environment %s) is a cycle, spelled out with the fix', (environment) => {
    const { stack, a, b } = docker0Pair(environment);
    a.linkTo(b, { environment });
    b.linkTo(a, { environment });
    expect(synthErrors(stack)).toEqual([
      '[test/aa] links aa -> bb -> aa form a cycle: each container reads the next one\'s address, so Terraform fails with "Error: Cycle"; attach them to one BridgeNetwork, where links become DNS aliases and need no address (or drop one link)',
    ]);
  });

  test('a->b->c->a is one cycle, reported once', () => {
    const { stack, host } = newStack();
    const bridge = BuiltinNetwork.bridge(host);
    const opts = { image, networks: [{ network: bridge }], insecure: { defaultBridge: true } };
    const [a, b, c] = ['aa', 'bb', 'cc'].map((id) => new Container(stack, id, opts));
    a.linkTo(b);
    b.linkTo(c);
    c.linkTo(a);
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/aa\] links aa -> bb -> cc -> aa form a cycle/)]);
  });

  test('a link added after a first validation is seen by the next (cycles are found once per host, then cached)', () => {
    const { stack, a, b } = docker0Pair(false);
    a.linkTo(b);
    expect(synthErrors(stack)).toEqual([]);
    b.linkTo(a);
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/aa\] links aa -> bb -> aa form a cycle/)]);
  });

  test('mutual links on a user-defined network are aliases: no cycle', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'n', { subnet: '10.9.0.0/24' });
    const a = new Container(stack, 'aa', { image, networks: [{ network: net }] });
    const b = new Container(stack, 'bb', { image, networks: [{ network: net }] });
    a.linkTo(b);
    b.linkTo(a);
    expect(synthErrors(stack)).toEqual([]);
  });
});

describe('capabilities, environment, image', () => {
  test('capability names are checked against the Linux list, ALL is explained, for containers and services', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'n');
    new Container(stack, 'typo', { image, networks: [{ network: net }], capabilities: ['NET_RAWW'] });
    new Container(stack, 'all', { image, networks: [{ network: net }], capabilities: ['ALL'] });
    new Container(stack, 'ok', { image, networks: [{ network: net }], capabilities: ['net_raw', 'CAP_NET_BIND_SERVICE', 'bpf'], insecure: { privilegedCapabilities: true } });
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24' });
    new SwarmService(stack, 'svc', { swarm, image, networks: [{ network: ov }], capabilities: ['SYS_ADMN'], endpointMode: EndpointMode.DNSRR });
    expect(synthErrors(stack)).toEqual([
      '[test/typo] capability "NET_RAWW" is not a Linux capability (capabilities(7)); did you mean NET_RAW?',
      expect.stringMatching(/^\[test\/all\] capability "ALL" is not one capability: .*insecure: \{ defaultCapabilities: true \}/),
      '[test/svc] capability "SYS_ADMN" is not a Linux capability (capabilities(7)); did you mean SYS_ADMIN?',
    ]);
  });

  test("environment keys '' and 'A=B', and an empty image, are rejected", () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'n');
    new Container(stack, 'cc', { image: '', networks: [{ network: net }], env: { '': 'x', 'A=B': 'c', GOOD: 'v=w' } });
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24' });
    new SwarmService(stack, 'svc', { swarm, image: ' ', networks: [{ network: ov }], env: { 'X=Y': '1' }, endpointMode: EndpointMode.DNSRR });
    expect(synthErrors(stack)).toEqual([
      '[test/cc] environment variable "" has an empty name; Docker fails at apply: give it a name',
      '[test/cc] environment variable name "A=B" contains "=", so Docker would read it as A=B=c...; write the name without "=" and put the rest in the value'.replace('A=B=c...', 'A=B...'),
      '[test/cc] image is empty; name one, e.g. host.image("busybox:1.36")',
      expect.stringMatching(/^\[test\/svc\] environment variable name "X=Y" contains "="/),
      '[test/svc] image is empty; name one, e.g. host.image("busybox:1.36")',
    ]);
  });
});

describe('tokens pass through untouched', () => {
  test('a TerraformVariable for bridge name, MTU, ports, host port, replicas, capability, host interface, VXLAN id', () => {
    const { stack, host } = newStack();
    const str = (id: string) => new TerraformVariable(stack, id, { type: 'string' }).stringValue;
    const num = (id: string) => new TerraformVariable(stack, id, { type: 'number' }).numberValue;
    const net = new BridgeNetwork(stack, 'n', { bridgeName: str('bridge'), mtu: num('mtu') });
    const c = new Container(stack, 'cc', { image, networks: [{ network: net }], capabilities: [str('cap')] });
    c.expose(Port.tcp(num('port')), Exposure.published({ hostPort: num('hostport'), hostInterface: HostInterface.address(str('iface')) }));
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24', vxlanId: num('vni') });
    new SwarmService(stack, 'svc', { swarm, image, networks: [{ network: ov }], replicas: num('replicas'), capabilities: [str('scap')], endpointMode: EndpointMode.DNSRR });
    expect(synthErrors(stack)).toEqual([]);
    const json = synth(stack);
    const r = resourceNamed(json, 'docker_container', 'cc');
    expect(r.capabilities.add).toEqual(['${var.cap}']);
    expect(r.ports).toEqual([{ internal: '${var.port}', external: '${var.hostport}', ip: '${var.iface}', protocol: 'tcp' }]);
    expect(resourceNamed(json, 'docker_network', 'n').options).toEqual({ 'com.docker.network.bridge.name': '${var.bridge}', 'com.docker.network.driver.mtu': '${var.mtu}' });
  });
});

describe('construction mistakes are synth errors, reported with the rest', () => {
  test('allowFrom across two TieredNetworks, a tier declared twice', () => {
    const { stack } = newStack();
    const one = new TieredNetwork(stack, 'one');
    const two = new TieredNetwork(stack, 'two');
    const a = one.addTier('a');
    const again = one.addTier('a');
    const b = two.addTier('b');
    a.allowFrom(b);
    expect(again).toBe(a);
    expect(synthErrors(stack)).toEqual([
      '[test/one] tier a is declared twice; use one name per tier (the second addTier returned the first tier)',
      '[test/one] a.allowFrom(b) names a tier of another TieredNetwork (test/two); tiers only allow tiers of their own TieredNetwork: declare both in one, or attach the containers to a shared BridgeNetwork',
    ]);
  });

  test('two hosts without alias', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new DockerHost(stack, 'a');
    new DockerHost(stack, 'b');
    expect(() => Testing.synth(stack, true)).toThrow(/several Docker hosts in this stack have no alias \(s\/a, s\/b\); give each host but one an alias/);
  });
});

describe('warnings: legal but risky', () => {
  function risky() {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'n', { subnet: '10.11.0.0/24' });
    const web = new Container(stack, 'web', { image, networks: [{ network: net, ipv4Address: '10.11.0.10' }] });
    web.expose(Port.tcp(80), Exposure.published({ hostPort: 80, hostInterface: HostInterface.allInterfaces() }));
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24' });
    new SwarmService(stack, 'svc', { swarm, image, networks: [{ network: ov }] });
    return stack;
  }

  test('are printed at synth as cdktf warnings, and synth succeeds', () => {
    const stack = risky();
    expect(synthErrors(stack)).toEqual([]);
    expect(warningsOf(stack)).toEqual([
      expect.stringMatching(/^\[test\/web\] port 80\/tcp is published on host port 80, below 1024 \(CIS Docker Benchmark 5.8/),
      expect.stringMatching(/^\[test\/web\] port 80\/tcp is published on every interface of the host \(0.0.0.0\)/),
      expect.stringMatching(/^\[test\/web\] static IP 10.11.0.10 on network n, which has no ipRange/),
      expect.stringMatching(/^\[test\/svc\] service svc uses endpoint mode VIP, which needs IPVS/),
    ]);
  });

  test('strict mode (context docker-network-cdktf:strict, or DNC_STRICT=1) turns them into errors', () => {
    const app = new App({ context: { 'docker-network-cdktf:strict': true } });
    const stack = new TerraformStack(app, 'strict');
    new DockerHost(stack, 'host');
    const net = new BridgeNetwork(stack, 'n', { subnet: '10.11.0.0/24', ipRange: '10.11.0.128/25' });
    new Container(stack, 'web', { image, networks: [{ network: net }] }).expose(Port.tcp(8080), Exposure.published({ hostInterface: HostInterface.allInterfaces() }));
    expect(() => Testing.synth(stack, true)).toThrow(/\[strict\/web\] port 8080\/tcp is published on every interface.*\(a warning, an error in strict mode\)/);
    process.env.DNC_STRICT = '1';
    try {
      expect(synthErrors(risky()).length).toBe(4);
    } finally {
      delete process.env.DNC_STRICT;
    }
  });

  test('containers with static addresses on a network without ipRange are created before the others', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'n', { subnet: '10.12.0.0/24' });
    const ranged = new BridgeNetwork(stack, 'r', { subnet: '10.13.0.0/24', ipRange: '10.13.0.128/25' });
    new Container(stack, 'dynamic', { image, networks: [{ network: net }, { network: ranged }] });
    new Container(stack, 'fixed', { image, networks: [{ network: net, ipv4Address: '10.12.0.10' }] });
    new Container(stack, 'fixed-ranged', { image, networks: [{ network: ranged, ipv4Address: '10.13.0.10' }] });
    const json = synth(stack);
    const fixed = Object.entries(resources(json, 'docker_container')).find(([, r]) => r.name === 'fixed')![0];
    expect(resourceNamed(json, 'docker_container', 'dynamic').depends_on).toEqual([`docker_container.${fixed}`]);
    expect(resourceNamed(json, 'docker_container', 'fixed').depends_on).toBeUndefined();
  });

  test('the ordering never closes a cycle with a link', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'n', { subnet: '10.12.0.0/24' });
    const dyn = new Container(stack, 'dyn', { image, networks: [{ network: net }] });
    const fixed = new Container(stack, 'fixed', { image, networks: [{ network: net, ipv4Address: '10.12.0.10' }] });
    fixed.linkTo(dyn, { environment: true }); // fixed reads dyn's address: dyn must come first
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'dyn').depends_on).toBeUndefined();
  });
});

// Plain JavaScript callers are not stopped by the types: what TypeScript would reject is a synth error too, never
// a TypeError at construction.
describe('inputs of the wrong kind (plain JavaScript)', () => {
  test('no props, a network that is undefined, a number where a subnet belongs: all reported at synth, nothing thrown', () => {
    const { stack } = newStack();
    const js = (x: unknown) => x as any;
    expect(() => {
      new Container(stack, 'noprops', js(undefined));
      new Container(stack, 'nonet', { image: 'busybox', networks: [js({ network: undefined })] });
      new Container(stack, 'nullentry', { image: 'busybox', networks: [js(null)] });
      new BridgeNetwork(stack, 'numsubnet', { subnet: js(12345) });
      new BridgeNetwork(stack, 'numgateway', { subnet: '10.9.0.0/24', gateway: js(10) });
      const c = new Container(stack, 'later', { image: 'busybox' });
      c.attach(js(undefined));
    }).not.toThrow();
    const errors = synthErrors(stack).join('\n');
    expect(errors).toContain('[test/noprops] Container was given no props: pass an object');
    expect(errors).toMatch(/\[test\/nonet\] the network attached .* is undefined, not a network: pass a BridgeNetwork/);
    expect(errors).toContain('[test/nullentry] networks[0] is null, not a network');
    expect(errors).toContain('[test/numsubnet] subnet is the number 12345, not text: write it as a string');
    expect(errors).toContain('[test/numgateway] gateway is the number 10, not text');
    expect(errors).toMatch(/\[test\/later\] the network attached .* is undefined, not a network/);
  });
});

describe('hosts across stacks', () => {
  test('a container given the host of another stack, and a network of another stack: both named with their paths', () => {
    const app = Testing.app();
    const one = new TerraformStack(app, 'one');
    const two = new TerraformStack(app, 'two');
    const hostOne = new DockerHost(one, 'host');
    new DockerHost(two, 'host');
    const n1 = new BridgeNetwork(one, 'n1', { subnet: '10.50.0.0/24' });
    new Container(two, 'web', { image: 'busybox', networks: [{ network: n1 }] });
    new Container(two, 'api', { image: 'busybox', host: hostOne });
    const errors = synthErrors(two).join('\n');
    expect(errors).toContain('[two/web] network n1 lives on Docker host default (one/host), but this container runs on default (two/host)');
    expect(errors).toContain('[two/api] host: one/host belongs to stack one, not to stack two; each stack configures its own provider: create a DockerHost in stack two');
  });
});
