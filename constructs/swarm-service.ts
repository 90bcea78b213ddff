import { Service, ServiceConfig } from '@cdktf/provider-docker/lib/service';
import { Construct } from 'constructs';
import type { ExposedPort } from './private/exposed-port';
import { ContainerErrors } from './container-errors';
import { Errors } from './errors';
import { serviceContainerSpec, serviceProblems, serviceTaskSpec, serviceTopLevel, SwarmServiceRuntimeProps } from './service-spec';
import { Exposure, HostInterface } from './exposure';
import { OverlayNetwork } from './overlay-network';
import { Port } from './port';
import { Token } from 'cdktf';
import { capabilityProblem, normalizeCapability, privilegedCapabilityReason } from './private/capabilities';
import { envProblems, imageProblem } from './private/container-checks';
import { reportWarnings } from './warnings';
import { checkName, labelList } from './private/ipam';
import { ownershipLabels, reservedLabelProblems } from './private/ownership';
import { withCheapCreationStacks } from './private/creation-stacks';
import { Swarm } from './swarm';
import { literalAttributes } from './private/terraform-literal';

/** How a service's name resolves on its networks. */
export class EndpointMode {
  /** A virtual IP that load-balances over the tasks (Docker's default). */
  public static readonly VIP = new EndpointMode('vip');
  /** DNS round robin: the name resolves to every task's address; no virtual IP, no ingress ports. */
  public static readonly DNSRR = new EndpointMode('dnsrr');
  private constructor(public readonly value: 'vip' | 'dnsrr') {}
}

/** A port a swarm service publishes. */
export class ServicePort {
  /**
   * Through the routing mesh: every node of the swarm answers on `published` and forwards to some task.
   * Swarm binds it on all interfaces; it cannot be limited to one.
   */
  public static ingress(target: Port, published: number): ServicePort {
    return new ServicePort(target, published, 'ingress');
  }

  /** On the node running each task only (`mode=host`): one task per node can hold the port. */
  public static host(target: Port, published: number): ServicePort {
    return new ServicePort(target, published, 'host');
  }

  private constructor(
    public readonly target: Port,
    public readonly published: number,
    public readonly mode: 'ingress' | 'host',
  ) {}
}

/** A network a service joins. */
export interface ServiceNetworkAttachment {
  readonly network: OverlayNetwork;
  /** @default - none: the service name resolves anyway */
  readonly aliases?: readonly string[];
}

/**
 * Properties of a {@link SwarmService}. Mode, placement, update and restart policies, resources, mounts, health,
 * secrets and configs come from {@link SwarmServiceRuntimeProps}.
 */
export interface SwarmServiceProps extends SwarmServiceRuntimeProps {
  readonly swarm: Swarm;
  /** An image name every node can resolve (a registry image, or one loaded on each node). */
  readonly image: string;
  /** @default - the construct id */
  readonly name?: string;
  /** Shorthand for `mode: ServiceMode.replicated(n)`. @default 1 */
  readonly replicas?: number;
  /** @default - the image's */
  readonly command?: readonly string[];
  /** @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Overlays of the swarm to join. */
  readonly networks: readonly ServiceNetworkAttachment[];
  /** @default EndpointMode.VIP */
  readonly endpointMode?: EndpointMode;
  /** @default - none published */
  readonly ports?: readonly ServicePort[];
  /**
   * Capabilities to add back after all are dropped (as for containers; those as strong as privileged need
   * `insecurePrivilegedCapabilities`).
   * @default - none
   */
  readonly capabilities?: readonly string[];
  /**
   * Allow `capabilities` as strong as privileged (SYS_ADMIN, NET_ADMIN, SYS_PTRACE...; see
   * `InsecureOptions.privilegedCapabilities`), CIS 5.4/5.5.
   * @default false
   */
  readonly insecurePrivilegedCapabilities?: boolean;
}

/**
 * A replicated swarm service on overlay networks. Networks are referenced by id: by name the provider
 * replaces the service on every apply (kreuzwerker/docker #648).
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/service
 */
