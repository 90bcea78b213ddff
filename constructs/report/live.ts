/**
 * The live side of the report, as data: what the docker CLI said about an engine ({@link EngineSnapshot}) turned
 * into a {@link TopologyModel} scoped to a declared one: its networks, its containers, and whatever touches them.
 * Pure: it works on `docker ... inspect` output. Reaching an engine is the tooling's (cli/engine.ts: the docker CLI
 * and the one decision of which engine a stack talks to); the constructs never start a process for it.
 */
import { Difference } from './diff';
import { AttachmentModel, ContainerModel, HostModel, NetworkModel, PortModel, ServiceModel, TOPOLOGY_FORMAT, TopologyModel } from './model';

/** What `docker network/container/service inspect` said about one engine. */
export interface EngineSnapshot {
  readonly networks: readonly any[];
  readonly containers: readonly any[];
  /** Empty unless the engine is a swarm manager. */
  readonly services: readonly any[];
}

const BUILTIN = new Set(['bridge', 'host', 'none']);

function networkFromInspect(n: any): NetworkModel {
  const options: Record<string, string> = n.Options ?? {};
  const scope = n.Scope === 'swarm' ? 'swarm' : 'local';
  const subnets = ((n.IPAM?.Config ?? []) as any[]).map((c) => {
    const aux = c.AuxiliaryAddresses && Object.keys(c.AuxiliaryAddresses).length > 0 ? { ...c.AuxiliaryAddresses } : undefined;
    return strip({ subnet: c.Subnet as string, gateway: c.Gateway || undefined, ipRange: c.IPRange || undefined, auxAddresses: aux });
  });
  return strip({
    name: n.Name,
    driver: n.Driver,
    scope,
    builtin: scope === 'local' && BUILTIN.has(n.Name),
    subnets,
    linuxBridge: n.Driver === 'bridge' ? options['com.docker.network.bridge.name'] ?? `br-${String(n.Id).slice(0, 12)}` : undefined,
    internal: n.Internal === true,
    attachable: scope === 'local' ? true : n.Attachable === true,
    icc: options['com.docker.network.bridge.enable_icc'] !== 'false',
    ipv6: n.EnableIPv6 === true,
    encrypted: n.Driver === 'overlay' ? 'encrypted' in options : undefined,
  });
}

