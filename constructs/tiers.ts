import { Construct } from 'constructs';
import { AddressPlan } from './address-plan';
import { BridgeNetwork } from './bridge-network';
import { Container } from './container';
import { DockerHost } from './docker-host';
import { Errors } from './errors';
import { libraryLabels } from './private/ownership';
import { planTierNetworks } from './tier-plan';

/** Options of one tier. */
export interface TierOptions {
  /**
   * No route out of the host for this tier: every network it is on is `internal`.
   * @default false
   */
  readonly internal?: boolean;
}

/** Properties of {@link TieredNetwork}. */
export interface TieredNetworkProps {
  /** @default - the only DockerHost of the stack */
  readonly host?: DockerHost;
  /**
   * Where the networks' subnets come from, keyed by network name.
   * @default - Docker picks them
   */
  readonly addressPlan?: AddressPlan;
  /**
   * Prefix of the Docker network names (`<prefix>-app-edge`).
   * @default - the construct id
   */
  readonly namePrefix?: string;
}

/** One row of a reachability matrix. */
export interface Reachability {
  readonly from: string;
  readonly to: string;
  /** The networks they share; empty when `from` cannot reach `to`. */
  readonly via: readonly string[];
}

/**
 * A tier of a {@link TieredNetwork}: a group of containers with the same reachability.
 */
export class Tier {
  /** @internal */ public readonly _allowed = new Set<Tier>();
  /** @internal */ public readonly _containers: { container: Container; aliases: readonly string[] }[] = [];

  /** @internal */
  public get _owner(): TieredNetwork {
    return this.owner;
  }

  /** @internal */
  constructor(
    private readonly owner: TieredNetwork,
    public readonly name: string,
    public readonly options: TierOptions,
  ) {}

  /**
   * Lets `other` and this tier reach each other. Docker networks are symmetric: a shared network carries
   * traffic both ways, so `app.allowFrom(edge)` also lets app open connections to edge.
   */
  public allowFrom(other: Tier): this {
    if (other._owner !== this.owner) {
      this.owner._problem(Errors.tierOfOtherNetwork(this.name, other.name, other._owner.node.path));
      return this;
    }
    this.owner._checkOpen(`${this.name}.allowFrom(${other.name})`);
    this._allowed.add(other);
    other._allowed.add(this);
    return this;
  }

  /**
   * Puts a container in this tier: it joins every network of the tier, with `aliases` on each. The first call
   * on any tier fixes the networks; declare all tiers and allowFrom() rules before it.
   */
  public add(container: Container, aliases: readonly string[] = []): this {
    this._containers.push({ container, aliases });
    for (const network of this.owner._networksOf(this)) container.attach(network, { aliases });
    return this;
  }

  /** The containers added to this tier, in the order added. */
  public get containers(): readonly Container[] {
    return this._containers.map((c) => c.container);
  }

  /** The networks this tier is on (fixes the plan). */
  public get networks(): BridgeNetwork[] {
    return this.owner._networksOf(this);
  }
}

/**
 * Tiers with declared reachability (edge, app, data), in the spirit of aws-cdk's `Connections`: you say who
 * may talk to whom, the construct creates the fewest bridge networks that allow exactly that (a network per
 * group of tiers that may all talk to each other), attaches each container to its tier's networks, and
 * reports the resulting reachability as data.
 *
 * @example
 * const tiers = new TieredNetwork(stack, 'shop', { addressPlan: plan });
 * const edge = tiers.addTier('edge');
 * const app = tiers.addTier('app');
 * const data = tiers.addTier('data', { internal: true });
 * app.allowFrom(edge);
 * data.allowFrom(app); // edge and data share no network
 * edge.add(proxy); app.add(api); data.add(db);
 */
export class TieredNetwork extends Construct {
  private readonly tiers: Tier[] = [];
  private readonly props: TieredNetworkProps;
  private readonly late: string[] = [];
  private readonly problems: string[] = [];
  private planned?: { members: Tier[]; network: BridgeNetwork }[];

