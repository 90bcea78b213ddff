/**
 * The topology of a stack as plain data: hosts, networks, containers, services, published ports and warnings.
 * Built from the construct tree ({@link declaredTopology}) or read from an engine (live.ts), rendered as text
 * (text.ts) or a diagram (diagram.ts), compared (diff.ts), and written as JSON as it is.
 */
import { DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { BridgeNetwork } from '../bridge-network';
import { formatIpAddress, IpAddress } from '../cidr';
import { Container } from '../container';
import { DockerHost } from '../docker-host';
import { INetwork } from '../network';
import { OverlayNetwork } from '../overlay-network';
import { SwarmService } from '../swarm-service';
import { TieredNetwork } from '../tiers';
import { ACKNOWLEDGED_METADATA } from '../warnings';

/** Version of the JSON shape; bumped on a breaking change of these interfaces. */
export const TOPOLOGY_FORMAT = 1;

/** One IPAM block. */
export interface SubnetModel {
  readonly subnet: string;
  readonly gateway?: string;
  readonly ipRange?: string;
  /** `--aux-address` entries, by host name. */
  readonly auxAddresses?: Readonly<Record<string, string>>;
}

/** One network, as `docker network inspect` would describe it. */
export interface NetworkModel {
  readonly name: string;
  /** `bridge`, `overlay`, `host` or `null` (the `none` network), as Docker names drivers. */
  readonly driver: string;
  /** `local` (one engine) or `swarm` (an overlay spanning the nodes). */
  readonly scope: 'local' | 'swarm';
  /** One of the networks every engine has (bridge/docker0, host, none). */
  readonly builtin: boolean;
  /** Created outside the stack and only referenced by name. */
  readonly imported?: boolean;
  readonly subnets: readonly SubnetModel[];
  /** The Linux bridge (`docker0`, a name given with `bridgeName`, or Docker's `br-<id>` on a live engine). */
  readonly linuxBridge?: string;
  readonly internal: boolean;
  readonly attachable: boolean;
  /** Whether containers on it may talk to each other (`enable_icc`). */
  readonly icc: boolean;
  readonly ipv6: boolean;
  readonly encrypted?: boolean;
  /** Overlays: the hosts whose containers may join. */
  readonly hosts?: readonly string[];
  /** Networks of a TieredNetwork: the tiers on it. */
  readonly tiers?: readonly string[];
}

/** How a container or service joins one network. */
export interface AttachmentModel {
  readonly network: string;
  /** The static address (declared) or the address it got (live). */
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly aliases: readonly string[];
}

/** A port reachable from outside the container's networks. */
export interface PortModel {
  /** The host interface (`127.0.0.1`, `0.0.0.0`). */
  readonly hostIp: string;
  /** The host port; undefined when the engine picks one at start. */
  readonly hostPort?: number;
  readonly port: number;
  readonly protocol: string;
  /** `published`, `node-port` (containers), `ingress` or `host` (services). */
  readonly kind: string;
}

export interface ContainerModel {
  readonly name: string;
  /** The tier of a TieredNetwork the container is in. */
  readonly tier?: string;
  readonly networks: readonly AttachmentModel[];
  readonly ports: readonly PortModel[];
}

/** One engine: its local networks and its containers. */
export interface HostModel {
  /** The host's alias, or `default`. */
  readonly name: string;
  /** How it is reached (`DOCKER_HOST or the local socket`, `ssh://...`). */
  readonly endpoint: string;
  readonly networks: readonly NetworkModel[];
  readonly containers: readonly ContainerModel[];
}

export interface ServiceModel {
  readonly name: string;
  readonly replicas: number;
  /** True for a global service (one task per node): `replicas` is then not compared. */
  readonly global?: boolean;
  readonly endpointMode: string;
  readonly networks: readonly AttachmentModel[];
  readonly ports: readonly PortModel[];
  /** Live only: the task containers, with the host they run on and their attachments. */
  readonly tasks?: readonly { readonly host: string; readonly name: string; readonly networks: readonly AttachmentModel[] }[];
}

/** A warning annotation of a construct. */
export interface WarningModel {
  readonly path: string;
  readonly message: string;
  /** The reason given with `Warnings.of(scope).acknowledge(id, reason)`, for an acknowledged warning. @default - not acknowledged */
  readonly acknowledged?: string;
}

/** A whole stack's topology. */
export interface TopologyModel {
  readonly format: number;
  readonly stack: string;
  /** Built from the code (`declared`) or read from engines (`live`). */
  readonly source: 'declared' | 'live';
  readonly hosts: readonly HostModel[];
  /** Swarm-scoped networks, which span hosts. */
  readonly overlays: readonly NetworkModel[];
  readonly services: readonly ServiceModel[];
  readonly warnings: readonly WarningModel[];
}

/** cdktf's annotation types for warnings (what the library's warnings channel records). */
const WARNING_METADATA = ['@cdktf/warn', 'warning'];

const ip = (a?: IpAddress) => (a ? formatIpAddress(a.family, a.value) : undefined);

function text(scope: IConstruct, value: string): string {
  return Token.isUnresolved(value) ? `<${String(resolveIn(scope, value))}>` : value;
}

function resolveIn(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}

function isNetwork(c: IConstruct): c is INetwork {
  const n = c as Partial<INetwork>;
  return typeof n.networkName === 'string' && typeof n.kind === 'string' && n.host instanceof DockerHost && typeof n._claimAddress === 'function';
}

const DRIVER: Record<string, string> = { 'default-bridge': 'bridge', bridge: 'bridge', overlay: 'overlay', host: 'host', none: 'null' };

function networkModel(n: INetwork, tiers: Map<INetwork, string[]>): NetworkModel {
  const builtin = n.kind === 'default-bridge' || n.kind === 'host' || n.kind === 'none';
  const resource = n instanceof BridgeNetwork || n instanceof OverlayNetwork ? n.resource : undefined;
  const options = (resource?.optionsInput ?? {}) as Record<string, string>;
  const ipam = (Array.isArray(resource?.ipamConfigInput) ? resource!.ipamConfigInput : []) as { auxAddress?: Record<string, string> }[];
  const subnets: SubnetModel[] = n.subnets.map((s, i) => ({
    subnet: s.cidr.toString(),
    gateway: ip(s.gateway),
    ipRange: s.ipRange?.toString(),
    auxAddresses: ipam[i]?.auxAddress && Object.keys(ipam[i].auxAddress!).length > 0 ? { ...ipam[i].auxAddress } : undefined,
  }));
  return strip({
    name: text(n, n.networkName),
    driver: DRIVER[n.kind] ?? n.kind,
    scope: n.kind === 'overlay' ? 'swarm' : 'local',
    builtin,
    imported: !builtin && resource === undefined ? true : undefined,
    subnets,
    linuxBridge: n.linuxBridgeName,
    internal: n.internal,
    attachable: n.attachable,
    icc: options['com.docker.network.bridge.enable_icc'] !== 'false',
    ipv6: subnets.some((s) => s.subnet.includes(':')),
    encrypted: n instanceof OverlayNetwork ? n.encrypted : undefined,
    hosts: n.kind === 'overlay' ? (n.memberHosts ?? [n.host]).map((h) => h.displayName) : undefined,
    tiers: tiers.get(n),
  });
}

function containerModel(c: Container, tierOf: Map<Container, string>): ContainerModel {
  const ports: PortModel[] = c.exposedPorts
    .filter((e) => e.exposure.kind !== 'cluster-internal')
    .map((e) => strip({ hostIp: e.exposure.hostInterface.ip, hostPort: c.hostPortOf(e.port), port: e.port.number, protocol: e.port.protocol, kind: e.exposure.kind }));
  return strip({
    name: text(c, c.containerName),
    tier: tierOf.get(c),
    networks: c.networkAttachments.map((a) =>
      strip({ network: text(c, a.network.networkName), ipv4: a.ipv4Address, ipv6: a.ipv6Address, aliases: [...(a.aliases ?? [])] }),
    ),
    ports,
  });
}

function serviceModel(s: SwarmService): ServiceModel {
  return {
    name: text(s, s.serviceName),
    replicas: s.replicas,
    global: s.global || undefined,
    endpointMode: s.endpointMode.value,
    networks: s.networks.map((n) => ({ network: text(s, n.network.networkName), aliases: [...(n.aliases ?? [])] })),
    ports: s.ports.map((p) => ({ hostIp: '0.0.0.0', hostPort: p.published, port: p.target.number, protocol: p.target.protocol, kind: p.mode })),
  };
}

function endpointText(h: DockerHost): string {
  const url = h.provider.host;
  if (url === undefined) return 'DOCKER_HOST or the local socket';
  return Token.isUnresolved(url) ? String(resolveIn(h, url)) : url;
}

/** Drops undefined fields, so the JSON and snapshots only show what is set. */
function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Warning annotations of every construct under `scope` (recorded at validation: build the model after it). */
function warningAnnotations(scope: IConstruct): WarningModel[] {
  const all = scope.node.findAll();
  const open = all.flatMap((c) => c.node.metadata.filter((m) => WARNING_METADATA.includes(m.type)).map((m) => ({ path: c.node.path, message: String(m.data) })));
  const acknowledged = all.flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === ACKNOWLEDGED_METADATA)
      .map((m) => ({ path: c.node.path, message: String(m.data.message), acknowledged: String(m.data.reason) })),
  );
  return [...open, ...acknowledged];
}

