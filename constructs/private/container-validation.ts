import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { formatIpAddress, IpAddress, parseIpAddress } from '../cidr';
import { ContainerProps, RestartPolicy } from '../container-props';
import { ContainerErrors } from '../container-errors';
import { ContainerFile, containerFileProblems } from '../container-file';
import { runtimeProblems } from '../container-process';
import { dependencyProblems } from '../dependency';
import type { DockerHost } from '../docker-host';
import { Errors } from '../errors';
import { imageReferenceProblems } from '../image';
import type { INetwork, SubnetFacts } from '../network';
import type { InsecureOptions } from '../security';
import { reportWarnings } from '../warnings';
import { capabilityProblem, privilegedCapabilityReason } from './capabilities';
import { envProblems, imageProblem } from './container-checks';
import type { Attachment, ContainerState } from './container-state';
import { checkName } from './ipam';
import { sharesNamespace } from './link-plan';
import { reservedLabelProblems } from './ownership';

/**
 * A container's checks at synth, over its accumulated state (private/container-state.ts): every group runs, and
 * all problems are reported together. `construction` holds what the constructor already found.
 */
export function containerProblems(s: ContainerState, construction: readonly string[], escapeHatchWrites: readonly string[]): string[] {
  return [
    ...construction,
    ...s.inputProblems,
    ...escapeHatchWrites,
    ...guarded('networks', () => attachmentProblems(s)),
    ...guarded('links', () => linkProblems(s)),
    ...guarded('exposed ports', () => exposureProblems(s)),
    ...guarded('runtime settings', () => runtimeSettingProblems(s)),
    ...s.self.host._registry.problemsFor(s.self),
    ...guarded('warnings', () => reportWarnings(s.self, containerWarnings(s))),
  ];
}

/** Risky but valid: privileged host ports, ports on every interface, static addresses Docker may also hand out. */
function containerWarnings(s: ContainerState): string[] {
  const out: string[] = [];
  for (const e of s.exposed) {
    if (e.exposure.kind === 'cluster-internal') continue;
    const port = s.self.host._registry.hostPortOf(e);
    if (port !== undefined && !Token.isUnresolved(port) && port < 1024) out.push(Errors.privilegedHostPort(port, e.port.toString()));
    const hi = e.exposure.hostInterface;
    if (hi.everyInterface) out.push(Errors.publishedEverywhere(e.port.toString(), hi.ip));
  }
  for (const a of s.attachments) {
    if (a.ipv4 === undefined || Token.isUnresolved(a.ipv4)) continue;
    const facts = a.network.subnets.find((f) => f.cidr.family === 4);
    if (a.network.kind === 'bridge' && facts && !facts.ipRange) out.push(Errors.staticWithoutIpRange(a.ipv4, a.network.networkName, facts.cidr.toString()));
  }
  return out;
}

function attachmentProblems(s: ContainerState): string[] {
  const out: string[] = [];
  if (s.attachments.length === 0) return [Errors.noNetwork()];
  const special = s.attachments.filter((a) => sharesNamespace(a.network));
  if (special.length > 0 && s.attachments.length > 1) out.push(Errors.mixedNetworkMode(special[0].network.networkName));
  const seen = new Set<INetwork>();
  for (const a of s.attachments) {
    if (seen.has(a.network)) out.push(Errors.attachedTwice(a.network.networkName));
    seen.add(a.network);
    out.push(...networkProblems(s, a.network), ...attachmentOptionProblems(s, a));
  }
  return out;
}

/** Whether the container may join `n` at all: same host (or swarm node), attachable, and the insecure opt-outs. */
function networkProblems(s: ContainerState, n: INetwork): string[] {
  const out: string[] = [];
  const host = s.self.host;
  if (n.memberHosts && !n.memberHosts.includes(host)) out.push(Errors.notSwarmNode(n.networkName, n.memberHosts.map((h) => h.displayName), host.displayName));
  else if (!n.memberHosts && n.host !== host) out.push(Errors.foreignHost(`network ${n.networkName}`, hostLabel(n.host), hostLabel(host), n.host.node.path));
  if (!n.attachable) out.push(Errors.notAttachable(n.networkName));
  if (n.kind === 'host' && !s.insecure.hostNetwork) out.push(Errors.insecureNeeded('the host network', 'hostNetwork', 'CIS Docker Benchmark 5.10'));
  if (n.kind === 'default-bridge' && !s.insecure.defaultBridge) {
    out.push(Errors.insecureNeeded('docker0 (the default bridge)', 'defaultBridge', 'CIS Docker Benchmark 5.30; a BridgeNetwork gives DNS and isolation'));
  }
  return out;
}