  constructor(scope: Construct, id: string, givenProps: TieredNetworkProps = {}) {
    super(scope, id);
    const props: TieredNetworkProps = givenProps ?? {}; // null from plain JavaScript: the defaults
    this.props = props;
    this.node.addValidation({
      validate: () => [
        ...this.problems,
        ...this.late.map(
          (what) => `${what} came after containers were added, when the networks were already fixed; declare every tier and allowFrom() rule before the first add()`,
        ),
      ],
    });
  }

  /** Declares a tier. */
  public addTier(name: string, options: TierOptions = {}): Tier {
    this._checkOpen(`addTier(${name})`);
    const existing = this.tiers.find((t) => t.name === name);
    if (existing) {
      this.problems.push(Errors.tierTwice(name));
      return existing;
    }
    const tier = new Tier(this, name, options);
    this.tiers.push(tier);
    return tier;
  }

  /** The tiers, in the order declared. */
  public get allTiers(): readonly Tier[] {
    return [...this.tiers];
  }

  /** Every network created, with the tiers on it. */
  public get networks(): { network: BridgeNetwork; tiers: string[] }[] {
    return this.plan().map((p) => ({ network: p.network, tiers: p.members.map((t) => t.name) }));
  }

  /** Tier-level reachability: for each ordered pair of distinct tiers, the networks they share. */
  public tierReachability(): Reachability[] {
    const plan = this.plan();
    const rows: Reachability[] = [];
    for (const a of this.tiers) {
      for (const b of this.tiers) {
        if (a === b) continue;
        rows.push({ from: a.name, to: b.name, via: plan.filter((p) => p.members.includes(a) && p.members.includes(b)).map((p) => p.network.networkName) });
      }
    }
    return rows;
  }

  /**
   * Container-level reachability: for each ordered pair of distinct containers in the tiers, the networks
   * they share (an empty list: they cannot reach each other). What a real-engine test checks against.
   */
  public reachability(): Reachability[] {
    const members = this.tiers.flatMap((t) => t._containers.map((c) => c.container));
    const rows: Reachability[] = [];
    for (const a of members) {
      for (const b of members) {
        if (a === b) continue;
        const via = a.networks.filter((n) => b.networks.includes(n)).map((n) => n.networkName);
        rows.push({ from: a.containerName, to: b.containerName, via });
      }
    }
    return rows;
  }

  /** Records a problem reported at synth. @internal */
  public _problem(message: string): void {
    this.problems.push(message);
  }

  /** @internal */
  public _checkOpen(what: string): void {
    if (this.planned) this.late.push(what);
  }

  /** @internal */
  public _networksOf(tier: Tier): BridgeNetwork[] {
    return this.plan()
      .filter((p) => p.members.includes(tier))
      .map((p) => p.network);
  }

  private plan(): { members: Tier[]; network: BridgeNetwork }[] {
    if (this.planned) return this.planned;
    const pairs: [string, string][] = [];
    for (const t of this.tiers) for (const o of t._allowed) pairs.push([t.name, o.name]);
    const { networks } = planTierNetworks(
      this.tiers.map((t) => t.name),
      pairs,
    );
    const prefix = this.props.namePrefix ?? this.node.id;
    this.planned = networks.map((names) => {
      const members = names.map((n) => this.tiers.find((t) => t.name === n)!);
      const name = `${prefix}-${names.join('-')}`;
      const network = new BridgeNetwork(this, names.join('-'), {
        host: this.props.host,
        name,
        internal: members.some((m) => m.options.internal) || undefined,
        subnet: this.props.addressPlan?.allocate(name),
        labels: libraryLabels({ 'docker-network-cdktf/tiers': names.join(',') }),
      });
      return { members, network };
    });
    return this.planned;
  }
}