export class SwarmService extends Construct {
  public readonly serviceName: string;
  public readonly swarm: Swarm;
  /** The `docker_service` resource. */
  public readonly resource: Service;
  /** How many tasks run (replicated mode; for a global service, one per node and this is not used). */
  public readonly replicas: number;
  /** True for a global service: one task on every node. */
  public readonly global: boolean;
  /** How its name resolves (VIP or DNS round robin). */
  public readonly endpointMode: EndpointMode;
  /** The overlays it joins, with aliases. */
  public readonly networks: readonly ServiceNetworkAttachment[];
  /** The ports it publishes. */
  public readonly ports: readonly ServicePort[];

  constructor(scope: Construct, id: string, props: SwarmServiceProps) {
    super(scope, id);
    this.swarm = props.swarm;
    this.serviceName = props.name ?? id;
    const global = props.mode?.kind === 'global';
    const replicas = props.mode?.replicas ?? props.replicas ?? 1;
    const mode = props.endpointMode ?? EndpointMode.VIP;
    const ports = props.ports ?? [];
    this.replicas = replicas;
    this.global = global;
    this.endpointMode = mode;
    this.networks = [...props.networks];
    this.ports = [...ports];
    const problems = [...serviceSettingProblems(props, this.serviceName, replicas), ...serviceNetworkProblems(props, mode, global, replicas)];
    const warnings = serviceWarnings(props, this.serviceName, mode);
    // Published ports bind 0.0.0.0 on the nodes: ingress on every node, host mode on nodes running a task.
    // Claim them on every node so that a clash with containers or other services fails synth.
    for (const p of ports) {
      for (const node of props.swarm.nodes) {
        const claim: ExposedPort = {
          owner: this,
          port: p.target,
          exposure: Exposure.published({ hostPort: p.published, hostInterface: HostInterface.allInterfaces() }),
        };
        node._registry.addPort(claim);
      }
    }
    this.resource = withCheapCreationStacks(() => literalAttributes(new Service(this, 'service', serviceConfig(this, props, mode, global, replicas))));
    // 4.x reads the network back as `id` (see ProviderVersion); 3.x knows only `name`.
    if (this.swarm.manager.providerVersion.serviceNetworkAttribute === 'id') {
      props.networks.forEach((n, i) => {
        this.resource.addOverride(`task_spec.networks_advanced.${i}.id`, n.network.networkId);
        this.resource.addOverride(`task_spec.networks_advanced.${i}.name`, undefined);
      });
    }
    this.swarm.manager._registry.addName('service', this, this.serviceName);
    this.node.addValidation({
      validate: () => [
        ...problems,
        ...(props.registryAuth?.problems(this) ?? []),
        ...this.swarm.nodes.flatMap((n) => n._registry.problemsFor(this)),
        ...reportWarnings(this, warnings),
      ],
    });
  }
}

/** What the props alone show: name, replicas, capabilities, env, mounts on 3.x, secrets' swarm, labels, image. */
function serviceSettingProblems(props: SwarmServiceProps, serviceName: string, replicas: number): string[] {
  const problems: string[] = serviceProblems(props);
  const nameProblem = checkName('service', serviceName);
  if (nameProblem) problems.push(nameProblem);
  if (!Token.isUnresolved(replicas) && (!Number.isInteger(replicas) || replicas < 0)) problems.push(ContainerErrors.badReplicas(replicas, props.mode?.replicas !== undefined ? 'ServiceMode.replicated()' : 'the replicas prop'));
  for (const cap of props.capabilities ?? []) {
    const p = capabilityProblem(cap);
    if (p) problems.push(p);
    const strong = privilegedCapabilityReason(cap);
    if (strong && !props.insecurePrivilegedCapabilities) problems.push(ContainerErrors.privilegedCapability(cap, strong, 'insecurePrivilegedCapabilities: true'));
  }
  problems.push(...envProblems(props.env));
  // 3.x crashes on a service tmpfs mount's options (ProviderVersion quirk `service-tmpfs-options`).
  const version = props.swarm.manager.providerVersion;
  if (!version.serviceTmpfsOptions) {
    for (const m of Array.isArray(props.mounts) ? props.mounts : []) {
      if (m?.type === 'tmpfs' && typeof m._renderService === 'function' && m._renderService().tmpfsOptions !== undefined) problems.push(Errors.serviceTmpfsOptionsOn3(m.target, version.constraint));
    }
  }
  for (const m of [...(props.secrets ?? []).map((x) => x.secret), ...(props.configs ?? []).map((x) => x.config)]) {
    if (m.swarm !== props.swarm) problems.push(ContainerErrors.ofOtherSwarm(m.node.path, m.swarm.node.path, props.swarm.node.path));
  }
  problems.push(...reservedLabelProblems(props.labels));
  const imageIssue = imageProblem(props.image);
  if (imageIssue) problems.push(imageIssue);
  return problems;
}