function containerFromInspect(c: any): ContainerModel {
  const name = String(c.Name).replace(/^\//, '');
  const shortId = String(c.Id).slice(0, 12);
  const nets: Record<string, any> = c.NetworkSettings?.Networks ?? {};
  const networks: AttachmentModel[] = Object.entries(nets).map(([network, a]) =>
    strip({
      network,
      ipv4: a.IPAddress || undefined,
      ipv6: a.GlobalIPv6Address || undefined,
      // Docker adds the short id (and, since 25, the name) as aliases of its own.
      aliases: ((a.Aliases ?? []) as string[]).filter((x) => x !== shortId && x !== name),
    }),
  );
  const ports: PortModel[] = [];
  for (const [key, bindings] of Object.entries<any[]>(c.HostConfig?.PortBindings ?? {})) {
    const [port, protocol] = key.split('/');
    for (const b of bindings ?? []) {
      ports.push(strip({ hostIp: b.HostIp || '0.0.0.0', hostPort: b.HostPort ? Number(b.HostPort) : undefined, port: Number(port), protocol: protocol ?? 'tcp', kind: 'published' }));
    }
  }
  return { name, networks, ports };
}

function serviceFromInspect(s: any, networkName: (id: string) => string): ServiceModel {
  const spec = s.Spec ?? {};
  const ports = ((s.Endpoint?.Ports ?? spec.EndpointSpec?.Ports ?? []) as any[]).map((p) => ({
    hostIp: '0.0.0.0',
    hostPort: p.PublishedPort,
    port: p.TargetPort,
    protocol: p.Protocol ?? 'tcp',
    kind: p.PublishMode ?? 'ingress',
  }));
  return {
    name: spec.Name,
    replicas: spec.Mode?.Replicated?.Replicas ?? 0,
    global: spec.Mode?.Global !== undefined || undefined,
    endpointMode: spec.EndpointSpec?.Mode ?? 'vip',
    networks: ((spec.TaskTemplate?.Networks ?? []) as any[]).map((n) => ({ network: networkName(n.Target), aliases: [...(n.Aliases ?? [])] })),
    ports,
  };
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The live topology of what `declared` covers, from one snapshot per declared host (by host name): the
 * declared networks and containers as the engine has them, containers connected to the stack's own networks,
 * every network those containers are on, the stack's overlays and services. A declared object the engine
 * lacks is simply absent (the diff reports it).
 */
export function liveTopology(declared: TopologyModel, snapshots: Readonly<Record<string, EngineSnapshot>>): TopologyModel {
  const overlayNames = new Set(declared.overlays.map((o) => o.name));
  const overlays = new Map<string, { model: NetworkModel; hosts: string[] }>();
  const hosts: HostModel[] = [];
  const services = new Map<string, ServiceModel>();
  const tasks = new Map<string, { host: string; name: string; networks: readonly AttachmentModel[] }[]>();
  for (const h of declared.hosts) {
    const snap = snapshots[h.name];
    if (!snap) continue;
    const all = snap.networks.map(networkFromInspect);
    const own = new Set([...h.networks.filter((n) => !n.builtin).map((n) => n.name), ...overlayNames]);
    const declaredNames = new Set(h.containers.map((c) => c.name));
    // Task containers of the stack's services are the services' tasks, not containers of their own.
    const serviceNames = new Set(declared.services.map((x) => x.name));
    const serviceOf = (c: any) => c.Config?.Labels?.['com.docker.swarm.service.name'] as string | undefined;
    for (const c of snap.containers.filter((x) => serviceNames.has(serviceOf(x) ?? ''))) {
      const t = containerFromInspect(c);
      const list = tasks.get(serviceOf(c)!) ?? [];
      list.push({ host: h.name, name: t.name, networks: t.networks });
      tasks.set(serviceOf(c)!, list);
    }
    const containers = snap.containers
      .filter((x) => !serviceNames.has(serviceOf(x) ?? ''))
      .map(containerFromInspect)
      .filter((c) => declaredNames.has(c.name) || c.networks.some((a) => own.has(a.network)));
    const used = new Set([...h.networks.map((n) => n.name), ...containers.flatMap((c) => c.networks.map((a) => a.network))]);
    const networks = all.filter((n) => n.scope === 'local' && used.has(n.name));
    for (const n of all.filter((x) => x.scope === 'swarm' && (overlayNames.has(x.name) || used.has(x.name)))) {
      const o = overlays.get(n.name) ?? { model: n, hosts: [] };
      o.hosts.push(h.name);
      overlays.set(n.name, o);
    }
    // Order: as declared first, then the rest by name, so reports line up.
    const order = <T extends { name: string }>(xs: T[], names: string[]) =>
      [...xs].sort((a, b) => rank(names, a.name) - rank(names, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    hosts.push({
      name: h.name,
      endpoint: h.endpoint,
      networks: order(networks, h.networks.map((n) => n.name)),
      containers: order(containers, h.containers.map((c) => c.name)),
    });
    const byId = new Map(snap.networks.map((n) => [String(n.Id), String(n.Name)]));
    const declaredServices = new Set(declared.services.map((s) => s.name));
    for (const s of snap.services) {
      const model = serviceFromInspect(s, (id) => byId.get(id) ?? id);
      if (declaredServices.has(model.name) || model.networks.some((a) => overlayNames.has(a.network))) services.set(model.name, model);
    }
  }
  return {
    format: TOPOLOGY_FORMAT,
    stack: declared.stack,
    source: 'live',
    hosts,
    overlays: [...overlays.values()].map((o) => ({ ...o.model, hosts: o.hosts })),
    services: [...services.values()].map((x) => (tasks.has(x.name) ? { ...x, tasks: tasks.get(x.name) } : x)),
    warnings: [],
  };
}

function rank(names: string[], name: string): number {
  const i = names.indexOf(name);
  return i < 0 ? names.length : i;
}

/** The declared topology of a stack, the live one, and their differences. */
export interface LiveComparison {
  readonly declared: TopologyModel;
  readonly live: TopologyModel;
  readonly differences: Difference[];
}
