/**
 * The plan of `docker-network-cdktf verify`: which checks the declared topology implies, pure data from the
 * declared model (constructs/report/model.ts) and what each engine holds (addresses, running state, published
 * bindings). No engine is reached here; cli/verify-probe.ts runs the checks and cli/verify.ts is the command.
 *
 * - every pair of containers that share a network carrying traffic (the report's `reachability`): the target's
 *   name and aliases resolve on each shared user-defined network (allow), and it answers on the shared network's
 *   address: TCP on its published ports, the ports its image exposes and the `--port`s, else ping (allow);
 * - every pair that shares none, or only networks with inter-container traffic off: none of the target's
 *   addresses answers, neither ping nor TCP (deny);
 * - a container whose every declared network is internal: its namespace has no route out, asked of its own
 *   kernel towards 192.0.2.1 (TEST-NET-1, unroutable by design; no packet is sent) (deny);
 * - a published port: it answers on its declared host interface (allow) and not on another loopback address
 *   (deny), from the host's own namespace, on loopback or the declared address only;
 * - a swarm service on an overlay a container shares: its name and aliases resolve there (allow).
 */
import { ContainerModel, reachability, TopologyModel } from '../constructs/report';

/** Docker's container names; anything else from a topology file is not given to a probe. */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,253}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** The unroutable-by-design address (RFC 5737 TEST-NET-1) whose route a namespace is asked for. */
export const UNROUTABLE = '192.0.2.1';

/** What one engine holds of one declared container. */
export interface LiveContainer {
  readonly running: boolean;
  /** Its IPv4 address on each network it is attached to, by network name. */
  readonly addresses: Readonly<Record<string, string>>;
  /** Published bindings by `port/protocol`: the host interface and port the engine bound. */
  readonly bindings: Readonly<Record<string, readonly { readonly hostIp: string; readonly hostPort: number }[]>>;
  readonly image?: string;
  /** The TCP ports its image or `docker run --expose` declares (`Config.ExposedPorts`). */
  readonly exposed?: readonly number[];
}

/** What one engine holds of a stack: its declared containers (absent: not on the engine) and which networks are internal. */
export interface LiveHost {
  readonly containers: Readonly<Record<string, LiveContainer>>;
  readonly internalNetworks: readonly string[];
}

export type CheckKind = 'resolves' | 'reaches' | 'isolated' | 'no-way-out' | 'published' | 'published-elsewhere';

/** One command a probe runs, with what it is given. */
export type ProbeStep =
  | { readonly op: 'resolve'; readonly name: string }
  | { readonly op: 'ping'; readonly address: string }
  | { readonly op: 'tcp'; readonly address: string; readonly port: number }
  | { readonly op: 'route'; readonly address: string };

/** One check of the matrix. */
export interface VerifyCheck {
  readonly id: number;
  /** The host whose engine runs the probe. */
  readonly host: string;
  /** The container whose network namespace the probe joins; undefined: the host's own namespace. */
  readonly namespace?: string;
  readonly from: string;
  readonly to: string;
  readonly kind: CheckKind;
  readonly expect: 'allow' | 'deny';
  readonly port?: number;
  readonly network?: string;
  /** What the probe runs: allow passes when any step succeeds (resolve: to one of `addresses`), deny when none does. */
  readonly steps: readonly ProbeStep[];
  /**
   * For `resolves`: the addresses the name must resolve to (any; empty: any address). For `no-way-out`: the
   * container's addresses on networks the engine holds as internal (a route whose source is one of them leads
   * into an internal network, whose forwarded traffic the engine drops).
   */
  readonly addresses?: readonly string[];
  /** For `no-way-out`: the network of each of the container's addresses, for the reason. */
  readonly networkOf?: Readonly<Record<string, string>>;
  /** Set when the check cannot run: it is reported as skipped with this reason. */
  readonly skip?: string;
}

/** Options of {@link planChecks}. */
export interface PlanOptions {
  /** TCP ports to try on every container besides its declared ones. @default [] */
  readonly ports?: readonly number[];
}

interface Member {
  readonly label: string;
  readonly host: string;
  readonly name: string;
  readonly declared: ContainerModel;
  readonly live?: LiveContainer;
}

