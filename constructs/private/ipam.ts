import { Token } from 'cdktf';
import { Cidr, IpAddress, parseIpAddress } from '../cidr';
import { Errors } from '../errors';
import { SubnetFacts } from '../network';
import type { SubnetAllocation } from '../address-plan';
import { NameKind, nameProblem } from './names';

/** One IPAM block as a construct's props give it. */
export interface IpamInput {
  readonly subnet?: string | SubnetAllocation;
  readonly gateway?: string;
  readonly ipRange?: string;
  readonly auxAddresses?: Readonly<Record<string, string>>;
}

/** The provider's `ipam_config` entry. */
export interface IpamConfigEntry {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  auxAddress?: Record<string, string>;
}

/** The outcome of checking one IPAM block. */
export interface IpamResult {
  readonly config?: IpamConfigEntry;
  readonly facts?: SubnetFacts;
  readonly problems: string[];
  /** False when a token or a failed allocation hides the values: skip dependent checks. */
  readonly known: boolean;
}

/**
 * Checks and normalizes one IPAM block: CIDR syntax and host bits, the family, gateway (default: the first
 * host address) inside the subnet and not its network/broadcast address, ip_range inside the subnet, aux
 * addresses inside the subnet. `prefix` names the fields in messages (`subnet`, `ipv6Subnet`).
 */
export function checkIpam(input: IpamInput, family: 4 | 6, prefix = ''): IpamResult {
  const f = (name: string) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  const problems: string[] = [];
  const rawSubnet = input.subnet;
  if (rawSubnet === undefined) {
    if (input.gateway || input.ipRange) problems.push(Errors.ipamNeedsSubnet(`${f('gateway')}/${f('ipRange')}`, f('subnet')));
    return { problems, known: true };
  }
  let subnetText: string;
  if (typeof rawSubnet === 'string') {
    subnetText = rawSubnet;
  } else if (typeof rawSubnet !== 'object' || rawSubnet === null || !('cidr' in rawSubnet)) {
    // Plain JavaScript callers: a number or another object where CIDR text or a plan allocation belongs.
    problems.push(Errors.notText(f('subnet'), rawSubnet, family === 4 ? "'10.20.0.0/24' or plan.allocate('name')" : "'fd00:20::/64'"));
    return { problems, known: false };
  } else {
    if (!rawSubnet.cidr) return { problems, known: false }; // the plan reports it
    subnetText = rawSubnet.cidr.toString();
  }
  for (const [name, value, example] of [['gateway', input.gateway, family === 4 ? "'10.20.0.1'" : "'fd00:20::1'"], ['ipRange', input.ipRange, family === 4 ? "'10.20.0.128/25'" : "'fd00:20::/80'"]] as const) {
    if (value !== undefined && typeof value !== 'string') problems.push(Errors.notText(f(name), value, example));
  }
  if (problems.length > 0) return { problems, known: false };
  const anyToken = [subnetText, input.gateway, input.ipRange].some((v) => v !== undefined && Token.isUnresolved(v));
  if (anyToken) {
    return {
      config: { subnet: subnetText, gateway: input.gateway, ipRange: input.ipRange, auxAddress: input.auxAddresses && { ...input.auxAddresses } },
      problems,
      known: false,
    };
  }
  const parsed = Cidr.tryParse(subnetText);
  if (!(parsed instanceof Cidr)) {
    problems.push(Errors.invalidCidr(f('subnet'), Cidr.describeProblem(subnetText, parsed)));
    return { problems, known: false };
  }
  const cidr = parsed;
  const familyName = family === 4 ? 'IPv4' : 'IPv6';
  if (cidr.family !== family) {
    problems.push(Errors.familyMismatch(f('subnet'), subnetText, familyName));
    return { problems, known: false };
  }
  let gateway: IpAddress | undefined;
  const gatewayText = input.gateway ?? cidr.firstHost;
  const gw = parseIpAddress(gatewayText);
  if (!gw) problems.push(Errors.invalidIp(f('gateway'), gatewayText));
  else if (!cidr.containsAddress(gw)) problems.push(Errors.notInSubnet(f('gateway'), gatewayText, cidr.toString(), `use an address inside it, e.g. ${cidr.firstHost}`));
  else if (cidr.isReservedAddress(gw)) problems.push(Errors.reservedAddress(f('gateway'), gatewayText, cidr.toString()));
  else gateway = gw;

  let ipRange: Cidr | undefined;
  if (input.ipRange !== undefined) {
    const r = Cidr.tryParse(input.ipRange);
    if (!(r instanceof Cidr)) problems.push(Errors.invalidCidr(f('ipRange'), Cidr.describeProblem(input.ipRange, r)));
    else if (!cidr.containsCidr(r)) problems.push(Errors.ipRangeOutsideSubnet(input.ipRange, cidr.toString()));
    else ipRange = r;
  }
  const maxPrefix = family === 4 ? 30 : 126;
  if (cidr.prefixLength > maxPrefix) problems.push(Errors.subnetTooSmall(f('subnet'), cidr.toString(), maxPrefix));
  const aux: { name: string; ip: IpAddress }[] = [];
  for (const [host, addr] of Object.entries(input.auxAddresses ?? {})) {
    if (Token.isUnresolved(addr)) continue;
    const a = parseIpAddress(addr);
    if (!a) problems.push(Errors.invalidIp(`auxAddresses.${host}`, addr));
    else if (!cidr.containsAddress(a)) problems.push(Errors.notInSubnet(`auxAddresses.${host}`, addr, cidr.toString(), 'use an address inside it'));
    else if (gateway && gateway.value === a.value) problems.push(Errors.auxIsGateway(host, addr));
    else if (cidr.isReservedAddress(a)) problems.push(Errors.reservedAddress(`auxAddresses.${host}`, addr, cidr.toString()));
    else aux.push({ name: host, ip: a });
  }
  return {
    config: {
      subnet: cidr.toString(),
      gateway: gatewayText,
      ipRange: input.ipRange,
      auxAddress: input.auxAddresses && Object.keys(input.auxAddresses).length > 0 ? { ...input.auxAddresses } : undefined,
    },
    facts: { cidr, gateway, ipRange, auxAddresses: aux.length > 0 ? aux : undefined },
    problems,
    known: problems.length === 0,
  };
}

/** A problem with `name` under Docker's rule for its kind (see private/names.ts), or undefined; tokens pass. */
export function checkName(kind: NameKind, name: string): string | undefined {
  return nameProblem(kind, name);
}

/** `{ key: value }` labels as the provider's list of `{ label, value }`, or undefined. */
export function labelList(labels?: Readonly<Record<string, string>>): { label: string; value: string }[] | undefined {
  const entries = Object.entries(labels ?? {});
  return entries.length > 0 ? entries.map(([label, value]) => ({ label, value })) : undefined;
}
