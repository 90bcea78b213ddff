import { Construct } from 'constructs';
import { AddressPool, AddressPoolError, findOverlaps } from './address-pool';
import { Cidr } from './cidr';
import { Errors } from './errors';
import { readLockFile, writeLockFile } from './private/lock-file';

/**
 * One subnet handed out by an {@link AddressPlan}. Pass it as a network's `subnet`. `cidr` is undefined when
 * the plan could not allocate it; the plan then reports why at synth and the network skips its own checks.
 */
export class SubnetAllocation {
  /** @internal */
  constructor(
    /** The key it was allocated for. */
    public readonly key: string,
    /** The block, or undefined if allocation failed. */
    public readonly cidr: Cidr | undefined,
  ) {}

  /** The CIDR text, e.g. `10.20.3.0/24` (empty when allocation failed). */
  public toString(): string {
    return this.cidr?.toString() ?? '';
  }
}

/** Properties of an {@link AddressPlan}. */
export interface AddressPlanProps {
  /** The block to carve subnets from, e.g. `10.20.0.0/16`. */
  readonly pool: string;
  /**
   * Prefix length of each subnet unless `allocate` is given another.
   * @default 24
   */
  readonly prefixLength?: number;
  /**
   * Keys pinned to blocks, in addition to those of the lock file.
   * @default - none
   */
  readonly reservations?: Readonly<Record<string, string>>;
  /**
   * A YAML file recording every allocation (`allocations: {key: cidr}`). Keys found there keep their block
   * whatever the order of `allocate` calls, and a key removed from the code keeps its block reserved until
   * you delete its line, so adding or removing a network never moves another one. Commit this file.
   * @default - no lock file: allocation follows call order (appending is stable, inserting is not)
   */
  readonly lockFile?: string;
  /**
   * Write new allocations into `lockFile` at synth. When false, a lock file missing a key is a synth error
   * (the `npm ci` of address plans).
   * @default - true, except when the CI environment variable is set
   */
  readonly updateLockFile?: boolean;
}

/**
 * Hands out non-overlapping subnets from one pool, deterministically: lowest free block first, reserved keys
 * first of all. Every IPAM change replaces a Docker network, so plans are made to stay put.
 *
 * @example
 * const plan = new AddressPlan(stack, 'plan', { pool: '10.20.0.0/16', lockFile: 'stacks/address-plan.lock.yaml' });
 * new BridgeNetwork(stack, 'web', { subnet: plan.allocate('web') });
 */
export class AddressPlan extends Construct {
  /** The pool subnets are carved from. */
  public readonly pool: string;
  private readonly allocator?: AddressPool;
  private readonly prefixLength: number;
  private readonly problems: string[] = [];
  private readonly lockFile?: string;
  private readonly lockKeys: Set<string>;
  /** False when the lock file could not be used as it is: it is then never written. */
  private readonly lockUsable: boolean;

  constructor(scope: Construct, id: string, props: AddressPlanProps) {
    super(scope, id);
    this.pool = props.pool;
    this.prefixLength = props.prefixLength ?? 24;
    this.lockFile = props.lockFile;
    const parsed = Cidr.tryParse(props.pool);
    const pool = parsed instanceof Cidr ? parsed : undefined;
    if (!pool) this.problems.push(Errors.invalidCidr('pool', Cidr.describeProblem(props.pool, parsed as Exclude<typeof parsed, Cidr>)));
    const fromLock = props.lockFile ? this.readLock(props.lockFile, pool) : {};
    this.lockUsable = this.problems.length === 0;
    this.lockKeys = new Set(Object.keys(fromLock));
    if (pool) {
      try {
        this.allocator = new AddressPool(props.pool, { reservations: { ...fromLock, ...props.reservations } });
      } catch (e) {
        this.problems.push(Errors.poolProblem((e as Error).message));
      }
    }
    const update = props.updateLockFile ?? !process.env.CI;
    this.node.addValidation({
      validate: () => {
        const out = [...this.problems];
        if (this.lockFile && this.allocator) {
          const missing = [...this.allocator.entries.keys()].filter((k) => !this.lockKeys.has(k));
          if (missing.length > 0) {
            // Never write over a lock file that could not be read as it is, nor while the plan has problems.
            if (!update) out.push(Errors.lockOutOfDate(this.lockFile, missing));
            else if (this.lockUsable && out.length === 0) {
              const problem = writeLockFile(this.lockFile, this.pool, this.allocations);
              if (problem) out.push(problem);
              else for (const k of missing) this.lockKeys.add(k);
            }
          }
        }
        return out;
      },
    });
  }