function members(model: TopologyModel, live: Readonly<Record<string, LiveHost>>): Member[] {
  const multi = model.hosts.length > 1;
  return model.hosts.flatMap((h) =>
    h.containers.map((c) => ({ label: multi ? `${h.name}/${c.name}` : c.name, host: h.name, name: c.name, declared: c, live: live[h.name]?.containers[c.name] })),
  );
}

/** Why a probe cannot start from `m`'s namespace, if it cannot. */
function sourceProblem(m: Member): string | undefined {
  if (!NAME.test(m.name)) return `${JSON.stringify(m.name)} is not a container name a probe can join`;
  if (!m.live) return `${m.label} is not on the engine`;
  if (!m.live.running) return `${m.label} is not running`;
  return undefined;
}

/** Why `m` cannot be a target, if it cannot. */
function targetProblem(m: Member): string | undefined {
  if (!m.live) return `${m.label} is not on the engine`;
  if (!m.live.running) return `${m.label} is not running`;
  return undefined;
}

function portsOf(m: Member, extra: readonly number[]): number[] {
  const declared = m.declared.ports.filter((p) => p.protocol === 'tcp').map((p) => p.port);
  return [...new Set([...declared, ...(m.live?.exposed ?? []), ...extra])].sort((a, b) => a - b);
}

function driverOf(model: TopologyModel, host: string, network: string): string | undefined {
  return model.hosts.find((h) => h.name === host)?.networks.find((n) => n.name === network)?.driver;
}

/** The checks between two containers, as `reachability` of the declared model says they relate. */
function pairChecks(a: Member, b: Member, via: readonly string[], model: TopologyModel, options: PlanOptions, next: () => number): VerifyCheck[] {
  const skip = sourceProblem(a) ?? targetProblem(b);
  const base = { host: a.host, namespace: a.name, from: a.label, to: b.label };
  const ports = portsOf(b, options.ports ?? []);
  const out: VerifyCheck[] = [];
  if (via.length === 0) {
    const special = [a, b].find((m) => m.declared.networks.some((x) => driverOf(model, m.host, x.network) === 'host' || driverOf(model, m.host, x.network) === 'null'));
    if (special) {
      const why = `${special.label} is on the host's namespace or none: the host reaches every container, and none reaches nothing, so no isolation is declared`;
      out.push({ ...base, id: next(), kind: 'isolated', expect: 'deny', steps: [], skip: why });
      return out;
    }
    const addresses = Object.values(b.live?.addresses ?? {}).filter((x) => IPV4.test(x));
    const steps: ProbeStep[] = addresses.flatMap((address) => [{ op: 'ping', address } as ProbeStep, ...ports.map((port) => ({ op: 'tcp', address, port }) as ProbeStep)]);
    const why = skip ?? (addresses.length === 0 ? `${b.label} has no IPv4 address on the engine` : undefined);
    out.push({ ...base, id: next(), kind: 'isolated', expect: 'deny', steps, skip: why });
    return out;
  }
  for (const network of via) {
    const builtin = model.hosts.find((h) => h.name === a.host)?.networks.find((n) => n.name === network)?.builtin;
    const address = b.live?.addresses[network];
    if (!builtin) {
      for (const name of [b.name, ...(b.declared.networks.find((x) => x.network === network)?.aliases ?? [])]) {
        const bad = NAME.test(name) ? undefined : `${JSON.stringify(name)} is not a name a probe looks up`;
        out.push({ ...base, id: next(), kind: 'resolves', expect: 'allow', network, steps: [{ op: 'resolve', name }], addresses: address ? [address] : [], skip: skip ?? bad });
      }
    }
    const missing = skip ?? (address && IPV4.test(address) ? undefined : `${b.label} has no IPv4 address on ${network} on the engine`);
    if (ports.length === 0) out.push({ ...base, id: next(), kind: 'reaches', expect: 'allow', network, steps: missing ? [] : [{ op: 'ping', address: address! }], skip: missing });
    for (const port of ports) out.push({ ...base, id: next(), kind: 'reaches', expect: 'allow', network, port, steps: missing ? [] : [{ op: 'tcp', address: address!, port }], skip: missing });
  }
  return out;
}

