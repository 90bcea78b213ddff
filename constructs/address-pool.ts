import { Cidr } from './cidr';
import { Errors } from './errors';

/** Options for {@link AddressPool}. */
export interface AddressPoolOptions {
  /**
   * Blocks already promised to keys, e.g. read from a lock file. A reserved key always gets its block back, and
   * no other key is ever given an address inside it.
   * @default - no reservations
   */
  readonly reservations?: Readonly<Record<string, string>>;
  /**
   * Blocks inside the pool that must never be handed out (docker0, a range used outside Docker).
   * @default - none
   */
  readonly exclude?: readonly string[];
}

/** Thrown by {@link AddressPool.allocate} when a request cannot be met. */
export class AddressPoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressPoolError';
  }
}

interface Block {
  readonly start: bigint;
  readonly last: bigint;
}

/**
 * A deterministic subnet allocator: carves blocks of a given prefix length out of one pool, lowest free block
 * first, in the order keys are requested. Reserved keys keep their block whatever the order, so a plan whose
 * earlier allocations are recorded as reservations never moves an existing network when one is added.
 *
 * Pure logic, no constructs: {@link AddressPlan} wraps it for stacks.
 */
export class AddressPool {
  public readonly pool: Cidr;
  private readonly reservations = new Map<string, Cidr>();
  private readonly allocations = new Map<string, Cidr>();
  /** Every block that is taken (reserved, allocated or excluded), kept sorted by start. */
  private readonly used: Block[] = [];

  constructor(pool: string, options: AddressPoolOptions = {}) {
    this.pool = Cidr.parse(pool);
    for (const [key, text] of Object.entries(options.reservations ?? {})) {
      const cidr = Cidr.parse(text);
      if (!this.pool.containsCidr(cidr)) {
        throw new AddressPoolError(Errors.reservationOutsidePool(key, cidr.toString(), this.pool.toString()));
      }
      const clash = [...this.reservations.entries()].find(([, c]) => c.overlaps(cidr));
      if (clash) {
        throw new AddressPoolError(Errors.reservationsOverlap(`${clash[0]}=${clash[1]}`, `${key}=${cidr}`));
      }
      this.reservations.set(key, cidr);
      this.markUsed(cidr);
    }
    for (const text of options.exclude ?? []) {
      const cidr = Cidr.parse(text);
      if (cidr.overlaps(this.pool)) this.markUsed(cidr);
    }
  }

  /**
   * The block for `key`: its reservation if it has one (the prefix length must match), the block it already
   * got, or the lowest free block of `prefixLength` in the pool.
   * @throws AddressPoolError when the pool has no free block of that size left, or the prefix does not fit.
   */
  public allocate(key: string, prefixLength: number): Cidr {
    const known = this.allocations.get(key) ?? this.reservations.get(key);
    if (known) {
      if (known.prefixLength !== prefixLength) {
        throw new AddressPoolError(
          `${key} is reserved as ${known} but /${prefixLength} was requested; request /${known.prefixLength} or remove the reservation`,
        );
      }
      this.allocations.set(key, known);
      return known;
    }
    if (!Number.isInteger(prefixLength) || prefixLength < this.pool.prefixLength || prefixLength > this.pool.bits) {
      throw new AddressPoolError(Errors.prefixOutsidePool(prefixLength, this.pool.toString(), this.pool.prefixLength, this.pool.bits));
    }
    const size = 1n << BigInt(this.pool.bits - prefixLength);
    let candidate = this.pool.network;
    for (const block of this.used) {
      if (block.last < candidate) continue;
      if (block.start > candidate + size - 1n) break;
      // The block overlaps the candidate: jump past it, staying aligned.
      candidate = ((block.last + 1n + size - 1n) / size) * size;
    }
    if (candidate + size - 1n > this.pool.last) {
      const capacity = this.pool.size / size;
      throw new AddressPoolError(Errors.poolFull(this.pool.toString(), prefixLength, key, capacity.toString(), this.allocations.size, this.reservations.size));
    }
    const cidr = Cidr.fromNetwork(this.pool.family, candidate, prefixLength);
    this.allocations.set(key, cidr);
    this.markUsed(cidr);
    return cidr;
  }

  /** Allocations made so far plus reservations not (yet) requested, by key. */
  public get entries(): ReadonlyMap<string, Cidr> {
    const all = new Map(this.reservations);
    for (const [k, v] of this.allocations) all.set(k, v);
    return all;
  }

  /** Keys allocated that had no reservation. */
  public get newKeys(): string[] {
    return [...this.allocations.keys()].filter((k) => !this.reservations.has(k));
  }

  private markUsed(cidr: Cidr): void {
    const block = { start: cidr.network, last: cidr.last };
    // Binary search for the insertion point keeps `used` sorted.
    let lo = 0;
    let hi = this.used.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.used[mid].start < block.start) lo = mid + 1;
      else hi = mid;
    }
    this.used.splice(lo, 0, block);
  }
}

/** A pair of overlapping CIDRs found by {@link findOverlaps}, by index into the input. */
export interface Overlap {
  readonly a: number;
  readonly b: number;
}

/**
 * Every overlapping pair among `cidrs` (same family only), each pair once with `a < b` in input order.
 * Sort-and-sweep: O(n log n + k) for k overlaps.
 */
export function findOverlaps(cidrs: readonly Cidr[]): Overlap[] {
  const order = cidrs.map((c, i) => ({ c, i })).sort((x, y) => (x.c.family - y.c.family) || (x.c.network < y.c.network ? -1 : x.c.network > y.c.network ? 1 : 0));
  const out: Overlap[] = [];
  const active: { c: Cidr; i: number }[] = [];
  for (const cur of order) {
    for (let k = active.length - 1; k >= 0; k--) {
      if (active[k].c.family !== cur.c.family || active[k].c.last < cur.c.network) active.splice(k, 1);
    }
    for (const prev of active) out.push({ a: Math.min(prev.i, cur.i), b: Math.max(prev.i, cur.i) });
    active.push(cur);
  }
  return out.sort((x, y) => x.a - y.a || x.b - y.b);
}
