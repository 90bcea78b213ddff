import * as fs from 'fs';
import * as os from 'os';
import { TerraformStack, Testing } from 'cdktf';
import { DockerHost, HostEndpoint, TlsMaterial } from '../../constructs';
import { diffTopology, EngineSnapshot, liveTopology, renderText, TopologyModel } from '../../constructs/report';
import { compareWithEngines, dockerCli, engineEnvironment, readEngine, releaseEngineEnvironment } from '../../cli/engine';
import { exampleModel, exampleStack } from './examples';

/** What `docker ... inspect` (Docker 20.10) shows for a deployed model's host. */
function snapshotOf(model: TopologyModel, hostName: string): EngineSnapshot {
  const h = model.hosts.find((x) => x.name === hostName)!;
  let n = 0;
  const id = () => `${(++n).toString(16).padStart(12, '0')}${'f'.repeat(52)}`;
  const networks = [...h.networks, ...model.overlays].map((net) => ({
    Name: net.name,
    Id: id(),
    Driver: net.driver,
    Scope: net.scope,
    Internal: net.internal,
    Attachable: net.scope === 'swarm' ? net.attachable : false,
    EnableIPv6: net.ipv6,
    IPAM: { Config: net.subnets.map((s) => ({ Subnet: s.subnet, Gateway: s.gateway, ...(s.ipRange ? { IPRange: s.ipRange } : {}) })) },
    Options: { ...(net.linuxBridge ? { 'com.docker.network.bridge.name': net.linuxBridge } : {}), ...(net.icc ? {} : { 'com.docker.network.bridge.enable_icc': 'false' }) },
  }));
  let host = 10;
  const containers = h.containers.map((c) => {
    const cid = id();
    return {
      Name: `/${c.name}`,
      Id: cid,
      NetworkSettings: {
        Networks: Object.fromEntries(
          c.networks.map((a) => [a.network, { IPAddress: a.ipv4 ?? `192.0.2.${host++}`, GlobalIPv6Address: a.ipv6 ?? '', Aliases: a.network === 'bridge' ? null : [cid.slice(0, 12), ...a.aliases] }]),
        ),
      },
      HostConfig: {
        PortBindings: Object.fromEntries(c.ports.map((p) => [`${p.port}/${p.protocol}`, [{ HostIp: p.hostIp, HostPort: String(p.hostPort ?? '') }]])),
      },
    };
  });
  const services = model.services.map((s) => ({
    Spec: {
      Name: s.name,
      Mode: s.global ? { Global: {} } : { Replicated: { Replicas: s.replicas } },
      EndpointSpec: { Mode: s.endpointMode },
      TaskTemplate: { Networks: s.networks.map((a) => ({ Target: networks.find((x) => x.Name === a.network)!.Id, Aliases: a.aliases })) },
    },
  }));
  return { networks, containers, services };
}

