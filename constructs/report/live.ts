/**
 * Reads what an engine holds, with the docker CLI and the same endpoint rules as the stack's provider
 * (DOCKER_HOST or the local socket, or the host's unix/ssh/tcp endpoint with its TLS material), and turns it
 * into a {@link TopologyModel} scoped to a declared one: its networks, its containers, and whatever touches them.
 * The parsing ({@link liveTopology}) is pure and works on `docker ... inspect` output.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { DockerHost } from '../docker-host';
import { diffTopology, Difference } from './diff';
import { ReportErrors } from './errors';
import { AttachmentModel, ContainerModel, declaredTopology, HostModel, NetworkModel, PortModel, ServiceModel, TOPOLOGY_FORMAT, TopologyModel } from './model';
import { readTemplateLiteral } from '../private/terraform-literal';

/** What `docker network/container/service inspect` said about one engine. */
export interface EngineSnapshot {
  readonly networks: readonly any[];
  readonly containers: readonly any[];
  /** Empty unless the engine is a swarm manager. */
  readonly services: readonly any[];
}

/** Runs `docker` with arguments and returns stdout; throws on failure. */
export type DockerCli = (args: readonly string[]) => string;

/** A `docker` runner for one environment (DOCKER_HOST, DOCKER_CERT_PATH...). */
export function dockerCli(env: NodeJS.ProcessEnv): DockerCli {
  return (args) => {
    try {
      return execFileSync('docker', args as string[], { env, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(ReportErrors.docker(args, (err.stderr || err.message).trim()));
    }
  };
}

/**
 * A `provider.docker` configuration as cdk.tf.json holds it (or a {@link DockerHost}'s provider, resolved): the
 * fields that decide which engine it talks to, and with which TLS material.
 */
export interface DockerProviderEndpoint {
  readonly host?: unknown;
  readonly cert_path?: unknown;
  readonly ca_material?: unknown;
  readonly cert_material?: unknown;
  readonly key_material?: unknown;
}

const VARIABLE_REFERENCE = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/;

/**
 * The one place that decides which engine a stack's provider talks to, for every tool that runs the docker CLI
 * beside Terraform (`npm run report -- --live`, `npm run orphans`): the environment under which the CLI reaches
 * the engine the provider reaches, named `name` in messages.
 *
 * - no `host`: unchanged, DOCKER_HOST or the local socket, as the provider reads them;
 * - a literal `host`: DOCKER_HOST set to it (whatever DOCKER_HOST said before: the provider's own host wins, as in
 *   the provider), DOCKER_CONTEXT dropped;
 * - `cert_path`: DOCKER_CERT_PATH and DOCKER_TLS_VERIFY=1;
 * - `ca_material`, `cert_material`, `key_material` as Terraform variables (`${var.NAME}`): read from `TF_VAR_NAME`
 *   and written to a private temporary directory (mode 0700, files 0600), deleted by
 *   {@link releaseEngineEnvironment}, at exit, or on SIGINT/SIGTERM/SIGHUP.
 *
 * A host or TLS material the tools cannot know (a reference to another resource or data source) is an error,
 * never a silent fall-back to another engine or to no TLS.
 */
export function providerEnvironment(provider: DockerProviderEndpoint, name: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // cdk.tf.json holds literal text escaped for Terraform (`$${`): read it as Terraform does; an expression is no literal.
  const literal = (v: unknown): string | undefined => (typeof v === 'string' ? readTemplateLiteral(v) : undefined);
  const env: NodeJS.ProcessEnv = { ...base };
  if (provider.host !== undefined && provider.host !== null) {
    const host = literal(provider.host);
    if (host === undefined) throw new Error(ReportErrors.endpointUnknown(name, 'host', provider.host));
    env.DOCKER_HOST = host;
    delete env.DOCKER_CONTEXT;
  }
  if (provider.cert_path !== undefined && provider.cert_path !== null) {
    const certPath = literal(provider.cert_path);
    if (certPath === undefined) throw new Error(ReportErrors.endpointUnknown(name, 'cert_path', provider.cert_path));
    Object.assign(env, { DOCKER_CERT_PATH: certPath, DOCKER_TLS_VERIFY: '1' });
  }
  const parts = [
    ['ca.pem', provider.ca_material, 'ca_material'],
    ['cert.pem', provider.cert_material, 'cert_material'],
    ['key.pem', provider.key_material, 'key_material'],
  ] as const;
  if (parts.every(([, v]) => v === undefined || v === null)) return env;
  const material = parts.map(([file, value, field]) => {
    if (typeof value !== 'string') throw new Error(ReportErrors.endpointUnknown(name, field, value));
    const text = literal(value);
    if (text !== undefined) return [file, text] as const;
    const ref = VARIABLE_REFERENCE.exec(value);
    if (!ref) throw new Error(ReportErrors.endpointUnknown(name, field, value));
    const variable = `TF_VAR_${ref[1]}`;
    if (base[variable] === undefined) throw new Error(ReportErrors.tlsVariableMissing(name, variable));
    return [file, base[variable]!] as const;
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-tls-'));
  certDirs.add(dir);
  trapStopSignals();
  for (const [file, pem] of material) fs.writeFileSync(path.join(dir, file), pem, { mode: 0o600 });
  Object.assign(env, { DOCKER_CERT_PATH: dir, DOCKER_TLS_VERIFY: '1' });
  return env;
}

/**
 * The environment under which the docker CLI reaches `host` as its provider does ({@link providerEnvironment} on
 * the host's provider configuration): unchanged for `HostEndpoint.fromEnvironment()`, else DOCKER_HOST set to the
 * endpoint, with DOCKER_CERT_PATH and DOCKER_TLS_VERIFY for TLS (certificates from a directory, or from the
 * `TF_VAR_<prefix>_*_material` variables written to a private temporary directory, deleted by
 * {@link releaseEngineEnvironment} or when the process exits or is stopped).
 */
export function engineEnvironment(host: DockerHost, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const p = host.provider;
  const config = { host: p.host, cert_path: p.certPath, ca_material: p.caMaterial, cert_material: p.certMaterial, key_material: p.keyMaterial };
  const resolved = Tokenization.resolve(config, { scope: host, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
  return providerEnvironment(resolved, host.displayName, base);
}

/**
 * Private key material that {@link engineEnvironment} wrote: removed by {@link releaseEngineEnvironment}, and
 * whatever is left when the process exits, or when it is told to stop (SIGINT from Ctrl-C, SIGTERM or SIGHUP from
 * a cancelled CI job or a closed terminal): then it exits with the conventional status 128 + the signal's number
 * (130, 143, 129). A docker call in flight finishes first (its timeout is 60 s); the key is gone before the exit.
 */
const certDirs = new Set<string>();
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeCertDirs(): void {
  for (const dir of certDirs) fs.rmSync(dir, { recursive: true, force: true });
  certDirs.clear();
}

const onStopSignal = (signal: NodeJS.Signals): void => {
  removeCertDirs();
  process.exit(128 + os.constants.signals[signal]);
};

/**
 * From the first key written on, a stop signal removes the keys and ends the process. The handler stays for the
 * process's life: a signal that arrives during a synchronous docker call is handled after it, when the key may
 * already be released, and must still end the process rather than be swallowed.
 */
function trapStopSignals(): void {
  for (const s of STOP_SIGNALS) if (!process.listeners(s).includes(onStopSignal)) process.on(s, onStopSignal);
}
process.once('exit', removeCertDirs);

/**
 * Deletes the temporary directory of TLS material that {@link engineEnvironment} wrote for `env`, if any (it is
 * also deleted when the process exits or is stopped by SIGINT, SIGTERM or SIGHUP). Environments it did not create
 * are left alone.
 */
export function releaseEngineEnvironment(env: NodeJS.ProcessEnv): void {
  const dir = env.DOCKER_CERT_PATH;
  if (dir === undefined || !certDirs.has(dir)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  certDirs.delete(dir);
}

/** Everything `docker` shows about networks, containers and (on a manager) services. */
export function readEngine(docker: DockerCli): EngineSnapshot {
  const ids = (args: string[]) => docker(args).split('\n').map((s) => s.trim()).filter(Boolean);
  const inspect = (kind: string, list: string[]) => (list.length === 0 ? [] : (JSON.parse(docker([kind, 'inspect', ...list])) as any[]));
  const networks = inspect('network', ids(['network', 'ls', '-q', '--no-trunc']));
  const containers = inspect('container', ids(['ps', '-aq', '--no-trunc']));
  const manager = docker(['info', '--format', '{{.Swarm.ControlAvailable}}']).trim() === 'true';
  const services = manager ? inspect('service', ids(['service', 'ls', '-q'])) : [];
  return { networks, containers, services };
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

/** Options of {@link compareWithEngines}. */
export interface CompareOptions {
  /**
   * The environment of the docker CLI for each host, by host name (alias or `default`).
   * @default - from each host's endpoint ({@link engineEnvironment})
   */
  readonly environments?: Readonly<Record<string, NodeJS.ProcessEnv>>;
  /** @default - a docker CLI per environment */
  readonly cli?: (env: NodeJS.ProcessEnv) => DockerCli;
}

/** Reads every host of `stack` from its engine and compares it with what the stack declares. */
export function compareWithEngines(stack: IConstruct, options: CompareOptions = {}): LiveComparison {
  const declared = declaredTopology(stack);
  const hosts = stack.node.findAll().filter((c): c is DockerHost => c instanceof DockerHost);
  const snapshots: Record<string, EngineSnapshot> = {};
  for (const h of hosts) {
    const given = options.environments?.[h.displayName];
    const env = given ?? engineEnvironment(h);
    try {
      snapshots[h.displayName] = readEngine((options.cli ?? dockerCli)(env));
    } finally {
      if (!given) releaseEngineEnvironment(env);
    }
  }
  const live = liveTopology(declared, snapshots);
  return { declared, live, differences: diffTopology(declared, live) };
}