/**
 * The topology the code declares under `scope` (a stack): every DockerHost with the local networks and containers
 * on it, overlays, swarm services, published ports, tier names and warning annotations. Built-in networks
 * appear when something uses them.
 */
export function declaredTopology(scope: IConstruct, stackName: string = scope.node.id): TopologyModel {
  const all = scope.node.findAll();
  const hosts = all.filter((c): c is DockerHost => c instanceof DockerHost);
  const networks = all.filter(isNetwork);
  const containers = all.filter((c): c is Container => c instanceof Container);
  const services = all.filter((c): c is SwarmService => c instanceof SwarmService);
  const tiers = new Map<INetwork, string[]>();
  const tierOf = new Map<Container, string>();
  for (const t of all.filter((c): c is TieredNetwork => c instanceof TieredNetwork)) {
    for (const { network, tiers: names } of t.networks) tiers.set(network, names);
    for (const tier of t.allTiers) for (const c of tier.containers) tierOf.set(c, tier.name);
  }
  // A network or container attached to from elsewhere still belongs to its own host.
  for (const c of containers) for (const n of c.networks) if (!networks.includes(n)) networks.push(n);
  return {
    format: TOPOLOGY_FORMAT,
    stack: stackName,
    source: 'declared',
    hosts: hosts.map((h) => ({
      name: h.displayName,
      endpoint: endpointText(h),
      networks: networks.filter((n) => n.kind !== 'overlay' && n.host === h).map((n) => networkModel(n, tiers)),
      containers: containers.filter((c) => c.host === h).map((c) => containerModel(c, tierOf)),
    })),
    overlays: networks.filter((n) => n.kind === 'overlay').map((n) => networkModel(n, tiers)),
    services: services.map(serviceModel),
    warnings: warningAnnotations(scope),
  };
}

