import * as path from 'path';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { AddressPlan } from '../address-plan';
import { BridgeNetwork } from '../bridge-network';
import { BuiltinNetwork } from '../builtin-network';
import { Container, RestartPolicy } from '../container';
import { DockerHost } from '../docker-host';
import { INetwork } from '../network';
import { OverlayNetwork } from '../overlay-network';
import { EndpointMode, ServicePort, SwarmService } from '../swarm-service';
import { Swarm } from '../swarm';
import { Tier, TieredNetwork } from '../tiers';
import { reportWarnings } from '../warnings';
import { Mount } from '../mount';
import { ServiceMode } from '../service-spec';
import { warningText } from '../private/warning-ids';
import { childId } from '../private/names';
import { IVolume, RemovalPolicy, Volume } from '../volume';
import { ComposeProjectProps } from './compose-project-props';
import { buildOptions, composeEnvironment, containerFiles, durationText, healthCheck, processProps, size, toExposure, toPort } from './compose-values';
import { ComposeMessages as M } from './errors';
import { loadCompose, LoadedCompose } from './load';
import { ComposePlan, PlannedMount, PlannedNetwork, PlannedService } from './plan';
import { anonymousVolumeName, ENDPOINT_MODES, mountForm, replicaForms, RESTART_POLICIES, servicePortMode, sizeForm } from './rules';

export type { ComposeProjectProps } from './compose-project-props';

/**
 * A Compose file as ordinary constructs of this library: its networks become `BridgeNetwork`s (or
 * `OverlayNetwork`s with a swarm), its services `Container`s (or `SwarmService`s), named as Compose names them.
 * Reach into them with {@link service} and {@link network} to add tiers, links, ports or more containers.
 *
 * The file is parsed with its positions kept, interpolated (`${VAR:-default}` ...), validated against the
 * Compose specification's JSON schema and mapped; every problem is reported at synth with file, line and column.
 * Nothing is dropped silently: a field the library cannot express fails synth (or warns with `unmapped: 'warn'`).
 */
export class ComposeProject extends Construct {
  /** The project name (lower case, as Compose normalizes it). */
  public readonly projectName: string;
  /** The plan the constructs were built from (undefined when the file has errors). @internal */
  public readonly plan?: ComposePlan;
  /** The engine services go to unless `placement` says otherwise. */
  public readonly host: DockerHost;
  private readonly loaded: LoadedCompose;
  private readonly containers = new Map<string, Container>();
  private readonly replicaSets = new Map<string, Container[]>();
  private readonly services = new Map<string, SwarmService>();
  private readonly networks = new Map<string, INetwork>();
  private readonly volumes = new Map<string, IVolume>();
  private readonly props: ComposeProjectProps;
  private readonly addressPlan?: AddressPlan;
  private readonly extraErrors: string[] = [];

