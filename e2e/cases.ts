import { TerraformStack, App } from 'cdktf';
import * as fs from 'fs';
import { Cidr, HostEndpoint, parseIpAddress, Port, TlsMaterial } from '../constructs';
import {
  APP_WEB_PORT,
  AppStack,
  AppSwarmStack,
  AddressPlanStack,
  CustomBridgeStack,
  DefaultBridgeStack,
  ExampleStackProps,
  ExposureStack,
  LinksStack,
  MultiHostStack,
  OverlayStack,
  PUBLISHED_PORT,
  TiersStack,
} from '../stacks';
import { exampleHost } from '../stacks/common';
import { Checks, Engine, hostHttpGet, OUTSIDE_ADDRESS, run, RunResult, singleNodeSwarm, TwoNodeLab, waitFor } from './harness';

/** Synthesizes `build` in place of the deployed stack and runs terraform apply; returns its result. */
export type Redeploy = (build: StackCase['build']) => RunResult;

/** What {@link StackCase.checkTools} gets: the deployed stack, its synthesized directory, environments, a recorder. */
export interface ToolContext {
  readonly stack: TerraformStack;
  /** The synthesized stack's directory (cdk.tf.json, Terraform's state reachable from it). */
  readonly dir: string;
  /** Terraform's environment (TERRAFORM_BINARY_NAME, TF_CLI_CONFIG_FILE, the case's TF_VAR_...), for the package's commands. */
  readonly env: NodeJS.ProcessEnv;
  /** The suite's engine, directly. */
  readonly engineEnv: NodeJS.ProcessEnv;
  readonly image: string;
  record(description: string, ok: boolean, detail?: string): void;
}

/** One example stack as the real-engine suite deploys and judges it. */
export interface StackCase {
  readonly name: string;
  build(app: App, props: ExampleStackProps): TerraformStack;
  /**
   * Checks the deployed stack; `stack` is the object that was synthesized, `json` its cdk.tf.json. `redeploy`
   * synthesizes another variant of the stack into the same directory and applies it (e.g. a changed env).
   */
  check(engine: Engine, c: Checks, stack: TerraformStack, json: string, redeploy: Redeploy): void;
  /** A reason to skip this case here, or undefined to run it. */
  skipReason?(engine: Engine): string | undefined;
  /** Extra environment for Terraform (e.g. TF_VAR_... secrets). */
  tfEnv?(): Record<string, string>;
  /** Prepares the engine before apply (e.g. `docker swarm init`); returns an error text or undefined. */
  before?(engine: Engine): string | undefined;
  /** Undoes `before`, after destroy; may return a check of its own (e.g. that what `before` started is gone). */
  after?(engine: Engine): void | { readonly description: string; readonly ok: boolean; readonly detail?: string };
  /** When set, apply must fail with output matching this (and nothing is checked after it). */
  readonly expectApplyError?: RegExp;
  /** Checks with the package's commands on the synthesized directory, after the live report, before destroy. */
  checkTools?(ctx: ToolContext): void;
  /** The engines the stack deploys to, for the leftover check. @default - the suite's engine */
  engines?(engine: Engine): Engine[];
}