/** One row of the reachability matrix. */
export interface ReachabilityModel {
  /** `host/container` when the stack has several hosts, else the container name; services by name. */
  readonly from: string;
  readonly to: string;
  /** Networks they share that carry traffic between them; empty: unreachable. */
  readonly via: readonly string[];
  /** Networks they share where inter-container communication is off. */
  readonly blocked: readonly string[];
}

/**
 * Which container (or service) reaches which, over which networks: they share a network (a local one on the
 * same host, or an overlay), and that network allows inter-container traffic. `host` and `none` carry nothing
 * between containers here (host-network containers talk over the host's own addresses).
 */
export function reachability(model: TopologyModel): ReachabilityModel[] {
  const multi = model.hosts.length > 1;
  const overlays = new Map(model.overlays.map((o) => [o.name, o]));
  type Member = { label: string; host?: string; networks: string[] };
  const members: Member[] = [];
  for (const h of model.hosts) {
    for (const c of h.containers) members.push({ label: multi ? `${h.name}/${c.name}` : c.name, host: h.name, networks: c.networks.map((a) => a.network) });
  }
  for (const s of model.services) members.push({ label: s.name, networks: s.networks.map((a) => a.network) });
  const local = (host: string | undefined, name: string) => model.hosts.find((h) => h.name === host)?.networks.find((n) => n.name === name);
  const rows: ReachabilityModel[] = [];
  for (const a of members) {
    for (const b of members) {
      if (a === b) continue;
      const via: string[] = [];
      const blocked: string[] = [];
      for (const name of a.networks.filter((n) => b.networks.includes(n))) {
        const net = overlays.get(name) ?? (a.host !== undefined && a.host === b.host ? local(a.host, name) : undefined);
        if (!net || net.driver === 'host' || net.driver === 'null') continue;
        (net.icc ? via : blocked).push(name);
      }
      rows.push({ from: a.label, to: b.label, via, blocked });
    }
  }
  return rows;
}

/** `1 task`, `3 tasks`, or `global (a task per node)`. */
export function taskCount(s: ServiceModel): string {
  return s.global ? 'global (a task per node)' : `${s.replicas} task${s.replicas === 1 ? '' : 's'}`;
}