/** Aliases and static addresses: only on user-defined networks, valid names, addresses the subnet can give. */
function attachmentOptionProblems(s: ContainerState, a: Attachment): string[] {
  const n = a.network;
  const out: string[] = [];
  if (sharesNamespace(n) || n.kind === 'default-bridge') {
    const fix =
      n.kind === 'default-bridge'
        ? 'Docker allows aliases and user-chosen addresses only on user-defined networks: attach to a BridgeNetwork instead'
        : `a container on ${n.networkName} has no address of its own: drop them`;
    if (a.aliases.length > 0) out.push(Errors.notOnNetworkKind(`aliases ${a.aliases.join(', ')}`, n.networkName, fix));
    for (const ip of [a.ipv4, a.ipv6]) if (ip !== undefined) out.push(Errors.notOnNetworkKind(`static IP ${ip}`, n.networkName, fix));
    return out;
  }
  for (const alias of a.aliases) {
    const p = checkName('alias', alias);
    if (p) out.push(p);
  }
  if (a.ipv4 !== undefined) out.push(...addressProblems(s, a.ipv4, 4, n));
  if (a.ipv6 !== undefined) out.push(...addressProblems(s, a.ipv6, 6, n));
  return out;
}

function linkProblems(s: ContainerState): string[] {
  const out: string[] = [];
  const self = s.self;
  const cycle = self.host._registry.linkCycleOf(self);
  if (cycle) out.push(Errors.linkCycle([...cycle, cycle[0]].map((c) => c.containerName)));
  for (const l of s.outgoing) {
    const p = checkName('link alias', l.alias);
    if (p) out.push(p);
    if (l.to === self) {
      out.push(`the container links to itself; link it to another container`);
      continue;
    }
    if (l.to.host !== self.host) {
      out.push(Errors.foreignHost(`link target ${l.to.node.path}`, hostLabel(l.to.host), hostLabel(self.host), l.to.host.node.path));
      continue;
    }
    const plan = s.plan(l);
    if (plan.kind === 'none') out.push(Errors.linkImpossible(l.to.containerName, l.alias, plan.reason));
    for (const port of l.options.ports ?? []) if (!port.valid) out.push(Errors.badPort(port));
  }
  return out;
}

function exposureProblems(s: ContainerState): string[] {
  const out: string[] = [];
  const mode = s.specialNetwork?.networkName;
  for (const e of s.exposed) {
    if (!e.port.valid) out.push(Errors.badPort(e.port));
    const ip = e.exposure.hostInterface.ip;
    if (e.exposure.kind !== 'cluster-internal' && !Token.isUnresolved(ip) && !parseIpAddress(ip)) out.push(Errors.invalidIp('hostInterface', ip));
    if (mode && e.exposure.kind !== 'cluster-internal') out.push(Errors.portOnSpecialNetwork(e.port.toString(), mode));
    // On docker0 a cluster-internal port is documentation (Compose's `expose`) and feeds link variables.
    if (e.exposure.kind === 'cluster-internal' && !s.attachments.some((a) => a.network.dns || a.network.kind === 'default-bridge')) {
      out.push(`port ${e.port} is cluster-internal but the container is on no user-defined network, so nothing can reach it by name; attach it to a BridgeNetwork`);
    }
  }
  return out;
}

function runtimeSettingProblems(s: ContainerState): string[] {
  const { props, self } = s;
  const out = runtimeProblems(props, {
    restart: (props.restart ?? RestartPolicy.NO).value,
    specialNetwork: s.specialNetwork?.networkName,
    sensitiveMounts: s.insecure.sensitiveMounts,
    hostIpc: s.insecure.hostIpc,
  });
  out.push(...imageReferenceProblems(props.image));
  const files = props.files === undefined || Array.isArray(props.files) ? (props.files ?? []) : [props.files as unknown as ContainerFile];
  out.push(...containerFileProblems(self, files, Array.isArray(props.mounts) ? props.mounts : [], props.readOnlyRootFilesystem === true));
  out.push(...dependencyProblems(self, s.dependencies), ...dependsOnCycleProblems(s));
  for (const m of props.mounts ?? []) {
    const h = m.volume?.host;
    // A created volume's name is a token: the message names its construct path instead.
    const volume = m.volume instanceof Construct ? m.volume.node.path : m.source;
    if (h && h !== self.host) out.push(Errors.foreignHost(`volume ${volume}`, hostLabel(h), hostLabel(self.host), h.node.path));
  }
  const linkAliases = new Set(s.outgoing.map((l) => l.alias));
  for (const name of Object.keys(props.extraHosts ?? {})) if (linkAliases.has(name)) out.push(ContainerErrors.hostEntryClash(name));
  return out;
}

