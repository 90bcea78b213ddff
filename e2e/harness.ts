import { run, runOrThrow, RunResult } from '../cli/process';
import { Cidr } from '../constructs/cidr';

/** Seconds since the suite started, for progress lines. */
const t0 = Date.now();
export function elapsed(): string {
  return `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s`;
}

/** Prints one progress line: `[e2e   12.3s] stack: message`. */
export function progress(stack: string, message: string): void {
  process.stdout.write(`[e2e ${elapsed()}] ${stack}: ${message}\n`);
}

/** Commands run through the tooling's one process runner (cli/process.ts): no shell, bounded, never throwing. */
export { run };
export type { RunResult };

/** Talks to the engine under test through the docker CLI. */
export class Engine {
  constructor(public readonly dockerHost: string) {}

  public env(): NodeJS.ProcessEnv {
    return { ...process.env, DOCKER_HOST: this.dockerHost };
  }

  /** `docker ...`; throws with stderr on failure. */
  public docker(args: readonly string[], timeoutMs = 30_000): string {
    const r = run('docker', args, { env: this.env(), timeoutMs });
    if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
    return r.stdout;
  }

  /** The engine's own default bridge (`docker network inspect bridge`): subnet, gateway, Linux bridge name. */
  public defaultBridge(): { subnet: string; gateway: string; bridgeName: string } {
    const net = this.inspectNetwork('bridge');
    const v4 = (net.IPAM.Config as { Subnet: string; Gateway?: string }[]).find((x) => !x.Subnet.includes(':'))!;
    return { subnet: v4.Subnet, gateway: v4.Gateway ?? '', bridgeName: net.Options?.['com.docker.network.bridge.name'] ?? 'docker0' };
  }

  public inspectNetwork(name: string): any {
    return JSON.parse(this.docker(['network', 'inspect', name]))[0];
  }

  public inspectContainer(name: string): any {
    return JSON.parse(this.docker(['container', 'inspect', name]))[0];
  }

  /** Runs a command inside a container, bounded by `timeoutMs`; returns its exit code and output. */
  public exec(container: string, command: readonly string[], timeoutMs = 10_000): RunResult {
    return run('docker', ['exec', container, ...command], { env: this.env(), timeoutMs });
  }

  /** True when `from` gets one ping answer from `target` (name or address) within a second. */
  public canPing(from: string, target: string): boolean {
    return this.exec(from, ['ping', '-c', '1', '-W', '1', target], 8_000).code === 0;
  }

