import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Cidr } from '../cidr';
import { findOverlaps } from '../address-pool';
import { Errors } from '../errors';
import type { DockerHost } from '../docker-host';
import type { ExposedPort } from '../container';
import { HostInterface, NODE_PORT_RANGE } from '../exposure';
import { fnv1a } from './hash';

interface NamedEntry {
  readonly owner: IConstruct;
  readonly name: string;
}

interface SubnetEntry {
  readonly owner: IConstruct;
  readonly cidr: Cidr;
  readonly label: string;
}

/**
 * What one Docker host holds, for the checks that need all of it: names unique per kind, subnets that do not
 * overlap each other or the engine's own ranges. Problems are computed once, then handed to each construct's
 * validation so that every message carries the path of the construct at fault.
 */
export class HostRegistry {
  private readonly names = new Map<string, NamedEntry[]>();
  private readonly subnets: SubnetEntry[] = [];
  private readonly extraSubnets: { cidr: Cidr; label: string }[] = [];
  private readonly ports: ExposedPort[] = [];
  private problems?: Map<IConstruct, string[]>;
  private hostPorts?: Map<ExposedPort, number | undefined>;

  constructor(private readonly host: DockerHost) {}

  /** Records a named object (`kind` is `network`, `container`, `service`) for the duplicate check. */
  public addName(kind: string, owner: IConstruct, name: string): void {
    if (Token.isUnresolved(name)) return;
    const list = this.names.get(kind) ?? [];
    list.push({ owner, name });
    this.names.set(kind, list);
    this.problems = undefined;
  }

  /** Records a subnet of `owner` for the overlap checks. */
  public addSubnet(owner: IConstruct, cidr: Cidr, label: string): void {
    this.subnets.push({ owner, cidr, label });
    this.problems = undefined;
  }

  /** Records a subnet used on this host by something outside its own networks (a swarm-wide overlay). */
  public addForeignSubnet(cidr: Cidr, label: string): void {
    this.extraSubnets.push({ cidr, label });
    this.problems = undefined;
  }

  /** Records a port published on this host. */
  public addPort(entry: ExposedPort): void {
    this.ports.push(entry);
    this.problems = undefined;
    this.hostPorts = undefined;
  }

  /** The host port of a published port: fixed, allocated (node ports) or undefined (the engine picks). */
  public hostPortOf(entry: ExposedPort): number | undefined {
    if (!this.hostPorts) this.hostPorts = this.allocatePorts().ports;
    return this.hostPorts.get(entry);
  }

  /**
   * Fixed host ports first; then node ports without one, each at a port derived from its container name and
   * port (FNV-1a), probing upwards, in sorted order of that key, so the result depends on the set of ports, not
   * on declaration order.
   */
  private allocatePorts(): { ports: Map<ExposedPort, number | undefined>; problems: Map<ExposedPort, string> } {
    const ports = new Map<ExposedPort, number | undefined>();
    const problems = new Map<ExposedPort, string>();
    const taken = new Set<string>();
    const key = (proto: string, port: number) => `${proto}/${port}`;
    for (const e of this.ports) {
      const fixed = e.exposure._options.hostPort;
      ports.set(e, fixed);
      if (fixed !== undefined) taken.add(key(e.port.protocol, fixed));
    }
    const size = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
    const auto = this.ports
      .filter((e) => e.exposure.kind === 'node-port' && e.exposure._options.hostPort === undefined)
      .map((e) => ({ e, k: `${e.owner.containerName ?? e.owner.node.path}/${e.port}` }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    for (const { e, k } of auto) {
      const start = fnv1a(k) % size;
      let chosen: number | undefined;
      for (let i = 0; i < size; i++) {
        const candidate = NODE_PORT_RANGE.min + ((start + i) % size);
        if (!taken.has(key(e.port.protocol, candidate))) {
          chosen = candidate;
          break;
        }
      }
      if (chosen === undefined) problems.set(e, Errors.nodePortsExhausted(e.port.toString()));
      else taken.add(key(e.port.protocol, chosen));
      ports.set(e, chosen);
    }
    return { ports, problems };
  }

  /** The problems concerning `owner`. */
  public problemsFor(owner: IConstruct): string[] {
    if (!this.problems) this.problems = this.compute();
    return this.problems.get(owner) ?? [];
  }

  private compute(): Map<IConstruct, string[]> {
    const out = new Map<IConstruct, string[]>();
    const report = (owner: IConstruct, msg: string) => {
      const l = out.get(owner) ?? [];
      l.push(msg);
      out.set(owner, l);
    };
    for (const [kind, entries] of this.names) {
      const first = new Map<string, NamedEntry>();
      for (const e of entries) {
        const prev = first.get(e.name);
        if (prev && kind === 'bridge') report(e.owner, Errors.bridgeTaken(e.name, this.host.displayName, prev.owner.node.path));
        else if (prev) report(e.owner, Errors.duplicateName(kind, e.name, this.host.displayName, prev.owner.node.path));
        else first.set(e.name, e);
      }
    }
    // Published ports: node-port range, then clashes on (interface, port, protocol); the unspecified address
    // (0.0.0.0, ::, however written) covers every address.
    const { ports, problems: portProblems } = this.allocatePorts();
    this.hostPorts = ports;
    for (const [e, msg] of portProblems) report(e.owner, msg);
    const claimed: { e: ExposedPort; port: number }[] = [];
    for (const e of this.ports) {
      const port = ports.get(e);
      if (port === undefined) continue;
      if (Token.isUnresolved(port)) {
        // A token: not range-checked; the same token twice is still a clash (it encodes to the same number).
      } else if (e.exposure.kind === 'node-port' && (port < NODE_PORT_RANGE.min || port > NODE_PORT_RANGE.max)) report(e.owner, Errors.nodePortRange(port));
      else if (!Number.isInteger(port) || port < 1 || port > 65535) report(e.owner, Errors.badPort(`${port} (host port)`));
      const ip = e.exposure.hostInterface.ip;
      const clash = claimed.find((c) => c.port === port && c.e.port.protocol === e.port.protocol && sameSocket(c.e.exposure.hostInterface, e.exposure.hostInterface));
      if (clash) report(e.owner, Errors.portClash(ip, port, e.port.protocol, this.host.displayName, clash.e.owner.node.path));
      claimed.push({ e, port });
    }
    // Own subnets against each other: report on the later one, naming the earlier.
    const cidrs = this.subnets.map((s) => s.cidr);
    for (const { a, b } of findOverlaps(cidrs)) {
      const x = this.subnets[a];
      const y = this.subnets[b];
      if (x.owner === y.owner) continue;
      report(y.owner, Errors.subnetOverlap(y.cidr.toString(), x.cidr.toString(), `${x.label} (${x.owner.node.path})`));
    }
    // Own subnets against the engine's ranges.
    const external = [...this.host.reservedRanges(), ...this.extraSubnets];
    if (external.length > 0) {
      for (const s of this.subnets) {
        for (const r of external) {
          if (s.cidr.overlaps(r.cidr)) report(s.owner, Errors.subnetOverlap(s.cidr.toString(), r.cidr.toString(), r.label));
        }
      }
    }
    return out;
  }
}


/**
 * True when two host interfaces cannot hold one port at once: the same address however written, or the unspecified
 * address and any other. Across families too: docker-proxy before Docker 27 listens on a dual-stack socket for
 * `0.0.0.0`, which holds the port on every IPv6 address as well.
 */
function sameSocket(a: HostInterface, b: HostInterface): boolean {
  const x = a._key;
  const y = b._key;
  return x.value === y.value || x.every || y.every;
}
