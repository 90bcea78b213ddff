import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Cidr } from '../cidr';
import { findOverlaps } from '../address-pool';
import { Errors } from '../errors';
import type { DockerHost } from '../docker-host';

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
  private problems?: Map<IConstruct, string[]>;

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
        if (prev) report(e.owner, Errors.duplicateName(kind, e.name, this.host.displayName, prev.owner.node.path));
        else first.set(e.name, e);
      }
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