  /** The body of an HTTP GET of `/` on target:port, from inside `from` (busybox nc; its wget crashes). */
  public httpGet(from: string, target: string, port = 80): string | undefined {
    const r = this.exec(from, ['sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${target} ${port}`], 8_000);
    if (r.code !== 0) return undefined;
    const body = r.stdout.split(/\r?\n\r?\n/).slice(1).join('\n\n');
    return body.trim() || undefined;
  }

  /** Every address `nslookup name` answers inside `from` (A and AAAA), or [] when it does not resolve. */
  public resolveAll(from: string, name: string): string[] {
    const r = this.exec(from, ['nslookup', name], 8_000);
    if (r.code !== 0) return [];
    const answers = r.stdout.split(/\n\s*\n/).filter((block) => /Name:/.test(block));
    return answers.flatMap((block) => [...block.matchAll(/Address(?: \d+)?:\s*(\S+)/g)].map((m) => m[1]));
  }

  /** The IPv4 address `name` resolves to inside `from` (else the first address), or undefined. */
  public resolve(from: string, name: string): string | undefined {
    const all = this.resolveAll(from, name);
    return all.find((a) => !a.includes(':')) ?? all[0];
  }

  /** The container's IPv6 address on a network, or undefined. */
  public ipv6On(container: string, network: string): string | undefined {
    const n = this.inspectContainer(container).NetworkSettings.Networks[network];
    return n?.GlobalIPv6Address || undefined;
  }

  /** The container's addresses by network name. */
  public addresses(container: string): Record<string, { ipv4: string; aliases: string[]; gateway: string }> {
    const nets = this.inspectContainer(container).NetworkSettings.Networks as Record<string, any>;
    return Object.fromEntries(
      Object.entries(nets).map(([name, n]) => [name, { ipv4: n.IPAddress, aliases: n.Aliases ?? [], gateway: n.Gateway }]),
    );
  }
}

/**
 * From this host (not a container): the body of an HTTP GET of `/` on ip:port, or undefined when nothing
 * answers within 2 s. Only used against loopback and addresses of bridges the suite's engine created.
 */
export function hostHttpGet(ip: string, port: number): string | undefined {
  const script = `
    const s = require('net').connect({ host: ${JSON.stringify(ip)}, port: ${port} });
    let data = '';
    s.setTimeout(2000, () => { s.destroy(); process.exit(2); });
    s.on('connect', () => s.write('GET / HTTP/1.0\\r\\n\\r\\n'));
    s.on('data', (d) => (data += d));
    s.on('end', () => { process.stdout.write(data); process.exit(0); });
    s.on('error', () => process.exit(1));`;
  const r = run(process.execPath, ['-e', script], { timeoutMs: 5_000 });
  if (r.code !== 0) return undefined;
  return r.stdout.split(/\r?\n\r?\n/).slice(1).join('\n\n').trim() || undefined;
}

/**
 * "The outside world" for isolation checks, without addressing anything outside this machine: a network
 * namespace the suite creates, joined to the host by a veth pair, 198.18.0.1/30 on the host side and
 * 198.18.0.2 inside (RFC 2544 benchmarking range). A container whose traffic is forwarded off its bridge
 * reaches OUTSIDE_ADDRESS; one on an internal network must not.
 */
export const OUTSIDE_ADDRESS = '198.18.0.2';

export class OutsideNamespace {
  private readonly ns = `dnc-out-${process.pid}`;
  private readonly hostIf = `dnco${process.pid % 100000}`;
  private created = false;

  /** Creates it; returns a reason when it cannot (not root, no `ip`). */
  public create(): string | undefined {
    const ip = (...args: string[]) => run('ip', args, { timeoutMs: 10_000 });
    const steps: string[][] = [
      ['netns', 'add', this.ns],
      ['link', 'add', this.hostIf, 'type', 'veth', 'peer', 'name', 'eth-out', 'netns', this.ns],
      ['addr', 'add', '198.18.0.1/30', 'dev', this.hostIf],
      ['link', 'set', this.hostIf, 'up'],
      ['-n', this.ns, 'addr', 'add', `${OUTSIDE_ADDRESS}/30`, 'dev', 'eth-out'],
      ['-n', this.ns, 'link', 'set', 'eth-out', 'up'],
      ['-n', this.ns, 'link', 'set', 'lo', 'up'],
      ['-n', this.ns, 'route', 'add', 'default', 'via', '198.18.0.1'],
    ];
    for (const step of steps) {
      const r = ip(...step);
      if (r.code !== 0) {
        this.remove();
        return `ip ${step.join(' ')}: ${r.stderr.trim()}`;
      }
      this.created = true;
    }
    return undefined;
  }

  public remove(): void {
    if (!this.created) return;
    run('ip', ['netns', 'del', this.ns], { timeoutMs: 10_000 });
    run('ip', ['link', 'del', this.hostIf], { timeoutMs: 10_000 });
    this.created = false;
  }
}

/**
 * Two Docker "hosts" on this machine for multi-host tests: two network namespaces joined by a veth pair
 * (198.19.0.1 and 198.19.0.2, RFC 2544 range), a private dockerd in each, joined in a swarm (A manager, B
 * worker), each with the test image.
 */
export class TwoNodeLab {
  public readonly nodes: { name: string; ns: string; ip: string; dir: string; engine?: Engine }[];
  private readonly veth = [`dncl${process.pid % 10000}a`, `dncl${process.pid % 10000}b`];
  private namespaces: string[] = [];
  private started: string[] = [];

  constructor(
    work: string,
    private readonly scripts: string,
  ) {
    this.nodes = ['a', 'b'].map((name, i) => ({
      name,
      ns: `dnc-node-${name}-${process.pid}`,
      ip: `198.19.0.${i + 1}`,
      dir: `${work}/node-${name}`,
    }));
  }

  /** Builds the lab; returns an error text, or undefined when both engines are in one swarm. */
  public create(image: string): string | undefined {
    const ip = (...args: string[]) => {
      const r = run('ip', args, { timeoutMs: 10_000 });
      if (r.code !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
    };
    try {
      for (const n of this.nodes) {
        ip('netns', 'add', n.ns);
        this.namespaces.push(n.ns);
      }
      ip('link', 'add', this.veth[0], 'netns', this.nodes[0].ns, 'type', 'veth', 'peer', 'name', this.veth[1], 'netns', this.nodes[1].ns);
      this.nodes.forEach((n, i) => {
        ip('-n', n.ns, 'addr', 'add', `${n.ip}/24`, 'dev', this.veth[i]);
        ip('-n', n.ns, 'link', 'set', this.veth[i], 'up');
        ip('-n', n.ns, 'link', 'set', 'lo', 'up');
      });
      for (const n of this.nodes) {
        const host = script(`${this.scripts}/engine.sh`, ['start', n.dir, n.ns], process.env, 120_000).split('\n').pop()!;
        this.started.push(n.dir);
        n.engine = new Engine(host);
        script(`${this.scripts}/image.sh`, [image], n.engine.env(), 120_000);
      }
      const [a, b] = this.nodes.map((n) => n.engine!);
      a.docker(['swarm', 'init', '--advertise-addr', this.nodes[0].ip], 60_000);
      const token = a.docker(['swarm', 'join-token', '-q', 'worker']).trim();
      b.docker(['swarm', 'join', '--token', token, '--advertise-addr', this.nodes[1].ip, `${this.nodes[0].ip}:2377`], 60_000);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** Leaves the swarm, stops both engines by PID, removes the namespaces. */
  public destroy(): void {
    for (const n of [...this.nodes].reverse()) {
      if (n.engine) run('docker', ['swarm', 'leave', '--force'], { env: n.engine.env(), timeoutMs: 30_000 });
    }
    for (const dir of this.started) run('bash', [`${this.scripts}/engine.sh`, 'stop', dir], { timeoutMs: 60_000 });
    for (const ns of this.namespaces) run('ip', ['netns', 'del', ns], { timeoutMs: 10_000 });
    this.started = [];
    this.namespaces = [];
  }
}

/** One assertion's outcome. */
export interface CheckResult {
  readonly stack: string;
  readonly description: string;
  readonly ok: boolean;
  readonly detail?: string;
  readonly skipped?: boolean;
}

/** Collects checks of one stack and prints each as it completes. */
export class Checks {
  public readonly results: CheckResult[] = [];
  constructor(private readonly stack: string) {}

  /** Records `description` as passed when `fn` returns true (or an `{ ok, detail }`), failed otherwise. */
  public that(description: string, fn: () => boolean | { ok: boolean; detail?: string }): void {
    let ok = false;
    let detail: string | undefined;
    try {
      const r = fn();
      if (typeof r === 'boolean') ok = r;
      else ({ ok, detail } = r);
    } catch (e) {
      detail = (e as Error).message;
    }
    this.results.push({ stack: this.stack, description, ok, detail });
    process.stdout.write(`      ${ok ? 'ok  ' : 'FAIL'} ${description}${!ok && detail ? ` -- ${detail}` : ''}\n`);
  }

  /** Like `that`, but skipped (and said so) when the suite has no "outside" namespace. */
  public thatOutside(description: string, fn: () => boolean): void {
    if (process.env.E2E_OUTSIDE === '1') return this.that(description, fn);
    this.results.push({ stack: this.stack, description, ok: true, skipped: true });
    process.stdout.write(`      skip ${description} (no "outside" namespace)\n`);
  }

  /** Records equality of `actual` and `expected` (compared as JSON). */
  public equal(description: string, actual: () => unknown, expected: unknown): void {
    this.that(description, () => {
      const a = actual();
      const ok = JSON.stringify(a) === JSON.stringify(expected);
      return { ok, detail: ok ? undefined : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(a)}` };
    });
  }
}

/** A setup script whose stderr (its progress) reaches the user; returns trimmed stdout, throws when it fails. */
export function script(path: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 900_000): string {
  return runOrThrow(path, args, { env, timeoutMs, stderr: 'inherit' }).trim();
}

/** Polls `fn` every 0.5 s until it is true or `timeoutMs` passes; a throwing `fn` counts as "not yet". */
export function waitFor(fn: () => boolean, timeoutMs: number): boolean {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (fn()) return true;
    } catch {
      // not yet
    }
    if (Date.now() > end) return false;
    run('sleep', ['0.5']);
  }
}

/**
 * A case's swarm set-up on one engine. Swarm membership is not a Terraform resource: the user runs
 * `docker swarm init` once (see README). The suite makes only its own engine a manager, and leaves the swarm again
 * afterwards; an engine the user named (E2E_DOCKER_HOST) is used only when it already is a manager.
 */
export function singleNodeSwarm(): {
  skipReason(engine: Engine): string | undefined;
  before(engine: Engine): string | undefined;
  after(engine: Engine): void;
} {
  const own = () => !process.env.E2E_DOCKER_HOST;
  return {
    skipReason(engine) {
      if (own()) return undefined;
      const state = engine.docker(['info', '-f', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}']).trim();
      return state === 'active true'
        ? undefined
        : 'the engine you named is not a swarm manager, and the suite does not make it one (run docker swarm init to include this case)';
    },
    before(engine) {
      if (!own()) return undefined;
      const addr = process.env.E2E_OUTSIDE === '1' ? '198.18.0.1' : '127.0.0.1';
      const r = run('docker', ['swarm', 'init', '--advertise-addr', addr], { env: engine.env(), timeoutMs: 60_000 });
      return r.code === 0 ? undefined : `docker swarm init failed: ${r.stderr.trim()}`;
    },
    after(engine) {
      if (own()) run('docker', ['swarm', 'leave', '--force'], { env: engine.env(), timeoutMs: 60_000 });
    },
  };
}

/**
 * The host's routes (this process's network namespace) that overlap one of `subnets`: a bridge left behind by
 * another engine, or a host network, on a subnet a stack is about to use. Docker does not check explicit subnets
 * against host routes, so such a clash shows up only later, as pings that get no answer; the suite names it
 * first. Routes on `ownDevices` (the engine's own bridges) are not clashes.
 */
export function hostRouteClashes(subnets: readonly string[], ownDevices: readonly string[] = []): string[] {
  const wanted = subnets.map((s) => Cidr.tryParse(s)).filter((c): c is Cidr => c instanceof Cidr);
  if (wanted.length === 0) return [];
  const clashes: string[] = [];
  for (const family of ['-4', '-6']) {
    const r = run('ip', ['-j', family, 'route', 'show'], { timeoutMs: 10_000 });
    if (r.code !== 0) continue;
    let routes: { dst?: string; dev?: string }[] = [];
    try {
      routes = JSON.parse(r.stdout);
    } catch {
      continue;
    }
    for (const route of routes) {
      if (!route.dst || route.dst === 'default' || (route.dev && ownDevices.includes(route.dev))) continue;
      const dst = Cidr.tryParse(route.dst.includes('/') ? route.dst : `${route.dst}/${route.dst.includes(':') ? 128 : 32}`);
      if (!(dst instanceof Cidr)) continue;
      const hit = wanted.find((w) => w.family === dst.family && w.overlaps(dst));
      if (hit) clashes.push(`${route.dst} dev ${route.dev ?? '?'} overlaps ${hit.toString()}`);
    }
  }
  return clashes;
}
