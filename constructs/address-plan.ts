import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { AddressPool, AddressPoolError } from './address-pool';
import { Cidr } from './cidr';
import { Errors } from './errors';

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

interface LockFileContents {
  readonly pool?: string;
  readonly allocations?: Record<string, string>;
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

  constructor(scope: Construct, id: string, props: AddressPlanProps) {
    super(scope, id);
    this.pool = props.pool;
    this.prefixLength = props.prefixLength ?? 24;
    this.lockFile = props.lockFile;
    const fromLock = props.lockFile ? readLock(props.lockFile, this.problems) : {};
    this.lockKeys = new Set(Object.keys(fromLock));
    const parsed = Cidr.tryParse(props.pool);
    if (!(parsed instanceof Cidr)) {
      this.problems.push(Errors.invalidCidr('pool', Cidr.describeProblem(props.pool, parsed)));
    } else {
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
            if (update) this.writeLock();
            else out.push(Errors.lockOutOfDate(this.lockFile, missing));
          }
        }
        return out;
      },
    });
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

  private writeLock(): void {
    if (!this.lockFile) return;
    const body = stringifyYaml({ pool: this.pool, allocations: this.allocations });
    const header =
      '# Address plan lock file, written by docker-network-cdktf AddressPlan at synth. Commit it: keys listed here\n' +
      '# keep their subnet whatever the order of networks in code. Delete a line to release a subnet.\n';
    fs.mkdirSync(path.dirname(this.lockFile), { recursive: true });
    fs.writeFileSync(this.lockFile, header + body);
    for (const k of Object.keys(this.allocations)) this.lockKeys.add(k);
  }
}

function readLock(file: string, problems: string[]): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  try {
    const doc = (parseYaml(fs.readFileSync(file, 'utf8')) ?? {}) as LockFileContents;
    const allocations = doc.allocations ?? {};
    for (const [k, v] of Object.entries(allocations)) {
      if (typeof v !== 'string') throw new Error(`allocation ${k} is not a CIDR string`);
    }
    return allocations;
  } catch (e) {
    problems.push(`lock file ${file} cannot be read: ${(e as Error).message.split('\n')[0].replace(/:$/, '')}; fix or delete it`);
    return {};
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
    super(scope, id, { ...props, pool: props.clusterCidr ?? '10.244.0.0/16', prefixLength: props.hostPrefixLength ?? 24 });
  }

  /** The range of one host, keyed by the host's construct path. */
  public hostRange(host: Construct): SubnetAllocation {
    return this.allocate(`host:${host.node.path}`);
  }
}