  constructor(scope: Construct, id: string, props: ComposeProjectProps) {
    super(scope, id);
    this.props = props;
    this.host = props.swarm ? props.swarm.manager : DockerHost.of(this, props.host);
    this.loaded = loadCompose({
      file: props.file,
      files: props.files,
      profiles: props.profiles,
      yaml: props.yaml,
      projectName: props.projectName,
      projectRoot: props.projectRoot,
      env: composeEnvironment(props.env, props.processEnv),
      mode: props.mode,
      insecure: props.insecure,
      swarm: props.swarm !== undefined,
    });
    const unmappedAsError = (props.unmapped ?? 'error') === 'error';
    const unmapped = this.loaded.unmapped.map((u) => `not carried over: ${u}`);
    // Where the secure defaults differ from Compose: a warning, unless the props chose mode: 'secure' explicitly
    // (then it is acknowledged and said as information only).
    const notices = this.loaded.plan?.warnings.filter((w) => w.secureDefaults) ?? [];
    const isNotice = new Set(notices.map((w) => this.loaded.source!.describe(w, true)));
    const acknowledged = props.mode === 'secure';
    const warnings = this.loaded.warnings.filter((w) => !(acknowledged && isNotice.has(w)));
    if (acknowledged) for (const w of isNotice) Annotations.of(this).addInfo(w);
    this.node.addValidation({
      validate: () => [
        ...this.loaded.errors,
        ...this.extraErrors,
        ...(unmappedAsError ? unmapped : []),
        ...reportWarnings(this, unmappedAsError ? warnings : [...warnings, ...unmapped.map((u) => warningText('compose-not-carried-over', u))]),
      ],
    });
    const plan = this.loaded.errors.length === 0 ? this.loaded.plan : undefined;
    this.plan = plan;
    this.projectName = this.loaded.plan?.projectName ?? props.projectName ?? id;
    if (!plan) return;

    if (props.addressPlan) this.addressPlan = props.addressPlan;
    else if (plan.addressPlan) {
      const ap = plan.addressPlan;
      this.addressPlan = new AddressPlan(this, 'address-plan', {
        pool: ap.pool,
        prefixLength: ap.prefixLength,
        lockFile: ap.lockFile ? path.resolve(this.loaded.directory, ap.lockFile) : undefined,
      });
    }
    for (const n of plan.networks) this.networkOn(n, this.host);
    for (const v of plan.volumes) this.volumeOn(v.key, this.host);

    // Tiers: declared before any container joins them.
    const tierScope = plan.tiers.length > 0 ? new TieredNetwork(this, 'tiers', { host: this.host, addressPlan: this.addressPlan, namePrefix: plan.projectName }) : undefined;
    const tiers = new Map<string, Tier>();
    for (const t of plan.tiers) tiers.set(t.name, tierScope!.addTier(t.name, { internal: t.internal || undefined }));
    for (const t of plan.tiers) for (const a of t.allowFrom) tiers.get(t.name)!.allowFrom(tiers.get(a)!);

    const serviceScope = new Construct(this, 'services');
    for (const s of plan.services) {
      if (plan.swarm) this.services.set(s.key, this.swarmServiceFor(serviceScope, s, props.swarm!));
      else {
        const replicas = replicaForms(s).map((r) => this.containerFor(serviceScope, s, r));
        this.containers.set(s.key, replicas[0]);
        this.replicaSets.set(s.key, replicas);
      }
    }
    for (const s of plan.services) {
      for (const c of this.replicaSets.get(s.key) ?? []) {
        for (const l of s.links) {
          const target = plan.services.find((x) => x.key === l.target)!;
          c.linkTo(this.containers.get(l.target)!, { alias: l.alias, environment: l.environment || undefined, ports: target.linkPorts.map(toPort) });
        }
      }
    }
    for (const s of plan.services) {
      for (const c of this.replicaSets.get(s.key) ?? []) {
        for (const d of s.runtime.dependsOn ?? []) for (const t of this.replicaSets.get(d.target)!) c.dependsOn(t, { condition: d.condition });
      }
    }
    for (const t of plan.tiers) for (const svc of t.services) for (const c of this.replicaSets.get(svc)!) tiers.get(t.name)!.add(c, [svc]);
  }

  /** The container of service `name` (its key in the file). */
  public service(name: string): Container {
    const c = this.containers.get(name);
    if (!c) {
      if (this.services.has(name)) throw new Error(`[${this.node.path}] ${M.notAContainer(name)}`);
      throw new Error(`[${this.node.path}] ${M.unknownServiceLookup(name, [...this.containers.keys(), ...this.services.keys()], this.loaded.errors.length > 0)}`);
    }
    return c;
  }

  /**
   * Every container of service `name`: one, or `deploy.replicas` of them (`<project>-<service>-1..N`, each with
   * the service name as an alias on its networks). {@link service} is the first.
   */
  public serviceReplicas(name: string): Container[] {
    const first = this.service(name);
    return [...(this.replicaSets.get(name) ?? [first])];
  }

  /** The swarm service of service `name`, when the project was given a swarm. */
  public swarmService(name: string): SwarmService {
    const s = this.services.get(name);
    if (!s) {
      if (this.containers.has(name)) throw new Error(`[${this.node.path}] ${M.notASwarmService(name)}`);
      throw new Error(`[${this.node.path}] ${M.unknownServiceLookup(name, [...this.services.keys()], this.loaded.errors.length > 0)}`);
    }
    return s;
  }

  /** Service keys, in file order. */
  public get serviceNames(): string[] {
    return this.plan?.services.map((s) => s.key) ?? [];
  }