/** A container on internal networks only: its kernel has no route out. */
function wayOutChecks(m: Member, model: TopologyModel, live: LiveHost | undefined, next: () => number): VerifyCheck[] {
  const host = model.hosts.find((h) => h.name === m.host)!;
  const nets = m.declared.networks.map((a) => host.networks.find((n) => n.name === a.network));
  if (nets.length === 0 || nets.some((n) => !n || !n.internal)) return [];
  return [
    {
      id: next(),
      host: m.host,
      namespace: m.name,
      from: m.label,
      to: `outside (${UNROUTABLE})`,
      kind: 'no-way-out',
      expect: 'deny',
      network: nets.map((n) => n!.name).join(', '),
      steps: [{ op: 'route', address: UNROUTABLE }],
      addresses: Object.entries(m.live?.addresses ?? {}).filter(([n]) => live?.internalNetworks.includes(n)).map(([, a]) => a),
      networkOf: Object.fromEntries(Object.entries(m.live?.addresses ?? {}).map(([n, a]) => [a, n])),
      skip: sourceProblem(m) ?? (live ? undefined : `host ${m.host} was not read`),
    },
  ];
}

/** A published port answers on its declared interface and on no other loopback address. */
function publishedChecks(m: Member, next: () => number): VerifyCheck[] {
  const out: VerifyCheck[] = [];
  for (const p of m.declared.ports.filter((x) => x.protocol === 'tcp' && (x.kind === 'published' || x.kind === 'node-port'))) {
    const bound = m.live?.bindings[`${p.port}/tcp`] ?? [];
    const hostPort = p.hostPort ?? bound[0]?.hostPort;
    const skip = targetProblem(m) ?? (hostPort === undefined ? `${m.label} ${p.port}/tcp has no host port on the engine` : undefined);
    const every = p.hostIp === '0.0.0.0' || p.hostIp === '::';
    const at = every ? '127.0.0.1' : p.hostIp;
    const base = { host: m.host, from: `host ${m.host}`, to: m.label, port: hostPort };
    const local = IPV4.test(at) ? undefined : `${p.hostIp} is not an IPv4 address a probe connects to`;
    out.push({ ...base, id: next(), kind: 'published', expect: 'allow', network: at, steps: skip || local ? [] : [{ op: 'tcp', address: at, port: hostPort! }], skip: skip ?? local });
    if (every) continue;
    // Another loopback address: 127.0.0.2 where 127.0.0.1 is declared, else 127.0.0.1. Nothing leaves the host.
    const other = at === '127.0.0.1' ? '127.0.0.2' : '127.0.0.1';
    out.push({ ...base, id: next(), kind: 'published-elsewhere', expect: 'deny', network: other, steps: skip ? [] : [{ op: 'tcp', address: other, port: hostPort! }], skip });
  }
  return out;
}

/** Services on an overlay a container shares: their names and aliases resolve there. */
function serviceChecks(model: TopologyModel, all: readonly Member[], next: () => number): VerifyCheck[] {
  const out: VerifyCheck[] = [];
  for (const s of model.services) {
    for (const a of all) {
      for (const att of s.networks.filter((n) => a.declared.networks.some((x) => x.network === n.network))) {
        for (const name of [s.name, ...att.aliases]) {
          const bad = NAME.test(name) ? undefined : `${JSON.stringify(name)} is not a name a probe looks up`;
          out.push({ id: next(), host: a.host, namespace: a.name, from: a.label, to: `service ${s.name}`, kind: 'resolves', expect: 'allow', network: att.network, steps: [{ op: 'resolve', name }], addresses: [], skip: sourceProblem(a) ?? bad });
        }
      }
    }
  }
  return out;
}

/** Every check the declared topology implies, against what the engines hold. */
export function planChecks(model: TopologyModel, live: Readonly<Record<string, LiveHost>>, options: PlanOptions = {}): VerifyCheck[] {
  let id = 0;
  const next = () => ++id;
  const all = members(model, live);
  const byLabel = new Map(all.map((m) => [m.label, m]));
  const checks: VerifyCheck[] = [];
  for (const row of reachability(model)) {
    const a = byLabel.get(row.from);
    const b = byLabel.get(row.to);
    if (!a || !b) continue; // services: see serviceChecks
    checks.push(...pairChecks(a, b, row.via, model, options, next));
  }
  for (const m of all) checks.push(...wayOutChecks(m, model, live[m.host], next));
  for (const m of all) checks.push(...publishedChecks(m, next));
  checks.push(...serviceChecks(model, all, next));
  return checks;
}

/** True when `name` may be given to a probe as a container name or a name to look up. */
export function probeSafeName(name: string): boolean {
  return NAME.test(name);
}