describe('liveTopology and diffTopology', () => {
  test.each(['default-bridge', 'custom-bridge', 'links', 'tiers', 'exposure', 'address-plan', 'overlay'])('%s: an engine holding what is declared shows no difference', (name) => {
    const declared = exampleModel(name);
    const live = liveTopology(declared, { default: snapshotOf(declared, 'default') });
    expect(live.source).toBe('live');
    expect(diffTopology(declared, live)).toEqual([]);
  });

  test('multi-host: one snapshot per host, the overlay seen from both', () => {
    const declared = exampleModel('multi-host');
    const live = liveTopology(declared, { a: snapshotOf(declared, 'a'), b: { ...snapshotOf(declared, 'b'), services: [] } });
    expect(live.overlays.map((o) => [o.name, o.hosts])).toEqual([['mh-overlay', ['a', 'b']]]);
    expect(diffTopology(declared, live)).toEqual([]);
  });

  const tiers = () => {
    const declared = exampleModel('tiers');
    return { declared, snap: snapshotOf(declared, 'default') as { networks: any[]; containers: any[]; services: any[] } };
  };

  test('a container disconnected by hand is a missing attachment', () => {
    const { declared, snap } = tiers();
    delete snap.containers.find((c) => c.Name === '/tier-edge').NetworkSettings.Networks['shop-app-edge'];
    expect(diffTopology(declared, liveTopology(declared, { default: snap }))).toEqual([
      { kind: 'missing', object: 'attachment', host: 'default', name: 'tier-edge on shop-app-edge', detail: 'container tier-edge is not connected to network shop-app-edge', container: 'tier-edge', network: 'shop-app-edge' },
    ]);
  });

  test('a network removed by hand is missing, and so are its attachments', () => {
    const { declared, snap } = tiers();
    snap.networks = snap.networks.filter((n) => n.Name !== 'shop-app-data');
    for (const c of snap.containers) delete c.NetworkSettings.Networks['shop-app-data'];
    const diffs = diffTopology(declared, liveTopology(declared, { default: snap }));
    expect(diffs.map((d) => `${d.kind} ${d.object} ${d.name}`)).toEqual([
      'missing network shop-app-data',
      'missing attachment tier-app on shop-app-data',
      'missing attachment tier-data on shop-app-data',
    ]);
  });

  test('an extra container attached by hand is reported with its address; unrelated containers are not', () => {
    const { declared, snap } = tiers();
    snap.containers.push({ Name: '/intruder', Id: 'a'.repeat(64), NetworkSettings: { Networks: { 'shop-app-data': { IPAddress: '10.50.0.99', Aliases: ['aaaaaaaaaaaa'] } } }, HostConfig: {} });
    snap.containers.push({ Name: '/elsewhere', Id: 'b'.repeat(64), NetworkSettings: { Networks: { bridge: { IPAddress: '172.17.0.5', Aliases: null } } }, HostConfig: {} });
    const live = liveTopology(declared, { default: snap });
    expect(live.hosts[0].containers.map((c) => c.name)).toEqual(['tier-edge', 'tier-app', 'tier-data', 'intruder']);
    expect(diffTopology(declared, live)).toEqual([
      { kind: 'extra', object: 'container', host: 'default', name: 'intruder', detail: 'container intruder is connected to shop-app-data (10.50.0.99) but not declared', container: 'intruder' },
    ]);
  });

  test('changed subnet, static address, aliases, icc; extra attachment and port', () => {
    const declared = exampleModel('custom-bridge');
    const snap = snapshotOf(declared, 'default') as { networks: any[]; containers: any[]; services: any[] };
    const net = snap.networks.find((n) => n.Name === 'app-quiet');
    net.IPAM.Config[0].Subnet = '10.30.9.0/24';
    net.Options = {};
    const web = snap.containers.find((c) => c.Name === '/app-web');
    web.NetworkSettings.Networks['app-net'].IPAddress = '10.30.0.11';
    web.NetworkSettings.Networks['app-net'].Aliases = ['www2'];
    web.NetworkSettings.Networks['app-quiet'] = { IPAddress: '10.30.1.7', Aliases: [] };
    web.HostConfig.PortBindings = { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] };
    const diffs = diffTopology(declared, liveTopology(declared, { default: snap }));
    expect(diffs.map((d) => `${d.kind} ${d.object}: ${d.detail}`)).toEqual([
      'changed network: network app-quiet: subnets 10.30.1.0/24 declared, 10.30.9.0/24 on the engine',
      'changed network: network app-quiet: inter-container communication off declared, on on the engine',
      'changed attachment: app-web on app-net: IPv4 address 10.30.0.10 declared, 10.30.0.11 on the engine',
      'changed attachment: app-web on app-net: aliases www declared, www2 on the engine',
      'extra attachment: container app-web is connected to network app-quiet (10.30.1.7), which the stack does not declare',
      'extra port: port 0.0.0.0:8080->80/tcp is published but not declared',
    ]);
  });

  test("a service's task containers are its tasks, not extra containers", () => {
    const declared = exampleModel('overlay');
    const snap = snapshotOf(declared, 'default') as { networks: any[]; containers: any[]; services: any[] };
    for (const slot of [1, 2]) {
      snap.containers.push({
        Name: `/ov-web.${slot}.abc${slot}`,
        Id: `${slot}`.repeat(64),
        Config: { Labels: { 'com.docker.swarm.service.name': 'ov-web' } },
        NetworkSettings: { Networks: { 'ov-net': { IPAddress: `172.16.10.${slot + 1}`, Aliases: ['x'] } } },
        HostConfig: {},
      });
    }
    const live = liveTopology(declared, { default: snap });
    expect(diffTopology(declared, live)).toEqual([]);
    expect(live.hosts[0].containers.map((c) => c.name)).toEqual(['ov-server', 'ov-client']);
    expect(live.services[0].tasks!.map((t) => `${t.host} ${t.name} ${t.networks[0].ipv4}`)).toEqual(['default ov-web.1.abc1 172.16.10.2', 'default ov-web.2.abc2 172.16.10.3']);
    expect(renderText(live)).toMatch(/task ov-web\.1\.abc1 @default\s+172\.16\.10\.2/);
  });

  test('a missing container, a missing service and changed replicas', () => {
    const declared = exampleModel('overlay');
    const snap = snapshotOf(declared, 'default') as { networks: any[]; containers: any[]; services: any[] };
    snap.containers = snap.containers.filter((c) => c.Name !== '/ov-client');
    snap.services[0].Spec.Mode.Replicated.Replicas = 1;
    expect(diffTopology(declared, liveTopology(declared, { default: snap })).map((d) => `${d.kind} ${d.object}: ${d.detail}`)).toEqual([
      'missing container: container ov-client is not on the engine',
      'changed service: service ov-web: 2 replicas declared, 1 on the swarm',
    ]);
  });
});

