import { Address6 } from 'ip-address';
import { Errors } from './errors';

/** IP address family. */
export type IpFamily = 4 | 6;

/** A parsed IP address: its family and its value as an unsigned integer. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
  /** Canonical text form (`10.0.0.1`, `fd00::1`). */
  readonly text: string;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/**
 * Parses one IPv4 or IPv6 address, without a prefix length.
 *
 * IPv4 must be four decimal octets without leading zeros (`010.0.0.1` is rejected: Docker and Go read it
 * differently from some tools). Returns `undefined` for anything else.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (typeof text !== 'string' || text.includes('/')) return undefined;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.');
    if (octets.some((o) => (o.length > 1 && o.startsWith('0')) || Number(o) > 255)) return undefined;
    const value = octets.reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
    return { family: 4, value, text: octets.map(Number).join('.') };
  }
  if (text.includes(':') && Address6.isValid(text) && !text.includes('%')) {
    const a = new Address6(text);
    return { family: 6, value: a.bigInt(), text: a.correctForm() };
  }
  return undefined;
}

const V4_MAPPED = 0xffffn << 32n;

/**
 * The address a socket bound to `ip` listens on, as the engine reads it (Go's `To4`): an IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.1`, `::ffff:0.0.0.0`) is the IPv4 address; anything else is itself.
 */
export function effectiveAddress(ip: IpAddress): IpAddress {
  if (ip.family === 6 && ip.value >> 32n === V4_MAPPED >> 32n) {
    const value = ip.value & 0xffffffffn;
    return { family: 4, value, text: formatIpAddress(4, value) };
  }
  return ip;
}

/**
 * True for the unspecified address of either family, however written (`0.0.0.0`, `::`, `::0`, `0:0:0:0:0:0:0:0`,
 * `0000::`, `::ffff:0.0.0.0`): a port bound to it listens on every interface of the host.
 */
export function isEveryInterface(ip: IpAddress): boolean {
  return effectiveAddress(ip).value === 0n;
}

/** Formats an integer address of a family as text. */
export function formatIpAddress(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  }
  return Address6.fromBigInt(value).correctForm();
}

/** Why a CIDR string could not be parsed, with the corrected form where there is one. */
export interface CidrParseProblem {
  readonly reason: 'syntax' | 'prefix' | 'host-bits';
  /** For `host-bits`: the network address with the same prefix. */
  readonly suggestion?: string;
}

/**
 * An IP network in CIDR notation (`10.20.0.0/16`, `fd00:1::/64`): an immutable value with the arithmetic that
 * subnet planning and validation need. Parsing is strict: a CIDR with host bits set is not silently truncated.
 */
export class Cidr {
  /** Parses a CIDR; throws an Error naming the problem and, for host bits, the network address to use. */
  public static parse(text: string): Cidr {
    const r = Cidr.tryParse(text);
    if (r instanceof Cidr) return r;
    throw new Error(Cidr.describeProblem(text, r));
  }

  /** Parses a CIDR, returning the problem instead of throwing. */
  public static tryParse(text: string): Cidr | CidrParseProblem {
    if (typeof text !== 'string') return { reason: 'syntax' };
    const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
    if (!m) return { reason: 'syntax' };
    const ip = parseIpAddress(m[1]);
    if (!ip) return { reason: 'syntax' };
    const prefix = Number(m[2]);
    const bits = BITS[ip.family];
    if (prefix > bits || (m[2].length > 1 && m[2].startsWith('0'))) return { reason: 'prefix' };
    const hostMask = (1n << BigInt(bits - prefix)) - 1n;
    if ((ip.value & hostMask) !== 0n) {
      const network = ip.value & ~hostMask;
      return { reason: 'host-bits', suggestion: `${formatIpAddress(ip.family, network)}/${prefix}` };
    }
    return new Cidr(ip.family, ip.value, prefix);
  }