/** `inactive`, `active` (manager) or `worker`: the engine's swarm membership. */
function swarmState(engine: Engine): 'inactive' | 'active' | 'worker' {
  const [state, control] = engine.docker(['info', '-f', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}']).trim().split(' ');
  if (state !== 'active') return 'inactive';
  return control === 'true' ? 'active' : 'worker';
}

/** True when the suite started the engine itself (it may then change its swarm membership). */
const privateEngine = () => !process.env.E2E_DOCKER_HOST;

function inCidr(ip: string | undefined, cidr: string): boolean {
  if (ip === undefined) return false;
  const a = parseIpAddress(ip);
  return a !== undefined && Cidr.parse(cidr).containsAddress(a);
}

function running(engine: Engine, c: Checks, names: string[]): void {
  for (const n of names) c.that(`container ${n} is running`, () => engine.inspectContainer(n).State.Running === true);
}

export const CASES: StackCase[] = [
  {
    name: 'default-bridge',
    build: (app, props) => new DefaultBridgeStack(app, 'default-bridge', props),
    check(engine, c) {
      running(engine, c, ['legacy-web', 'legacy-client']);
      const web = () => engine.addresses('legacy-web');
      c.equal('legacy-web is on docker0 only', () => Object.keys(web()), ['bridge']);
      c.equal('legacy-client is on docker0 only', () => Object.keys(engine.addresses('legacy-client')), ['bridge']);
      const docker0 = engine.defaultBridge();
      c.that(`legacy-web has an address of the engine's default bridge ${docker0.subnet}, gateway ${docker0.gateway}`, () => {
        const b = web().bridge;
        return { ok: inCidr(b.ipv4, docker0.subnet) && b.gateway === docker0.gateway, detail: JSON.stringify(b) };
      });
      c.that(`the engine's default bridge is its own (${docker0.bridgeName}), not the host's docker0`, () => ({
        ok: privateEngine() ? docker0.bridgeName !== 'docker0' && run('ip', ['-4', '-o', 'addr', 'show', 'dev', docker0.bridgeName]).stdout.includes(`inet ${docker0.gateway}/`) : true,
        detail: JSON.stringify(docker0),
      }));
      c.that('legacy-client reaches legacy-web by IP (ping)', () => engine.canPing('legacy-client', web().bridge.ipv4));
      c.equal("legacy-client gets legacy-web's page by IP", () => engine.httpGet('legacy-client', web().bridge.ipv4), 'hello from legacy-web on docker0');
      c.that('docker0 gives legacy-client no name for legacy-web (no DNS there, no hosts entry)', () => {
        const hosts = engine.exec('legacy-client', ['cat', '/etc/hosts']).stdout;
        return { ok: !hosts.includes('legacy-web'), detail: hosts };
      });
    },
  },
  {
    name: 'custom-bridge',
    build: (app, props) => new CustomBridgeStack(app, 'custom-bridge', props),
    check(engine, c) {
      const net = () => engine.inspectNetwork('app-net');
      c.equal('app-net IPAM is 10.30.0.0/24 (gateway 10.30.0.1, ip_range 10.30.0.128/25) and fd00:30::/64 (gateway fd00:30::1)', () => net().IPAM.Config, [
        { Subnet: '10.30.0.0/24', IPRange: '10.30.0.128/25', Gateway: '10.30.0.1' },
        { Subnet: 'fd00:30::/64', Gateway: 'fd00:30::1' },
      ]);
      c.equal('app-net has IPv6 enabled', () => net().EnableIPv6, true);
      c.equal('app-net uses the Linux bridge br-app', () => net().Options['com.docker.network.bridge.name'], 'br-app');
      // The deployment label holds the id of the stack's terraform_data (a UUID Terraform chose at the first apply).
      const uuid = (v: string) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v) ? '<uuid>' : v);
      c.equal('app-net carries its label and the ownership labels (with the deployment id)', () => Object.entries(net().Labels as Record<string, string>).map(([k, v]) => [k, uuid(v)]).sort(), [
        ['com.example.scenario', 'custom-bridge'],
        ['docker-network-cdktf/deployment', '<uuid>'],
        ['docker-network-cdktf/path', 'app-net'],
        ['docker-network-cdktf/stack', 'custom-bridge'],
      ]);
      c.that('the host has bridge br-app holding the gateway 10.30.0.1/24', () => {
        const r = run('ip', ['-4', '-o', 'addr', 'show', 'dev', 'br-app']);
        return { ok: r.code === 0 && r.stdout.includes('inet 10.30.0.1/24'), detail: r.stdout + r.stderr };
      });
      running(engine, c, ['app-web', 'app-db', 'app-client']);
      const addr = (n: string) => engine.addresses(n);
      const placement = (n: string) => Object.entries(addr(n)).map(([k, v]) => [k, v.ipv4]);
      c.equal('app-web is only on app-net, at 10.30.0.10', () => placement('app-web'), [['app-net', '10.30.0.10']]);
      c.equal('app-db is only on app-net, at 10.30.0.20', () => placement('app-db'), [['app-net', '10.30.0.20']]);
      c.that('app-web has alias www, app-db alias database', () => addr('app-web')['app-net'].aliases.includes('www') && addr('app-db')['app-net'].aliases.includes('database'));
      c.that('app-client got a dynamic address from ip_range 10.30.0.128/25', () => {
        const ip = addr('app-client')['app-net'].ipv4;
        return { ok: inCidr(ip, '10.30.0.128/25'), detail: ip };
      });
      for (const [name, ip] of [['app-web', '10.30.0.10'], ['www', '10.30.0.10'], ['app-db', '10.30.0.20'], ['database', '10.30.0.20']]) {
        c.equal(`app-client resolves ${name} to ${ip} through Docker's DNS`, () => engine.resolve('app-client', name), ip);
      }
      c.that('app-client pings www by name', () => engine.canPing('app-client', 'www'));
      c.equal('app-web has its static IPv6 address fd00:30::10 (dual stack)', () => engine.ipv6On('app-web', 'app-net'), 'fd00:30::10');
      c.that('app-db got a dynamic IPv6 address in fd00:30::/64', () => {
        const v6 = engine.ipv6On('app-db', 'app-net');
        return { ok: inCidr(v6, 'fd00:30::/64'), detail: String(v6) };
      });
      c.that("app-client resolves www to app-web's IPv6 address too", () => {
        const all = engine.resolveAll('app-client', 'www');
        return { ok: all.includes(engine.ipv6On('app-web', 'app-net') ?? '?'), detail: all.join(', ') };
      });
      c.that('app-client pings app-web over IPv6', () => engine.exec('app-client', ['ping', '-6', '-c', '1', '-W', '1', engine.ipv6On('app-web', 'app-net')!], 8_000).code === 0);
      c.equal('app-client gets the page of www', () => engine.httpGet('app-client', 'www'), 'hello from app-web');
      c.equal('app-client gets the page of database', () => engine.httpGet('app-client', 'database'), 'hello from app-db');
      c.equal('app-quiet has enable_icc=false', () => engine.inspectNetwork('app-quiet').Options['com.docker.network.bridge.enable_icc'], 'false');
      c.equal('app-quiet keeps 10.30.1.254 as an aux address', () => engine.inspectNetwork('app-quiet').IPAM.Config[0].AuxiliaryAddresses, { router: '10.30.1.254' });
      c.that('app-quiet-1 reaches its gateway (control)', () => engine.canPing('app-quiet-1', '10.30.1.1'));
      c.thatOutside('app-quiet-1 reaches the outside (icc off does not cut the way out)', () => engine.canPing('app-quiet-1', OUTSIDE_ADDRESS));
      c.that('app-quiet-1 cannot reach app-quiet-2 on the same network (icc off)', () => !engine.canPing('app-quiet-1', engine.addresses('app-quiet-2')['app-quiet'].ipv4));
    },
  },
  {
    name: 'address-plan',
    build: (app, props) => new AddressPlanStack(app, 'address-plan', { ...props, updateLockFile: false }),
    check(engine, c, stack) {
      const s = stack as AddressPlanStack;
      const plan = s.plan.allocations;
      const keys = Object.keys(s.networks);
      for (const k of keys) {
        c.equal(`plan-${k} has the planned subnet ${plan[k]}`, () => engine.inspectNetwork(`plan-${k}`).IPAM.Config.map((x: any) => x.Subnet), [plan[k]]);
        c.that(`plan-${k}-probe has an address in ${plan[k]}`, () => {
          const ip = engine.addresses(`plan-${k}-probe`)[`plan-${k}`]?.ipv4;
          return { ok: ip !== undefined && inCidr(ip, plan[k]), detail: ip };
        });
        c.that(`plan-${k}-probe reaches its own gateway`, () => engine.canPing(`plan-${k}-probe`, Cidr.parse(plan[k]).firstHost));
      }
      for (let i = 0; i + 1 < keys.length; i++) {
        const [a, b] = [keys[i], keys[i + 1]];
        c.that(`plan-${a}-probe cannot reach plan-${b}-probe (different networks)`, () => {
          const target = engine.addresses(`plan-${b}-probe`)[`plan-${b}`].ipv4;
          return !engine.canPing(`plan-${a}-probe`, target);
        });
      }
    },
  },
  {
    name: 'links',
    build: (app, props) => new LinksStack(app, 'links', props),
    check(engine, c) {
      running(engine, c, ['link-db0', 'link-web0', 'link-db', 'link-web']);
      const db0 = () => engine.addresses('link-db0').bridge.ipv4;
      c.that('docker0: link-web0 has a hosts entry "database" with link-db0\'s address', () => {
        const hosts = engine.exec('link-web0', ['cat', '/etc/hosts']).stdout;
        return { ok: new RegExp(`^${db0().replace(/\./g, '\\.')}\\s+database$`, 'm').test(hosts), detail: hosts };
      });
      c.that('docker0: link-web0 pings database', () => engine.canPing('link-web0', 'database'));
      c.equal('docker0: link-web0 gets the page of database', () => engine.httpGet('link-web0', 'database'), 'db on docker0');
      c.that('docker0: link-web0 has DATABASE_PORT_80_TCP_ADDR and DATABASE_PORT set to link-db0', () => {
        const env = engine.exec('link-web0', ['env']).stdout;
        const ip = db0();
        return { ok: env.includes(`DATABASE_PORT_80_TCP_ADDR=${ip}\n`) && env.includes(`DATABASE_PORT=tcp://${ip}:80\n`) && env.includes('DATABASE_NAME=/link-web0/database'), detail: env };
      });
      const db = () => engine.addresses('link-db')['links-net'].ipv4;
      c.that('links-net: the alias database is on link-db\'s attachment', () => engine.addresses('link-db')['links-net'].aliases.includes('database'));
      c.equal("links-net: link-web resolves database to link-db's address", () => engine.resolve('link-web', 'database'), db());
      c.equal('links-net: link-web gets the page of database', () => engine.httpGet('link-web', 'database'), 'db on links-net');
      c.that('links-net: DATABASE_PORT_80_TCP_ADDR in link-web is link-db\'s address', () => {
        const env = engine.exec('link-web', ['env']).stdout;
        return { ok: env.includes(`DATABASE_PORT_80_TCP_ADDR=${db()}\n`), detail: env };
      });
      c.that('link-web (links-net) cannot reach link-db0 (docker0)', () => !engine.canPing('link-web', db0()));
    },
  },
  {
    name: 'tiers',
    build: (app, props) => new TiersStack(app, 'tiers', { ...props, updateLockFile: false }),
    check(engine, c, stack) {
      const s = stack as TiersStack;
      running(engine, c, ['tier-edge', 'tier-app', 'tier-data']);
      const declared = s.tiers.reachability();
      const addr = (name: string) => engine.addresses(name);
      // Compare the declared matrix with what the engine allows, pair by pair, by address on each shared network.
      for (const row of declared) {
        if (row.via.length > 0) {
          for (const net of row.via) {
            c.that(`${row.from} reaches ${row.to} on ${net} (declared)`, () => engine.canPing(row.from, addr(row.to)[net].ipv4));
          }
        } else {
          c.that(`${row.from} cannot reach ${row.to} on any of its networks (declared unreachable)`, () =>
            Object.values(addr(row.to)).every((n) => !engine.canPing(row.from, n.ipv4)),
          );
        }
      }
      c.equal('tier-edge resolves api (the app tier alias)', () => engine.resolve('tier-edge', 'api'), addr('tier-app')['shop-app-edge'].ipv4);
      c.equal('tier-app gets the page of db', () => engine.httpGet('tier-app', 'db'), 'hello from data');
      c.that('shop-app-data is internal, shop-app-edge is not', () => engine.inspectNetwork('shop-app-data').Internal === true && engine.inspectNetwork('shop-app-edge').Internal === false);
      c.thatOutside(`tier-edge reaches the outside (${OUTSIDE_ADDRESS}, a namespace the suite made) - control`, () => engine.canPing('tier-edge', OUTSIDE_ADDRESS));
      c.thatOutside('tier-data (internal network) cannot reach the outside', () => !engine.canPing('tier-data', OUTSIDE_ADDRESS));
      c.thatOutside('tier-app still reaches the outside through shop-app-edge', () => engine.canPing('tier-app', OUTSIDE_ADDRESS));
    },
  },
  {
    name: 'exposure',
    build: (app, props) => new ExposureStack(app, 'exposure', props),
    check(engine, c, stack) {
      const s = stack as ExposureStack;
      running(engine, c, ['expo-internal', 'expo-nodeport', 'expo-published', 'expo-client']);
      const bindings = (name: string) => engine.inspectContainer(name).HostConfig.PortBindings ?? {};
      c.equal('expo-internal publishes nothing', () => bindings('expo-internal'), {});
      c.equal('expo-client reaches expo-internal by name (cluster-internal)', () => engine.httpGet('expo-client', 'expo-internal'), 'hello from expo-internal');
      c.equal(`expo-published is bound to 127.0.0.1:${PUBLISHED_PORT} only`, () => bindings('expo-published'), {
        '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(PUBLISHED_PORT) }],
      });
      c.equal(`the published port answers on 127.0.0.1:${PUBLISHED_PORT} from the host`, () => hostHttpGet('127.0.0.1', PUBLISHED_PORT), 'hello from expo-published');
      const gateway = () => engine.inspectNetwork('expo-net').IPAM.Config[0].Gateway as string;
      c.that(`the published port does not answer on another host address (the expo-net bridge)`, () => hostHttpGet(gateway(), PUBLISHED_PORT) === undefined);
      const nodePort = () => Number(bindings('expo-nodeport')['80/tcp'][0].HostPort);
      c.that('expo-nodeport is bound to a port in 30000-32767', () => {
        const p = nodePort();
        return { ok: p >= 30000 && p <= 32767, detail: String(p) };
      });
      c.equal('the node port is the one synthesized', () => nodePort(), s.nodePort.hostPortOf(Port.tcp(80)));
      c.equal('the node port answers on 127.0.0.1 from the host', () => hostHttpGet('127.0.0.1', nodePort()), 'hello from expo-nodeport');
    },
  },
  {
    name: 'overlay',
    build: (app, props) => new OverlayStack(app, 'overlay', props),
    ...singleNodeSwarm(),
    check(engine, c) {
      const net = () => engine.inspectNetwork('ov-net');
      c.equal('ov-net is a swarm-scoped overlay', () => [net().Driver, net().Scope], ['overlay', 'swarm']);
      c.equal('ov-net is attachable and encrypted', () => [net().Attachable, net().Options?.encrypted], [true, 'true']);
      c.equal('ov-net has subnet 172.16.10.0/24, gateway 172.16.10.1', () => net().IPAM.Config.map((x: any) => [x.Subnet, x.Gateway]), [['172.16.10.0/24', '172.16.10.1']]);
      running(engine, c, ['ov-server', 'ov-client']);
      c.that('service ov-web converges to 2 of 2 replicas', () => {
        let last = '';
        const ok = waitFor(() => (last = engine.docker(['service', 'ls', '--filter', 'name=ov-web', '--format', '{{.Replicas}}']).trim()) === '2/2', 60_000);
        return { ok, detail: `replicas ${last}` };
      });
      const server = () => engine.addresses('ov-server')['ov-net'].ipv4;
      c.equal('ov-client resolves ov-server over the overlay', () => engine.resolve('ov-client', 'ov-server'), server());
      c.that('ov-client pings ov-server by name', () => engine.canPing('ov-client', 'ov-server'));
      c.equal('ov-client gets the page of ov-server', () => engine.httpGet('ov-client', 'ov-server'), 'hello from ov-server');
      const taskIps = () =>
        engine
          .docker(['ps', '--filter', 'label=com.docker.swarm.service.name=ov-web', '--format', '{{.Names}}'])
          .split('\n')
          .filter(Boolean)
          .map((t) => engine.addresses(t)['ov-net']?.ipv4)
          .sort();
      c.that('ov-client resolves the service ov-web (dnsrr) to one of its task addresses', () => {
        const ip = engine.resolve('ov-client', 'ov-web');
        const tasks = taskIps();
        return { ok: ip !== undefined && tasks.includes(ip), detail: `${ip} of ${tasks.join(', ')}` };
      });
      c.that('ov-client gets the page of the service, by name and by its alias web', () => {
        const ok = waitFor(() => engine.httpGet('ov-client', 'ov-web') === 'hello from the ov-web service', 20_000);
        return { ok: ok && engine.httpGet('ov-client', 'web') === 'hello from the ov-web service' };
      });
    },
  },
  {
    // The README's promise: an overlay on an engine that is not a swarm manager fails at apply with the engine's
    // own, clear error.
    name: 'overlay-without-swarm',
    skipReason: (engine) => (swarmState(engine) === 'inactive' ? undefined : 'the engine is in a swarm'),
    build: (app, props) => new OverlayStack(app, 'overlay-without-swarm', props),
    expectApplyError: /This node is not a swarm manager\. Use "docker swarm init" or "docker swarm join"/,
    check() {},
  },
  {
    // A remote engine over TCP with client certificates, the key material passed as sensitive Terraform
    // variables (TF_VAR_...), as a CI pipeline would: it must work and never appear in the plan.
    name: 'default-bridge-over-tls',
    skipReason: () => (process.env.E2E_TLS_DIR ? undefined : 'no TLS listener (openssl missing, or an engine you named)'),
    tfEnv: () => {
      const dir = process.env.E2E_TLS_DIR!;
      const read = (f: string) => fs.readFileSync(`${dir}/${f}`, 'utf8');
      return { TF_VAR_e2e_ca_material: read('ca.pem'), TF_VAR_e2e_cert_material: read('cert.pem'), TF_VAR_e2e_key_material: read('key.pem') };
    },
    build: (app, props) =>
      new DefaultBridgeStack(app, 'default-bridge-over-tls', {
        ...props,
        endpoint: HostEndpoint.tcp(`tcp://127.0.0.1:${process.env.E2E_TLS_PORT}`, { tls: TlsMaterial.fromVariables('e2e') }),
      }),
    check(engine, c, _stack, json) {
      c.that('the synthesized plan holds no certificate or key, only var references', () => {
        const doc = JSON.parse(json);
        return { ok: !json.includes('BEGIN') && doc.provider.docker[0].key_material === '${var.e2e_key_material}' && doc.variable.e2e_key_material.sensitive === true };
      });
      c.equal('the provider reached the engine over TLS: both containers run there', () => ['legacy-web', 'legacy-client'].map((n) => engine.inspectContainer(n).State.Running), [true, true]);
      c.that('the TCP listener refuses a client without a certificate (so the provider did use TLS)', () => {
        const r = run('docker', ['-H', `tcp://127.0.0.1:${process.env.E2E_TLS_PORT}`, 'version', '-f', '{{.Server.Version}}'], { timeoutMs: 15_000, env: { ...process.env, DOCKER_HOST: '', DOCKER_TLS_VERIFY: '' } });
        return { ok: r.code !== 0, detail: r.stdout + r.stderr };
      });
    },
  },
  multiHostCase(),
  appCase(),
  appSwarmCase(),
];