/** Its overlays (of its swarm), aliases, and ports (valid, not ingress under DNSRR, host mode with nodes enough). */
function serviceNetworkProblems(props: SwarmServiceProps, mode: EndpointMode, global: boolean, replicas: number): string[] {
  const problems: string[] = [];
  if (props.networks.length === 0) problems.push(ContainerErrors.serviceWithoutNetwork(props.swarm.node.id));
  for (const n of props.networks) {
    if (n.network.kind !== 'overlay') problems.push(Errors.serviceNetwork(n.network.networkName, 'is not an overlay'));
    else if (n.network.swarm !== props.swarm) problems.push(Errors.serviceNetwork(n.network.networkName, 'belongs to another swarm'));
    for (const a of n.aliases ?? []) {
      const p = checkName('alias', a);
      if (p) problems.push(p);
    }
  }
  const replicasKnown = !Token.isUnresolved(replicas);
  for (const p of props.ports ?? []) {
    if (!p.target.valid) problems.push(Errors.badPort(p.target));
    if (!Token.isUnresolved(p.published) && (!Number.isInteger(p.published) || p.published < 1 || p.published > 65535)) problems.push(Errors.badPort(`${p.published} (published)`));
    if (p.mode === 'ingress' && mode === EndpointMode.DNSRR) problems.push(Errors.dnsrrIngress(p.published));
    if (p.mode === 'host' && !global && replicasKnown && replicas > props.swarm.nodes.length) problems.push(Errors.hostModeReplicas(p.published, replicas, props.swarm.nodes.length));
  }
  return problems;
}

/**
 * VIP needs IPVS; every published port listens on every interface of the nodes (swarm cannot bind one): warned as
 * for a container port on 0.0.0.0 (CIS 5.14).
 */
function serviceWarnings(props: SwarmServiceProps, serviceName: string, mode: EndpointMode): string[] {
  const warnings: string[] = [];
  if (mode === EndpointMode.VIP) warnings.push(Errors.vipNeedsIpvs(serviceName));
  for (const p of props.ports ?? []) warnings.push(Errors.servicePublishedEverywhere(`${p.published}/${p.target.protocol}`, p.target.toString(), p.mode));
  return warnings;
}

/** The `docker_service` configuration. */
function serviceConfig(owner: SwarmService, props: SwarmServiceProps, mode: EndpointMode, global: boolean, replicas: number): ServiceConfig {
  const capabilities = props.capabilities ?? [];
  const ports = props.ports ?? [];
  return {
    provider: props.swarm.manager.provider,
    name: owner.serviceName,
    ...serviceTopLevel(props, owner),
    labels: labelList({ ...props.labels, ...ownershipLabels(owner, props.swarm.manager) }),
    mode: global ? { global: true } : { replicated: { replicas } },
    taskSpec: {
      containerSpec: {
        image: props.image,
        command: props.command ? [...props.command] : undefined,
        env: props.env ? { ...props.env } : undefined,
        capDrop: ['ALL'],
        capAdd: capabilities.length > 0 ? capabilities.map(normalizeCapability) : undefined,
        ...serviceContainerSpec(props),
      },
      ...serviceTaskSpec(props),
      networksAdvanced: props.networks.map((n) => ({
        name: n.network.networkId,
        aliases: n.aliases && n.aliases.length > 0 ? [...n.aliases] : undefined,
      })),
    },
    endpointSpec: {
      mode: mode.value,
      ports: ports.length > 0 ? ports.map((p) => ({ targetPort: p.target.number, publishedPort: p.published, protocol: p.target.protocol, publishMode: p.mode })) : undefined,
    },
  };
}