  /**
   * The lock file's allocations, each checked (CIDR text, no host bits, inside the pool, no overlap, same
   * pool); every problem names the file, the key and its line.
   */
  private readLock(file: string, pool: Cidr | undefined): Record<string, string> {
    const lock = readLockFile(file);
    this.problems.push(...lock.problems);
    if (!lock.ok) return {};
    const at = (line: number, key?: string) => Errors.lockFileAt(file, line, key);
    if (lock.pool && pool) {
      const recorded = Cidr.tryParse(lock.pool.value);
      if (!(recorded instanceof Cidr) || !recorded.equals(pool)) {
        this.problems.push(Errors.lockPoolChanged(at(lock.pool.line), lock.pool.value, pool.toString()));
      }
    }
    const good: { key: string; cidr: Cidr; line: number }[] = [];
    for (const e of lock.entries) {
      const c = Cidr.tryParse(e.value);
      if (!(c instanceof Cidr)) this.problems.push(Errors.lockEntry(at(e.line, e.key), Cidr.describeProblem(e.value, c)));
      else if (pool && (c.family !== pool.family || !pool.containsCidr(c))) {
        this.problems.push(Errors.lockEntry(at(e.line, e.key), `${e.value} is outside the pool ${pool}: remove the line, or change the pool back`));
      } else good.push({ key: e.key, cidr: c, line: e.line });
    }
    for (const { a, b } of findOverlaps(good.map((g) => g.cidr))) {
      const x = good[a];
      const y = good[b];
      this.problems.push(Errors.lockEntry(at(y.line, y.key), `${y.cidr} overlaps ${x.cidr} of ${x.key} (line ${x.line}): give each key its own block`));
    }
    return Object.fromEntries(good.map((g) => [g.key, g.cidr.toString()]));
  }

  /**
   * The subnet for `key` (normally the network's id): its reserved block, or the lowest free one.
   * Calling twice with one key returns the same block.
   */
  public allocate(key: string, prefixLength?: number): SubnetAllocation {
    if (!this.allocator) return new SubnetAllocation(key, undefined);
    try {
      return new SubnetAllocation(key, this.allocator.allocate(key, prefixLength ?? this.prefixLength));
    } catch (e) {
      if (!(e instanceof AddressPoolError)) throw e;
      this.problems.push(Errors.poolProblem(e.message));
      return new SubnetAllocation(key, undefined);
    }
  }

  /** Every allocation and reservation of the plan, by key, as CIDR text. */
  public get allocations(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.allocator?.entries ?? []) out[k] = v.toString();
    return out;
  }
}

/** Properties of a {@link ClusterAddressPlan}. */
export interface ClusterAddressPlanProps extends Omit<AddressPlanProps, 'pool' | 'prefixLength'> {
  /**
   * The cluster CIDR every host's range is carved from.
   * @default 10.244.0.0/16 (flannel's default)
   */
  readonly clusterCidr?: string;
  /**
   * Prefix length of each host's range.
   * @default 24
   */
  readonly hostPrefixLength?: number;
}

/**
 * Per-host address ranges, as Kubernetes gives each node's bridge (`cni0`) its own slice of the cluster CIDR:
 * each Docker host gets one block for its bridge network, so container addresses never collide across hosts.
 * With a lock file, adding a host never moves another host's range.
 *
 * @example
 * const cluster = new ClusterAddressPlan(stack, 'cluster', { lockFile: 'stacks/cluster.lock.yaml' });
 * new BridgeNetwork(stack, 'pods-a', { host: a, subnet: cluster.hostRange(a), bridgeName: 'cni0' });
 */
export class ClusterAddressPlan extends AddressPlan {
  constructor(scope: Construct, id: string, props: ClusterAddressPlanProps = {}) {
    super(scope, id, { ...props, pool: props?.clusterCidr ?? '10.244.0.0/16', prefixLength: props?.hostPrefixLength ?? 24 });
  }

  /** The range of one host, keyed by the host's construct path. */
  public hostRange(host: Construct): SubnetAllocation {
    return this.allocate(`host:${host.node.path}`);
  }
}