/** An HTTP GET of `path` inside `from`, body only (busybox nc). */
function getPath(engine: Engine, from: string, target: string, path: string): string | undefined {
  const r = engine.exec(from, ['sh', '-c', `printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${target} 80`], 8_000);
  if (r.code !== 0) return undefined;
  return r.stdout.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim() || undefined;
}

/** A container's CPU settings as `docker inspect` shows them. */
function cpuSettings(inspect: any): { NanoCpus: number; CpuPeriod: number; CpuQuota: number } {
  const h = inspect.HostConfig;
  return { NanoCpus: h.NanoCpus ?? 0, CpuPeriod: h.CpuPeriod ?? 0, CpuQuota: h.CpuQuota ?? 0 };
}

/** "<quota> <period>" of a container's CPU cgroup, read inside it (cgroup v2 cpu.max, or v1 cfs files). */
function cpuCgroup(engine: Engine, container: string): string {
  const r = engine.exec(container, [
    'sh',
    '-c',
    'if [ -f /sys/fs/cgroup/cpu.max ]; then cat /sys/fs/cgroup/cpu.max; else echo "$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"; fi',
  ]);
  return r.code === 0 ? r.stdout.trim() : `unreadable: ${r.stderr.trim()}`;
}

/** The app stack's host and nothing else: applied in its place, it destroys every container of the stack. */
class EmptyAppStack extends TerraformStack {
  constructor(scope: App, id: string, props: ExampleStackProps) {
    super(scope, id);
    exampleHost(this, props);
  }
}

