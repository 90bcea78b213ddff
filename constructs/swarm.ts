import { Construct, IConstruct } from 'constructs';
import { findOverlaps } from './address-pool';
import { Cidr } from './cidr';
import { DockerHost } from './docker-host';
import { Errors } from './errors';

/** Properties of a {@link Swarm}. */
export interface SwarmProps {
  /** The manager engine: overlays and services are created through its provider. */
  readonly manager: DockerHost;
  /**
   * Other nodes of the swarm (managers or workers) on which standalone containers may join attachable overlays.
   * @default - none: a single-node swarm
   */
  readonly workers?: readonly DockerHost[];
  /**
   * The swarm's default address pool (`docker swarm init --default-addr-pool`), which Docker draws automatic
   * overlay subnets from (ingress takes the first /24). Overlay subnets must stay out of it unless told.
   * @default 10.0.0.0/8
   */
  readonly defaultAddressPool?: string;
}

/**
 * A Docker swarm this stack deploys into. Swarm membership is not a resource of the Docker provider: run
 * `docker swarm init` on the manager (and `docker swarm join` on the workers) once, before deploying. If the
 * manager is not one, creating the first overlay fails at apply with the engine's error, "This node is not a
 * swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again."
 *
 * Overlay subnets are checked against each other across the swarm, and against the local networks of every
 * node.
 */
export class Swarm extends Construct {
  public readonly manager: DockerHost;
  /** Manager first, then workers. */
  public readonly nodes: readonly DockerHost[];
  public readonly defaultAddressPool: string;
  private readonly overlays: { owner: IConstruct; cidr: Cidr; label: string }[] = [];
  private readonly vnis = new Map<number, IConstruct>();
  private readonly vniProblems = new Map<IConstruct, string[]>();
  private problems?: Map<IConstruct, string[]>;

  constructor(scope: Construct, id: string, props: SwarmProps) {
    super(scope, id);
    this.manager = props.manager;
    this.nodes = [props.manager, ...(props.workers ?? []).filter((w) => w !== props.manager)];
    this.defaultAddressPool = props.defaultAddressPool ?? '10.0.0.0/8';
    const pool = Cidr.tryParse(this.defaultAddressPool);
    this.node.addValidation({
      validate: () => (pool instanceof Cidr ? [] : [Errors.swarmPool(Cidr.describeProblem(this.defaultAddressPool, pool))]),
    });
  }

  /** True when `host` is a node of this swarm. */
  public includes(host: DockerHost): boolean {
    return this.nodes.includes(host);
  }

  /** Records an overlay subnet: checked against other overlays, and on every node against local networks. @internal */
  public _addOverlaySubnet(owner: IConstruct, cidr: Cidr, label: string): void {
    this.overlays.push({ owner, cidr, label });
    this.problems = undefined;
    for (const host of this.nodes) host._registry.addForeignSubnet(cidr, `${label} (overlay of swarm ${this.node.id})`);
  }

  /** Records an overlay's VXLAN id; a second overlay with the same id is reported. @internal */
  public _addVni(owner: IConstruct, vni: number): void {
    const prev = this.vnis.get(vni);
    if (prev) this.vniProblems.set(owner, [Errors.vniTaken(vni, prev.node.path)]);
    else this.vnis.set(vni, owner);
  }

  /** Problems of one overlay. @internal */
  public _problemsFor(owner: IConstruct): string[] {
    if (!this.problems) {
      this.problems = new Map();
      for (const { a, b } of findOverlaps(this.overlays.map((o) => o.cidr))) {
        const x = this.overlays[a];
        const y = this.overlays[b];
        const list = this.problems.get(y.owner) ?? [];
        list.push(Errors.subnetOverlap(y.cidr.toString(), x.cidr.toString(), `${x.label} (${x.owner.node.path}), across swarm ${this.node.id}`));
        this.problems.set(y.owner, list);
      }
    }
    return [...(this.problems.get(owner) ?? []), ...(this.vniProblems.get(owner) ?? [])];
  }
}
