import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Cidr } from '../cidr';
import { findOverlaps } from '../address-pool';
import { Errors } from '../errors';
import type { ExposedPort } from './exposed-port';
import { addressOrderCandidates, acceptOrdering, findCycles } from './ordering';
import { allocateHostPorts, hostPortProblems, PortAllocation } from './port-allocation';

export interface NamedEntry {
  readonly owner: IConstruct;
  readonly name: string;
}

export interface SubnetEntry {
  readonly owner: IConstruct;
  readonly cidr: Cidr;
  readonly label: string;
}

/** What the registry reads of its host (a DockerHost; structural, so that this module imports no construct). */
export interface RegistryHost {
  readonly displayName: string;
  reservedRanges(): { cidr: Cidr; label: string }[];
}

/**
 * A container as the host's ordering sees it (a Container; structural, so that this module imports no construct).
 * Networks are opaque keys here.
 */
export interface HostContainer {
  readonly node: { readonly path: string };
  /** The containers whose address this one reads from their `network_data`: Terraform creates those first. */
  _referenceTargets(): readonly HostContainer[];
  /** Every edge Terraform follows from this container: references and explicit dependsOn(). */
  _orderTargets(): readonly HostContainer[];
  /** Networks where it takes a dynamic address from the whole subnet, and networks where it has a static one. */
  _addressRoles(): { readonly dynamicOn: readonly object[]; readonly staticOn: readonly object[] };
}

/** The host's containers as one graph: the library's ordering edges, and the cycles by their first container. */
interface ContainerGraph {
  readonly ordering: Map<HostContainer, HostContainer[]>;
  readonly linkCycles: Map<HostContainer, HostContainer[]>;
  readonly orderCycles: Map<HostContainer, HostContainer[]>;
}

/**
 * What one Docker host holds, for the checks and the rendering that need all of it: names unique per kind,
 * subnets that do not overlap each other or the engine's own ranges, published ports, and its containers' order
 * graph. Derived facts are computed once, on first use at synth, and recomputed only after something was added:
 * each `add*` and {@link containersChanged} drops them here, in one place. Problems are handed to each
 * construct's validation so that every message carries the path of the construct at fault.
 */
export class HostRegistry {
  private readonly names = new Map<string, NamedEntry[]>();
  private readonly subnets: SubnetEntry[] = [];
  private readonly extraSubnets: { cidr: Cidr; label: string }[] = [];
  private readonly ports: ExposedPort[] = [];
  private readonly containers: HostContainer[] = [];
  private problems?: Map<IConstruct, string[]>;
  private allocation?: PortAllocation;
  private graph?: ContainerGraph;

  constructor(private readonly host: RegistryHost) {}

  /** Records a named object (`kind` is `network`, `container`, `service`) for the duplicate check. */
  public addName(kind: string, owner: IConstruct, name: string): void {
    if (Token.isUnresolved(name)) return;
    const list = this.names.get(kind) ?? [];
    list.push({ owner, name });
    this.names.set(kind, list);
    this.problems = undefined;
  }

  /** The named objects of one kind (`network`...) and the subnets recorded: what another stack on the same engine compares. */
  public recorded(kind: string): { readonly names: readonly NamedEntry[]; readonly subnets: readonly SubnetEntry[] } {
    return { names: this.names.get(kind) ?? [], subnets: this.subnets };
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
    this.allocation = undefined;
  }

  /** The host port of a published port: fixed, allocated (node ports) or undefined (the engine picks). */
  public hostPortOf(entry: ExposedPort): number | undefined {
    if (!this.allocation) this.allocation = allocateHostPorts(this.ports);
    return this.allocation.ports.get(entry);
  }

  /** Records a container of this host for the order graph. */
  public addContainer(container: HostContainer): void {
    this.containers.push(container);
    this.graph = undefined;
  }

  /** A container of this host got a network, a link or a dependency: the order graph is drawn again on next use. */
  public containersChanged(): void {
    this.graph = undefined;
  }

  /**
   * The library's ordering edges from `container`: on a bridge network whose dynamic addresses come from the
   * whole subnet (no ipRange), each container without a static address there waits for those with one (see
   * private/ordering.ts).
   */
  public orderingOf<C extends HostContainer>(container: C): readonly C[] {
    return (this.containerGraph().ordering.get(container) ?? []) as C[];
  }

  /** The cycle among references (links) that `container` is the first of, by path. */
  public linkCycleOf<C extends HostContainer>(container: C): readonly C[] | undefined {
    return this.containerGraph().linkCycles.get(container) as C[] | undefined;
  }

  /** The cycle among all order edges (links and dependsOn()) that `container` is the first of, by path. */
  public orderCycleOf<C extends HostContainer>(container: C): readonly C[] | undefined {
    return this.containerGraph().orderCycles.get(container) as C[] | undefined;
  }

  /** The problems concerning `owner`. */
  public problemsFor(owner: IConstruct): string[] {
    if (!this.problems) this.problems = this.compute();
    return this.problems.get(owner) ?? [];
  }

  /** Drawn once per host, not once per container (per container it was quadratic: 70% of a 5,000-container synth). */
  private containerGraph(): ContainerGraph {
    if (this.graph) return this.graph;
    const paths = new Map(this.containers.map((c) => [c, c.node.path]));
    const sorted = [...this.containers].sort((a, b) => (paths.get(a)! < paths.get(b)! ? -1 : paths.get(a)! > paths.get(b)! ? 1 : 0));
    const cycles = (edges: (c: HostContainer) => readonly HostContainer[]) =>
      new Map(findCycles(sorted, edges, (c) => paths.get(c)!).map((cy) => [cy[0], cy] as [HostContainer, HostContainer[]]));
    const candidates = addressOrderCandidates(sorted, (c) => c._addressRoles());
    this.graph = {
      ordering: acceptOrdering((c: HostContainer) => c._orderTargets(), candidates),
      linkCycles: cycles((c) => c._referenceTargets()),
      orderCycles: cycles((c) => c._orderTargets()),
    };
    return this.graph;
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
    this.allocation = allocateHostPorts(this.ports);
    for (const [e, msg] of hostPortProblems(this.ports, this.allocation, this.host.displayName)) report(e.owner, msg);
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