describe('global services', () => {
  test('a global service is compared by mode, not by a replica count (found on the real engine: app-swarm)', () => {
    const declared = exampleModel('app-swarm');
    expect(declared.services[0].global).toBe(true);
    const snap = snapshotOf(declared, 'default') as unknown as { services: any[] };
    expect(diffTopology(declared, liveTopology(declared, { default: snap as any }))).toEqual([]);
    snap.services[0].Spec.Mode = { Replicated: { Replicas: 1 } };
    expect(diffTopology(declared, liveTopology(declared, { default: snap as any })).map((d) => d.detail)).toEqual([
      'service appsw-api: global declared, replicated on the swarm',
    ]);
  });
});

describe('reading an engine', () => {
  test('readEngine asks the docker CLI for networks, containers and, on a manager, services', () => {
    const calls: string[] = [];
    const cli = (args: readonly string[]) => {
      calls.push(args.join(' '));
      if (args[0] === 'network' && args[1] === 'ls') return 'n1\n';
      if (args[0] === 'ps') return '';
      if (args[0] === 'info') return 'false\n';
      if (args[0] === 'network' && args[1] === 'inspect') return JSON.stringify([{ Name: 'bridge' }]);
      throw new Error(`unexpected ${args.join(' ')}`);
    };
    expect(readEngine(cli)).toEqual({ networks: [{ Name: 'bridge' }], containers: [], services: [] });
    expect(calls).toEqual(['network ls -q --no-trunc', 'network inspect n1', 'ps -aq --no-trunc', 'info --format {{.Swarm.ControlAvailable}}']);
  });

  test('compareWithEngines reads each host with its own environment', () => {
    const stack = exampleStack('tiers');
    const declared = exampleModel('tiers');
    const seen: (string | undefined)[] = [];
    const snap = snapshotOf(declared, 'default');
    const cli = (env: NodeJS.ProcessEnv) => (args: readonly string[]) => {
      seen.push(env.DOCKER_HOST);
      if (args[1] === 'ls' || args[0] === 'ps') return args[0] === 'ps' ? snap.containers.map((c: any) => c.Id).join('\n') : snap.networks.map((n: any) => n.Id).join('\n');
      if (args[0] === 'info') return 'false';
      return JSON.stringify(args[0] === 'network' ? snap.networks : snap.containers);
    };
    const result = compareWithEngines(stack, { environments: { default: { DOCKER_HOST: 'unix:///tmp/x.sock' } }, cli });
    expect(result.differences).toEqual([]);
    expect(new Set(seen)).toEqual(new Set(['unix:///tmp/x.sock']));
  });

  test('a docker CLI failure says which command failed and what to check', () => {
    expect(() => dockerCli({ PATH: '/nonexistent' })(['version'])).toThrow(/^docker version failed: .*; check that the engine is reachable/);
  });

  const hostWith = (endpoint?: HostEndpoint) => {
    const stack = new TerraformStack(Testing.app(), 's');
    return new DockerHost(stack, 'edge', { endpoint });
  };

  test('engineEnvironment follows the provider: the environment, or the endpoint with its TLS material', () => {
    expect(engineEnvironment(hostWith(), { DOCKER_HOST: 'tcp://x:2376', PATH: '/bin' })).toEqual({ DOCKER_HOST: 'tcp://x:2376', PATH: '/bin' });
    expect(engineEnvironment(hostWith(HostEndpoint.unixSocket('/run/d.sock')), { DOCKER_CONTEXT: 'other' })).toEqual({ DOCKER_HOST: 'unix:///run/d.sock' });
    expect(engineEnvironment(hostWith(HostEndpoint.tcp('tcp://h:2376', { tls: TlsMaterial.fromPath('/certs') })), {})).toEqual({
      DOCKER_HOST: 'tcp://h:2376',
      DOCKER_CERT_PATH: '/certs',
      DOCKER_TLS_VERIFY: '1',
    });
    const env = engineEnvironment(hostWith(HostEndpoint.tcp('tcp://h:2376', { tls: TlsMaterial.fromVariables() })), {
      TF_VAR_edge_ca_material: 'CA',
      TF_VAR_edge_cert_material: 'CERT',
      TF_VAR_edge_key_material: 'KEY',
    });
    expect(fs.readFileSync(`${env.DOCKER_CERT_PATH}/key.pem`, 'utf8')).toBe('KEY');
    expect((fs.statSync(`${env.DOCKER_CERT_PATH}/key.pem`).mode & 0o777).toString(8)).toBe('600');
    // The private key does not outlive its use: released, the directory is gone; other environments are left alone.
    releaseEngineEnvironment(env);
    expect(fs.existsSync(env.DOCKER_CERT_PATH!)).toBe(false);
    releaseEngineEnvironment({ DOCKER_CERT_PATH: '/certs' });
    // A missing variable is reported before anything is written.
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('dnc-tls-')).length;
    expect(() => engineEnvironment(hostWith(HostEndpoint.tcp('tcp://h:2376', { tls: TlsMaterial.fromVariables() })), { TF_VAR_edge_ca_material: 'CA' })).toThrow(/TF_VAR_edge_cert_material, which is not set/);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('dnc-tls-')).length).toBe(before);
  });
});