  /**
   * The network `name` (its key in the file, or `default`) on `host` (default: the project's). Bridge networks
   * exist once per host whose services join them.
   */
  public network(name: string, host: DockerHost = this.host): INetwork {
    const n = this.networks.get(`${name}@${host.node.path}`);
    if (!n) throw new Error(`[${this.node.path}] ${M.unknownNetwork(name, this.plan?.networks.map((x) => x.key) ?? [])}`);
    return n;
  }

  private networkOn(n: PlannedNetwork, host: DockerHost): INetwork {
    const key = `${n.key}@${host.node.path}`;
    const existing = this.networks.get(key);
    if (existing) return existing;
    const scope = (this.node.tryFindChild('networks') as Construct | undefined) ?? new Construct(this, 'networks');
    const id = childId(host === this.host ? n.key : `${n.key}-${host.node.id}`);
    const subnet = n.subnet ?? (this.addressPlan && (n.kind === 'bridge' || n.kind === 'overlay') ? this.addressPlan.allocate(n.name) : undefined);
    let net: INetwork;
    switch (n.kind) {
      case 'external-bridge':
      case 'external-overlay':
        net = BridgeNetwork.fromName(scope, id, n.name, { host, kind: n.kind === 'external-overlay' ? 'overlay' : 'bridge' });
        break;
      case 'overlay':
        if (!this.props.swarm) throw new Error(`[${this.node.path}] ${M.overlayWithoutSwarm(n.key)}`);
        net = new OverlayNetwork(scope, id, {
          swarm: this.props.swarm,
          name: n.name,
          subnet,
          gateway: n.gateway,
          ipRange: n.ipRange,
          attachable: n.attachable,
          encrypted: n.encrypted,
          internal: n.internal,
          labels: n.labels,
        });
        break;
      default:
        net = new BridgeNetwork(scope, id, {
          host,
          name: n.name,
          subnet,
          gateway: n.gateway,
          ipRange: n.ipRange,
          auxAddresses: n.auxAddresses,
          ipv6Subnet: n.ipv6Subnet,
          ipv6Gateway: n.ipv6Gateway,
          bridgeName: n.bridgeName,
          interContainerCommunication: n.interContainerCommunication,
          ipMasquerade: n.ipMasquerade,
          mtu: n.mtu,
          internal: n.internal,
          labels: n.labels,
          driverOptions: n.driverOptions,
        });
    }
    this.networks.set(key, net);
    return net;
  }

  /** The volume `key` (top-level volumes) on `host`: local volumes exist per engine. */
  public volume(key: string, host: DockerHost = this.host): IVolume {
    return this.volumeOn(key, host);
  }

  private volumeOn(key: string, host: DockerHost): IVolume {
    const k = `${key}@${host.node.path}`;
    const existing = this.volumes.get(k);
    if (existing) return existing;
    const v = this.plan?.volumes.find((x) => x.key === key);
    if (!v) throw new Error(`[${this.node.path}] ${M.unknownVolume(key, this.plan?.volumes.map((x) => x.key) ?? [])}`);
    const scope = (this.node.tryFindChild('volumes') as Construct | undefined) ?? new Construct(this, 'volumes');
    const vol = v.external
      ? Volume.fromName(v.name)
      : new Volume(scope, childId(host === this.host ? key : `${key}-${host.node.id}`), {
          host, name: v.name, driver: v.driver, driverOptions: v.driverOptions, labels: v.labels,
          removalPolicy: v.destroyWithStack ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
        });
    this.volumes.set(k, vol);
    return vol;
  }

  private mounts(list: readonly PlannedMount[] | undefined, host: DockerHost, container?: string): Mount[] | undefined {
    if (!list || list.length === 0) return undefined;
    return list.map((planned) => {
      const m = mountForm(planned, this.plan!.compatible);
      if (m.factory === 'volume') return Mount.volume(this.volumeOn(m.volume, host), m.target, { readOnly: m.readOnly || undefined });
      if (m.factory === 'anonymous') {
        const name = anonymousVolumeName(container!, m.target);
        const scope = (this.node.tryFindChild('volumes') as Construct | undefined) ?? new Construct(this, 'volumes');
        return Mount.volume(new Volume(scope, name, { host, name, removalPolicy: RemovalPolicy.DESTROY }), m.target, { readOnly: m.readOnly || undefined });
      }
      if (m.factory === 'bind') return Mount.bind(m.source, m.target, { readWrite: m.readWrite || undefined });
      return Mount.tmpfs(m.target, { size: size(m.size), mode: m.mode });
    });
  }