/** The app stack: volume, health-gated start, limits, DNS and hosts entries, data kept across a replacement. */
function appCase(): StackCase {
  return {
    name: 'app',
    build: (app, props) => new AppStack(app, 'app', props),
    check(engine, c, _stack, json, redeploy) {
      running(engine, c, ['app-store', 'app-app', 'app-web', 'app-client']);
      const store = () => engine.inspectContainer('app-store');
      c.equal('app-store is healthy (its health check passes)', () => store().State.Health?.Status, 'healthy');
      c.that('app-app started after app-store was ready (dependsOn healthy: the provider waited)', () => {
        const ready = Number(engine.exec('app-store', ['cat', '/data/ready-at']).stdout.trim());
        const started = Number(engine.exec('app-app', ['cat', '/www/started-at']).stdout.trim());
        return { ok: ready > 0 && started >= ready, detail: `store ready at ${ready}, app started at ${started}` };
      });
      c.equal("app-app's first read of the store at start succeeded", () => engine.exec('app-app', ['cat', '/www/index.html']).stdout.trim(), 'seed');
      c.equal('the volume app-store-data exists, created by the engine (retained: no docker_volume in the plan)', () => [JSON.parse(engine.docker(['volume', 'inspect', 'app-store-data']))[0].Driver, JSON.parse(json).resource.docker_volume], ['local', undefined]);
      c.equal('app-store mounts app-store-data at /data and a tmpfs at /tmp', () => store().Mounts.map((m: any) => `${m.Type}:${m.Name ?? ''}:${m.Destination}`).sort(), ['tmpfs::/tmp', 'volume:app-store-data:/data']);
      c.that('app-store has a read-only root file system (CIS 5.12) and a writable /tmp', () => {
        const root = engine.exec('app-store', ['touch', '/probe']);
        const tmp = engine.exec('app-store', ['touch', '/tmp/probe']);
        return { ok: store().HostConfig.ReadonlyRootfs === true && root.code !== 0 && tmp.code === 0, detail: root.stderr };
      });
      c.equal('app-store limits: 64 MiB memory without extra swap, init, nofile 1024/2048, json-file max-size 1m', () => {
        const h = store().HostConfig;
        return [h.Memory, h.MemorySwap, h.Init, h.Ulimits.map((u: any) => ({ Name: u.Name, Soft: u.Soft, Hard: u.Hard })), h.LogConfig];
      }, [64 * 1048576, 64 * 1048576, true, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }], { Type: 'json-file', Config: { 'max-file': '2', 'max-size': '1m' } }]);
      // cpus 0.5: 4.x writes `cpus` (NanoCpus); 3.6.2 crashes on it, so the library writes the same CFS limit as
      // cpu_period/cpu_quota (ProviderVersion quirk container-cpus). Same limit in the cgroup either way.
      const v4 = JSON.parse(json).terraform.required_providers.docker.version !== '3.6.2';
      c.equal(`app-store's CPU limit as docker inspect shows it (${v4 ? 'NanoCpus on 4.x' : 'CpuPeriod/CpuQuota on 3.6.2'})`, () => cpuSettings(store()), v4 ? { NanoCpus: 500000000, CpuPeriod: 0, CpuQuota: 0 } : { NanoCpus: 0, CpuPeriod: 100000, CpuQuota: 50000 });
      c.equal("app-store's cgroup holds a CFS quota of 0.5 CPU (50000 per 100000 us)", () => cpuCgroup(engine, 'app-store'), '50000 100000');
      c.that('app-app has the extra host billing.legacy.internal in /etc/hosts', () => {
        const hosts = engine.exec('app-app', ['cat', '/etc/hosts']).stdout;
        return { ok: /^10\.50\.0\.10\s+billing\.legacy\.internal$/m.test(hosts), detail: hosts };
      });
      c.that('app-app resolv.conf has the search domain and the ndots option', () => {
        const conf = engine.exec('app-app', ['cat', '/etc/resolv.conf']).stdout;
        return { ok: /search .*corp\.example/.test(conf) && /options .*ndots:0/.test(conf), detail: conf };
      });
      c.equal('app-app resolves billing.legacy.internal from /etc/hosts and gets the store there', () => getPath(engine, 'app-app', 'billing.legacy.internal', '/db.txt'), 'seed');
      c.equal("app-app resolves app-store through Docker's DNS with the search domain set (ndots:0)", () => getPath(engine, 'app-app', 'app-store', '/db.txt'), 'seed');
      c.equal(`the web front answers on 127.0.0.1:${APP_WEB_PORT} from the host`, () => hostHttpGet('127.0.0.1', APP_WEB_PORT), 'front');
      c.equal('app-web is published on 127.0.0.1 only', () => engine.inspectContainer('app-web').HostConfig.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(APP_WEB_PORT) }] });
      c.equal('the chain web -> app -> store answers (CGI on the front)', () => getPath(engine, 'app-client', 'app-web', '/cgi-bin/data'), 'seed');
      // Data written to the volume survives a replacement of the store container.
      const before = store().Id as string;
      c.that('a record is written to the store volume', () => engine.exec('app-store', ['sh', '-c', 'echo order-42 >> /data/db.txt']).code === 0);
      const r = redeploy((app, props) => new AppStack(app, 'app', { ...props, storeRevision: '2', storeCpus: 1.5 }));
      c.that('changing the store env and applying again succeeds', () => ({ ok: r.code === 0, detail: (r.stdout + r.stderr).slice(-2000) }));
      c.that('the store container was replaced', () => ({ ok: store().Id !== before, detail: store().Id }));
      c.equal('the new store container sees the record on the volume', () => engine.exec('app-store', ['cat', '/data/db.txt']).stdout.trim().split('\n'), ['seed', 'order-42']);
      c.equal('the new store container is healthy again', () => store().State.Health?.Status, 'healthy');
      c.equal(`the new store's CPU limit of 1.5 as docker inspect shows it`, () => cpuSettings(store()), v4 ? { NanoCpus: 1500000000, CpuPeriod: 0, CpuQuota: 0 } : { NanoCpus: 0, CpuPeriod: 100000, CpuQuota: 150000 });
      c.equal("the new store's cgroup holds a CFS quota of 1.5 CPU (150000 per 100000 us)", () => cpuCgroup(engine, 'app-store'), '150000 100000');
      // RemovalPolicy.RETAIN: removing every container (the stack without them, applied) keeps the volume and its
      // data, as `docker compose down` does; applying the stack again mounts the volume that is still there.
      const gone = redeploy((app, props) => new EmptyAppStack(app, 'app', props));
      c.that('applying the stack without its containers succeeds (they are destroyed)', () => ({ ok: gone.code === 0 && !engine.docker(['ps', '-a', '--format', '{{.Names}}']).split('\n').includes('app-store'), detail: (gone.stdout + gone.stderr).slice(-2000) }));
      c.that('the volume app-store-data is still on the engine', () => engine.docker(['volume', 'ls', '-q']).split('\n').includes('app-store-data'));
      const back = redeploy((app, props) => new AppStack(app, 'app', { ...props, storeRevision: '2', storeCpus: 1.5 }));
      c.that('applying the whole stack again succeeds (the existing volume is mounted, not created)', () => ({ ok: back.code === 0, detail: (back.stdout + back.stderr).slice(-2000) }));
      c.equal('the store created again sees the data written before its removal', () => engine.exec('app-store', ['cat', '/data/db.txt']).stdout.trim().split('\n'), ['seed', 'order-42']);
    },
    // The retained volume outlives terraform destroy by design: remove it so the next provider version starts clean.
    before: () => undefined,
    after: (engine) => {
      try {
        engine.docker(['volume', 'rm', 'app-store-data']);
      } catch {
        // gone already
      }
    },
  };
}

