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

/** Names a field in messages: `subnet`, or `ipv6Subnet` under the prefix `ipv6`. */
type FieldName = (name: string) => string;

/**
 * Checks and normalizes one IPAM block: CIDR syntax and host bits, the family, gateway (default: the first
 * host address) inside the subnet and not its network/broadcast address, ip_range inside the subnet, aux
 * addresses inside the subnet. `prefix` names the fields in messages (`subnet`, `ipv6Subnet`).
 */
export function checkIpam(input: IpamInput, family: 4 | 6, prefix = ''): IpamResult {
  const f: FieldName = (name) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  if (input.subnet === undefined) {
    const problems = input.gateway || input.ipRange ? [Errors.ipamNeedsSubnet(`${f('gateway')}/${f('ipRange')}`, f('subnet'))] : [];
    return { problems, known: true };
  }
  const text = ipamTexts(input, family, f);
  if (typeof text !== 'string') return text;
  if ([text, input.gateway, input.ipRange].some((v) => v !== undefined && Token.isUnresolved(v))) {
    const config = { subnet: text, gateway: input.gateway, ipRange: input.ipRange, auxAddress: input.auxAddresses && { ...input.auxAddresses } };
    return { config, problems: [], known: false };
  }
  const parsed = Cidr.tryParse(text);
  if (!(parsed instanceof Cidr)) return { problems: [Errors.invalidCidr(f('subnet'), Cidr.describeProblem(text, parsed))], known: false };
  if (parsed.family !== family) return { problems: [Errors.familyMismatch(f('subnet'), text, family === 4 ? 'IPv4' : 'IPv6')], known: false };
  return checkInSubnet(input, parsed, family, f);
}

/**
 * The subnet's text, or the result for a block whose values are not text (a plain JavaScript caller's number or
 * object where CIDR text or a plan allocation belongs) or whose allocation failed (the plan reports that).
 */
function ipamTexts(input: IpamInput, family: 4 | 6, f: FieldName): string | IpamResult {
  const raw = input.subnet;
  const problems: string[] = [];
  let text: string | undefined;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw !== 'object' || raw === null || !('cidr' in raw)) {
    return { problems: [Errors.notText(f('subnet'), raw, family === 4 ? "'10.20.0.0/24' or plan.allocate('name')" : "'fd00:20::/64'")], known: false };
  } else if (!raw.cidr) return { problems, known: false };
  else text = raw.cidr.toString();
  for (const [name, value, example] of [['gateway', input.gateway, family === 4 ? "'10.20.0.1'" : "'fd00:20::1'"], ['ipRange', input.ipRange, family === 4 ? "'10.20.0.128/25'" : "'fd00:20::/80'"]] as const) {
    if (value !== undefined && typeof value !== 'string') problems.push(Errors.notText(f(name), value, example));
  }
  return problems.length > 0 ? { problems, known: false } : text;
}

/** The checks against a parsed subnet of the right family: gateway, ip_range, size, aux addresses. */
function checkInSubnet(input: IpamInput, cidr: Cidr, family: 4 | 6, f: FieldName): IpamResult {
  const problems: string[] = [];
  const gatewayText = input.gateway ?? cidr.firstHost;
  const gateway = checkGateway(gatewayText, cidr, f, problems);
  let ipRange: Cidr | undefined;
  if (input.ipRange !== undefined) {
    const r = Cidr.tryParse(input.ipRange);
    if (!(r instanceof Cidr)) problems.push(Errors.invalidCidr(f('ipRange'), Cidr.describeProblem(input.ipRange, r)));
    else if (!cidr.containsCidr(r)) problems.push(Errors.ipRangeOutsideSubnet(input.ipRange, cidr.toString()));
    else ipRange = r;
  }
  const maxPrefix = family === 4 ? 30 : 126;
  if (cidr.prefixLength > maxPrefix) problems.push(Errors.subnetTooSmall(f('subnet'), cidr.toString(), maxPrefix));
  const aux = checkAuxAddresses(input.auxAddresses ?? {}, cidr, gateway, problems);
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

/** The gateway inside the subnet and not its network or broadcast address; else a problem and undefined. */
function checkGateway(text: string, cidr: Cidr, f: FieldName, problems: string[]): IpAddress | undefined {
  const gw = parseIpAddress(text);
  if (!gw) problems.push(Errors.invalidIp(f('gateway'), text));
  else if (!cidr.containsAddress(gw)) problems.push(Errors.notInSubnet(f('gateway'), text, cidr.toString(), `use an address inside it, e.g. ${cidr.firstHost}`));
  else if (cidr.isReservedAddress(gw)) problems.push(Errors.reservedAddress(f('gateway'), text, cidr.toString()));
  else return gw;
  return undefined;
}

/** The aux addresses that are inside the subnet, not the gateway and not reserved (tokens pass unchecked). */
function checkAuxAddresses(input: Readonly<Record<string, string>>, cidr: Cidr, gateway: IpAddress | undefined, problems: string[]): { name: string; ip: IpAddress }[] {
  const aux: { name: string; ip: IpAddress }[] = [];
  for (const [host, addr] of Object.entries(input)) {
    if (Token.isUnresolved(addr)) continue;
    const a = parseIpAddress(addr);
    if (!a) problems.push(Errors.invalidIp(`auxAddresses.${host}`, addr));
    else if (!cidr.containsAddress(a)) problems.push(Errors.notInSubnet(`auxAddresses.${host}`, addr, cidr.toString(), 'use an address inside it'));
    else if (gateway && gateway.value === a.value) problems.push(Errors.auxIsGateway(host, addr));
    else if (cidr.isReservedAddress(a)) problems.push(Errors.reservedAddress(`auxAddresses.${host}`, addr, cidr.toString()));
    else aux.push({ name: host, ip: a });
  }
  return aux;
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