  /** A human sentence for a parse problem, used by error messages. */
  public static describeProblem(text: string, problem: CidrParseProblem): string {
    switch (problem.reason) {
      case 'host-bits':
        return Errors.cidrHostBits(text, problem.suggestion!);
      case 'prefix':
        return Errors.cidrPrefix(text);
      default:
        return Errors.notCidr(text);
    }
  }

  /** True when `other` is the same block. */
  public equals(other: Cidr): boolean {
    return this.family === other.family && this.network === other.network && this.prefixLength === other.prefixLength;
  }

  /** Builds a CIDR from a network integer; the caller guarantees there are no host bits. */
  public static fromNetwork(family: IpFamily, network: bigint, prefix: number): Cidr {
    return new Cidr(family, network, prefix);
  }

  private constructor(
    public readonly family: IpFamily,
    /** The network address as an integer. */
    public readonly network: bigint,
    public readonly prefixLength: number,
  ) {}

  /** Total address bits of the family (32 or 128). */
  public get bits(): number {
    return BITS[this.family];
  }

  /** Number of addresses in the block. */
  public get size(): bigint {
    return 1n << BigInt(this.bits - this.prefixLength);
  }

  /** The last address of the block (the broadcast address for IPv4). */
  public get last(): bigint {
    return this.network + this.size - 1n;
  }

  /** Canonical text, e.g. `10.20.0.0/24`. */
  public toString(): string {
    return `${formatIpAddress(this.family, this.network)}/${this.prefixLength}`;
  }

  /** The network address as text. */
  public get networkAddress(): string {
    return formatIpAddress(this.family, this.network);
  }

  /** The first usable host address (what Docker picks as the default gateway). */
  public get firstHost(): string {
    const offset = this.family === 4 && this.prefixLength >= 31 ? 0n : 1n;
    return formatIpAddress(this.family, this.network + offset);
  }

  /** True when `ip` (an address of any family) lies inside this block. */
  public containsAddress(ip: IpAddress): boolean {
    return ip.family === this.family && ip.value >= this.network && ip.value <= this.last;
  }

  /** True when `other` lies entirely inside this block. */
  public containsCidr(other: Cidr): boolean {
    return other.family === this.family && other.network >= this.network && other.last <= this.last;
  }

  /** True when the two blocks share at least one address. */
  public overlaps(other: Cidr): boolean {
    return other.family === this.family && other.network <= this.last && this.network <= other.last;
  }

  /** True for the network address or (IPv4, prefix below /31) the broadcast address. */
  public isReservedAddress(ip: IpAddress): boolean {
    if (ip.family !== this.family) return false;
    if (this.family === 4 && this.prefixLength >= 31) return false;
    if (ip.value === this.network) return true;
    return this.family === 4 && ip.value === this.last;
  }

  /** The `index`-th subnet of length `prefixLength` inside this block. */
  public subnet(prefixLength: number, index: bigint): Cidr {
    const size = 1n << BigInt(this.bits - prefixLength);
    return new Cidr(this.family, this.network + size * index, prefixLength);
  }
}

/** Docker's built-in default bridge (docker0) on a fresh engine. */
export const DOCKER0_SUBNET = '172.17.0.0/16';
/** docker0's gateway on a fresh engine. */
export const DOCKER0_GATEWAY = '172.17.0.1';

/**
 * Docker's default address pools for local networks (moby libnetwork/ipamutils): /16s from 172.17-172.31 and
 * /20s from 192.168.0.0/16; and the swarm pool for overlays (/24s from 10.0.0.0/8).
 */
export const DOCKER_DEFAULT_LOCAL_POOLS: readonly string[] = ['172.17.0.0/16', '172.18.0.0/15', '172.20.0.0/14', '172.24.0.0/13', '192.168.0.0/16'];
/** Docker's default swarm pool for overlay networks. */
export const DOCKER_DEFAULT_SWARM_POOL = '10.0.0.0/8';