/** The swarm app: a global service reading a secret, rolled to a new version while a client keeps asking it. */
function appSwarmCase(): StackCase {
  const token = `e2e-token-${process.pid}-${Date.now() % 100000}`;
  const tasks = (engine: Engine) =>
    engine.docker(['ps', '--filter', 'label=com.docker.swarm.service.name=appsw-api', '--format', '{{.Names}}']).split('\n').filter(Boolean);
  return {
    name: 'app-swarm',
    build: (app, props) => new AppSwarmStack(app, 'app-swarm', props),
    ...singleNodeSwarm(),
    tfEnv: () => ({ TF_VAR_app_api_token: token }),
    check(engine, c, _stack, json, redeploy) {
      c.that('the synthesized plan holds no secret text, only a sensitive variable', () => {
        const doc = JSON.parse(json);
        return { ok: !json.includes(token) && doc.variable.app_api_token.sensitive === true };
      });
      c.that('service appsw-api is global', () => JSON.parse(engine.docker(['service', 'inspect', 'appsw-api', '--format', '{{json .Spec.Mode}}'])).Global !== undefined);
      c.that('service appsw-api converges to 1 of 1 (one task on the one node)', () => {
        let last = '';
        const ok = waitFor(() => (last = engine.docker(['service', 'ls', '--filter', 'name=appsw-api', '--format', '{{.Replicas}}']).trim()) === '1/1' && tasks(engine).length === 1, 60_000);
        return { ok, detail: `replicas ${last}` };
      });
      c.equal('the task mounts the volume appsw-cache at /cache and a tmpfs at /scratch', () => engine.inspectContainer(tasks(engine)[0]).Mounts.map((m: any) => `${m.Type}:${m.Name ?? ''}:${m.Destination}`).sort(), ['tmpfs::/scratch', 'volume:appsw-cache:/cache']);
      c.equal('the task reads the secret at /run/secrets/app-api-token', () => engine.exec(tasks(engine)[0], ['cat', '/run/secrets/app-api-token']).stdout, token);
      const page = () => engine.httpGet('appsw-client', 'appsw-api');
      c.that('appsw-client gets version 1 of the service by name', () => {
        let last: string | undefined;
        const ok = waitFor(() => (last = page()) === `version 1, token of ${token.length} bytes`, 30_000);
        return { ok, detail: last };
      });
      // A bounded probe: every 0.25 s (at most 600 times, until /tmp/stop), one retry after 0.2 s, as a client of a
      // DNS round-robin name does.
      const probe =
        "i=0; : > /tmp/probe.log; while [ ! -f /tmp/stop ] && [ $i -lt 600 ]; do " +
        "r=$(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 1 appsw-api 80 | tail -n 1); " +
        "[ -n \"$r\" ] || { sleep 0.2; r=$(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 1 appsw-api 80 | tail -n 1); }; " +
        "echo \"${r:-FAIL}\" >> /tmp/probe.log; i=$((i+1)); sleep 0.25; done";
      engine.docker(['exec', '-d', 'appsw-client', 'sh', '-c', probe]);
      const r = redeploy((app, props) => new AppSwarmStack(app, 'app-swarm', { ...props, version: '2' }));
      c.that('a rolling update to version 2 applies', () => ({ ok: r.code === 0, detail: (r.stdout + r.stderr).slice(-2000) }));
      c.that('the service reaches version 2 (update state completed)', () => {
        let last = '';
        const ok = waitFor(() => (last = engine.docker(['service', 'inspect', 'appsw-api', '--format', '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}']).trim()) === 'completed' && page()?.startsWith('version 2') === true, 90_000);
        return { ok, detail: `update ${last}, page ${page()}` };
      });
      run('sleep', ['2']);
      engine.exec('appsw-client', ['touch', '/tmp/stop']);
      run('sleep', ['1']);
      c.that('the service answered every probe during the rolling update', () => {
        const log = engine.exec('appsw-client', ['cat', '/tmp/probe.log']).stdout.trim().split('\n');
        const fails = log.filter((l) => !l.startsWith('version ')).length;
        const v1 = log.filter((l) => l.startsWith('version 1')).length;
        const v2 = log.filter((l) => l.startsWith('version 2')).length;
        return { ok: fails === 0 && v1 > 0 && v2 > 0, detail: `${log.length} probes: ${v1} v1, ${v2} v2, ${fails} failed` };
      });
      c.equal('the new task reads the secret too', () => engine.exec(tasks(engine)[0], ['cat', '/run/secrets/app-api-token']).stdout, token);
    },
  };
}