  private containerFor(scope: Construct, s: PlannedService, replica: { id: string; name: string }): Container {
    const host = this.props.placement?.[s.key] ?? this.host;
    const plan = this.plan!;
    const r = s.runtime;
    const c = new Container(scope, childId(replica.id), {
      mounts: this.mounts(r.mounts, host, replica.name),
      files: containerFiles(this, r.files),
      healthCheck: healthCheck(r.healthCheck),
      dns: r.dns,
      dnsSearch: r.dnsSearch,
      dnsOptions: r.dnsOptions,
      extraHosts: r.extraHosts,
      entrypoint: r.entrypoint,
      user: r.user,
      workingDir: r.workingDir,
      restartMaxRetries: r.restartMaxRetries,
      init: r.init,
      runToCompletion: s.runToCompletion,
      sysctls: r.sysctls,
      stopSignal: r.stopSignal,
      stopGracePeriod: durationText(r.stopGracePeriod),
      ...processProps(r),
      host,
      name: replica.name,
      image: s.build ? host.buildImage(s.build.image, buildOptions(s.build)) : host.image(s.image),
      command: s.command,
      env: s.env,
      restart: s.restart ? RestartPolicy[RESTART_POLICIES[s.restart]] : undefined,
      hostname: s.hostname,
      labels: s.labels,
      capabilities: s.capabilities,
      insecure: s.insecure,
    });
    for (const a of s.attachments) {
      if (a.builtin) {
        const b = a.builtin === 'host' ? BuiltinNetwork.host(host) : a.builtin === 'none' ? BuiltinNetwork.none(host) : BuiltinNetwork.bridge(host);
        c.attach(b);
        continue;
      }
      const n = plan.networks.find((x) => x.key === a.network)!;
      c.attach(this.networkOn(n, host), { aliases: a.aliases, ipv4Address: a.ipv4Address, ipv6Address: a.ipv6Address });
    }
    for (const e of s.exposures) c.expose(toPort(e), toExposure(e));
    return c;
  }

  private swarmServiceFor(scope: Construct, s: PlannedService, swarm: Swarm): SwarmService {
    const networks = s.attachments.flatMap((a) => {
      const n = this.networkOn(this.plan!.networks.find((x) => x.key === a.network)!, this.host);
      if (!(n instanceof OverlayNetwork)) {
        this.extraErrors.push(M.externalNetworkForSwarm(s.key, a.network));
        return [];
      }
      return [{ network: n, aliases: a.aliases }];
    });
    const r = s.runtime;
    const resources = (x?: { cpus?: number; memoryBytes?: number }) => (x ? { cpus: x.cpus, memory: size(x.memoryBytes === undefined ? undefined : sizeForm(x.memoryBytes)) } : undefined);
    return new SwarmService(scope, childId(s.key), {
      swarm,
      name: s.name,
      image: s.image,
      replicas: r.globalMode ? undefined : s.replicas,
      mode: r.globalMode ? ServiceMode.global() : undefined,
      placement: r.placementConstraints ? { constraints: r.placementConstraints } : undefined,
      limits: resources(r.limits),
      reservations: resources(r.reservations),
      labels: r.serviceLabels,
      restartPolicy: r.restartPolicy && { condition: r.restartPolicy.condition, maxAttempts: r.restartPolicy.maxAttempts, delay: durationText(r.restartPolicy.delay), window: durationText(r.restartPolicy.window) },
      mounts: this.mounts(r.mounts, this.host),
      healthCheck: healthCheck(r.healthCheck),
      stopGracePeriod: durationText(r.stopGracePeriod),
      user: r.user,
      workingDir: r.workingDir,
      command: s.command,
      env: s.env,
      networks,
      endpointMode: s.endpointMode && EndpointMode[ENDPOINT_MODES[s.endpointMode]],
      ports: s.exposures.filter((e) => e.kind === 'published').map((e) => ServicePort[servicePortMode(e)](toPort(e), e.hostPort!)),
      capabilities: s.capabilities,
      insecurePrivilegedCapabilities: s.insecure.privilegedCapabilities, // the opt-out the mapping asked for at cap_add
    });
  }
}