/** A cycle is reported by its first container (by path), whichever of its containers has the dependsOn() edge. */
function dependsOnCycleProblems(s: ContainerState): string[] {
  const out: string[] = [];
  const cycle = s.self.host._registry.orderCycleOf(s.self);
  const viaDependsOn = cycle?.some((c, i) => c._state.dependencies.some((d) => d.other === cycle[(i + 1) % cycle.length]));
  if (cycle && viaDependsOn) out.push(ContainerErrors.dependsOnCycle([...cycle, cycle[0]].map((c) => c.containerName)));
  for (const d of s.dependencies) {
    const theirs = TerraformStack.of(d.other);
    if (theirs !== TerraformStack.of(s.self)) out.push(ContainerErrors.dependsOnOtherStack(d.other.node.path, theirs.node.id));
  }
  return out;
}

function addressProblems(s: ContainerState, text: string, family: 4 | 6, n: INetwork): string[] {
  if (Token.isUnresolved(text)) return [];
  const field = family === 4 ? 'ipv4Address' : 'ipv6Address';
  const ip: IpAddress | undefined = parseIpAddress(text);
  if (!ip) return [Errors.invalidIp(field, text)];
  if (ip.family !== family) return [Errors.familyMismatch(field, text, family === 4 ? 'IPv4' : 'IPv6')];
  // Two containers with one literal address on one network is an error whatever is known of the subnet.
  const owner = n._claimAddress(s.self, ip);
  if (owner !== s.self) return [Errors.ipTakenTwice(text, n.networkName, owner.node.path)];
  if (!n.subnetsKnown) return [];
  const facts = n.subnets.find((f) => f.cidr.family === family);
  if (!facts) return [Errors.staticIpWithoutSubnet(text, n.networkName)];
  const out: string[] = [];
  if (!facts.cidr.containsAddress(ip)) {
    out.push(Errors.notInSubnet(field, text, facts.cidr.toString(), `use an address inside it, e.g. ${facts.cidr.subnet(facts.cidr.bits, 2n).networkAddress}`));
    return out;
  }
  if (facts.cidr.isReservedAddress(ip)) out.push(Errors.reservedAddress(field, text, facts.cidr.toString()));
  else if (facts.gateway && facts.gateway.value === ip.value) out.push(Errors.ipIsGateway(text, n.networkName));
  else if (facts.ipRange && facts.ipRange.containsAddress(ip)) out.push(Errors.ipInsideRange(text, facts.ipRange.toString(), n.networkName, suggestOutside(facts)));
  const aux = facts.auxAddresses?.find((a) => a.ip.value === ip.value);
  if (aux) out.push(Errors.ipIsAux(text, n.networkName, aux.name));
  return out;
}

/** A host address of the subnet outside ipRange and not the gateway, for messages. */
function suggestOutside(facts: SubnetFacts): string {
  const { cidr, ipRange, gateway } = facts;
  for (let v = cidr.network + 1n; v < cidr.last && v < cidr.network + 4096n; v++) {
    if (ipRange && v >= ipRange.network && v <= ipRange.last) continue;
    if (gateway && gateway.value === v) continue;
    return formatIpAddress(cidr.family, v);
  }
  return 'an address outside it';
}

/**
 * Runs one group of checks; a TypeError from a prop of the wrong type (plain JavaScript callers) becomes a problem
 * reported with the others instead of ending the synth with a stack trace.
 */
function guarded(what: string, check: () => string[]): string[] {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return [Errors.uncheckable(what, e.message)];
  }
}

/** A host as messages name it: its alias (or `default`) and its construct path, which tells two `default`s apart. */
function hostLabel(host: DockerHost): string {
  return `${host.displayName} (${host.node.path})`;
}

/** What the props alone show, found at construction: the name, capabilities, env, labels and image. */
export function propProblems(name: string, props: ContainerProps, insecure: InsecureOptions): string[] {
  const problems: string[] = [];
  const nameProblem = checkName('container', name);
  if (nameProblem) problems.push(nameProblem);
  for (const cap of props.capabilities ?? []) {
    const p = capabilityProblem(cap);
    if (p) problems.push(p);
    const strong = privilegedCapabilityReason(cap);
    if (strong && !insecure.privilegedCapabilities && !insecure.privileged) {
      problems.push(ContainerErrors.privilegedCapability(cap, strong, 'insecure: { privilegedCapabilities: true }'));
    }
  }
  problems.push(...envProblems(props.env));
  problems.push(...reservedLabelProblems(props.labels));
  const image = imageProblem(props.image);
  if (image) problems.push(image);
  return problems;
}