/** The multi-host stack on two engines the suite runs in network namespaces of its own, joined in a swarm. */
function multiHostCase(): StackCase {
  let lab: TwoNodeLab | undefined;
  const engineOf = (name: string) => lab!.nodes.find((n) => n.name === name)!.engine!;
  return {
    name: 'multi-host',
    before() {
      if (process.env.E2E_OUTSIDE !== '1') return 'the multi-host lab needs root and iproute2 (network namespaces)';
      lab = new TwoNodeLab(`${process.env.E2E_WORK}/multi-host-lab`, __dirname);
      return lab.create('e2e-busybox:latest');
    },
    after() {
      lab?.destroy();
    },
    engines: () => (lab ? lab.nodes.map((n) => n.engine!).filter(Boolean) : []),
    build: (app, props) =>
      new MultiHostStack(app, 'multi-host', {
        image: props.image,
        providerVersion: props.providerVersion,
        updateLockFile: false,
        nodes: lab!.nodes.map((n) => ({ alias: n.name, endpoint: HostEndpoint.unixSocket(n.engine!.dockerHost.replace(/^unix:\/\//, '')) })),
      }),
    check(_engine, c) {
      const a = engineOf('a');
      const b = engineOf('b');
      c.equal('the swarm has two ready nodes', () => a.docker(['node', 'ls', '--format', '{{.Status}}']).trim().split('\n'), ['Ready', 'Ready']);
      c.equal('node a: mh-pods is 10.244.0.0/24 (its range of the cluster CIDR)', () => a.inspectNetwork('mh-pods').IPAM.Config[0].Subnet, '10.244.0.0/24');
      c.equal('node b: mh-pods is 10.244.1.0/24', () => b.inspectNetwork('mh-pods').IPAM.Config[0].Subnet, '10.244.1.0/24');
      c.that('node a: the Linux bridge mh-cni0 holds 10.244.0.1/24 in its namespace', () => {
        const r = run('ip', ['-n', lab!.nodes[0].ns, '-4', '-o', 'addr', 'show', 'dev', 'mh-cni0']);
        return { ok: r.stdout.includes('inet 10.244.0.1/24'), detail: r.stdout + r.stderr };
      });
      c.that('mh-a (node a) and mh-b (node b) have bridge addresses from their own ranges', () => {
        const x = a.addresses('mh-a')['mh-pods']?.ipv4;
        const y = b.addresses('mh-b')['mh-pods']?.ipv4;
        return { ok: inCidr(x, '10.244.0.0/24') && inCidr(y, '10.244.1.0/24'), detail: `${x} ${y}` };
      });
      const bOverlay = () => b.addresses('mh-b')['mh-overlay'].ipv4;
      c.that('mh-b has an address on the overlay 172.16.20.0/24', () => inCidr(bOverlay(), '172.16.20.0/24'));
      c.equal('mh-a (node a) resolves mh-b (node b) over the overlay', () => a.resolve('mh-a', 'mh-b'), bOverlay());
      c.that('mh-a pings mh-b across engines (VXLAN between the namespaces)', () => a.canPing('mh-a', 'mh-b'));
      c.equal('mh-a gets the page of mh-b across engines', () => a.httpGet('mh-a', 'mh-b'), 'hello from mh-b');
      c.that('service mh-web converges to 2 of 2 replicas', () => {
        let last = '';
        const ok = waitFor(() => (last = a.docker(['service', 'ls', '--filter', 'name=mh-web', '--format', '{{.Replicas}}']).trim()) === '2/2', 60_000);
        return { ok, detail: `replicas ${last}` };
      });
    },
  };
}
