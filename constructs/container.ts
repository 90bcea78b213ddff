import { Container as ContainerResource, ContainerHost, ContainerNetworksAdvanced } from '@cdktf/provider-docker/lib/container';
import { Fn, IResolveContext, Lazy, TerraformIterator, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { formatIpAddress, IpAddress, parseIpAddress } from './cidr';
import { DockerHost } from './docker-host';
import { ContainerErrors } from './container-errors';
import { ContainerRuntimeProps, runtimeConfig, runtimeProblems } from './container-process';
import { DependsOnOptions, dependencyProblems, Dependency } from './dependency';
import { Duration } from './duration';
import { describeValue, Errors } from './errors';
import { Exposure } from './exposure';
import { HealthCheck } from './health-check';
import { imageReferenceProblems } from './image';
import { LinkOptions, linkEnvironment } from './link';
import { INetwork, SubnetFacts } from './network';
import { Port } from './port';
import { InsecureOptions } from './security';
import { capabilityProblem, normalizeCapability, privilegedCapabilityReason } from './private/capabilities';
import { envProblems, imageProblem } from './private/container-checks';
import { acceptOrdering, findCycles } from './private/ordering';
import { reportWarnings } from './warnings';
import { withCheapCreationStacks } from './private/creation-stacks';
import { checkName, labelList } from './private/ipam';
import { addToNetworkDriftCheck, NetworkDriftShape } from './private/network-drift';
import { EscapeHatchGuard, guardRenderedAttributes, RenderedAttribute } from './private/escape-hatch';
import { ownershipLabels } from './private/ownership';
import { hclQuoted, literalAttributes, literalValue } from './private/terraform-literal';

/** When Docker restarts a container. */
export class RestartPolicy {
  /** Never (Docker's default). */
  public static readonly NO = new RestartPolicy('no');
  /** When it exits non-zero. */
  public static readonly ON_FAILURE = new RestartPolicy('on-failure');
  /** Always, also after the daemon restarts. */
  public static readonly ALWAYS = new RestartPolicy('always');
  /** Always, unless someone stopped it. */
  public static readonly UNLESS_STOPPED = new RestartPolicy('unless-stopped');
  private constructor(public readonly value: string) {}
}

/** How a container joins one network. */
export interface AttachOptions {
  /**
   * Static IPv4 address: inside the network's subnet, outside its ipRange (Docker's pool for dynamic
   * addresses), not its gateway, not its network or broadcast address, not given to another container.
   * @default - Docker assigns one
   */
  readonly ipv4Address?: string;
  /** @default - Docker assigns one when the network has IPv6 */
  readonly ipv6Address?: string;
  /**
   * Extra DNS names of the container on this network (`--network-alias`); user-defined networks only.
   * @default - none: the container name resolves anyway
   */
  readonly aliases?: readonly string[];
}

/** A network and how a container joins it. */
export interface NetworkAttachment extends AttachOptions {
  readonly network: INetwork;
}

/**
 * Properties of a {@link Container}. Mounts, health, DNS, process and limits come from
 * {@link ContainerRuntimeProps}.
 */
export interface ContainerProps extends ContainerRuntimeProps {
  /** Image name or id, e.g. `host.image('busybox:1.36')`. */
  readonly image: string;
  /**
   * Container name; it resolves through Docker's DNS on every user-defined network the container joins.
   * @default - the construct id
   */
  readonly name?: string;
  /** @default - the only DockerHost of the stack */
  readonly host?: DockerHost;
  /**
   * Networks to join. `BuiltinNetwork.host()` or `.none()` must be the only one.
   * @default - none yet: call attach(); a container on no network is a synth error
   */
  readonly networks?: readonly NetworkAttachment[];
  /** @default - the image's */
  readonly command?: readonly string[];
  /** @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** @default RestartPolicy.NO */
  readonly restart?: RestartPolicy;
  /** @default - the container id prefix, as Docker does */
  readonly hostname?: string;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Linux capabilities to add back after all are dropped, e.g. `['NET_RAW']` for ping, `['NET_BIND_SERVICE']`.
   * @default - none
   */
  readonly capabilities?: readonly string[];
  /**
   * Explicit opt-outs of the secure defaults; see {@link InsecureOptions}.
   * @default - every secure default applies
   */
  readonly insecure?: InsecureOptions;
}

interface Attachment {
  readonly network: INetwork;
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly aliases: string[];
}

interface Link {
  readonly from: Container;
  readonly to: Container;
  readonly alias: string;
  readonly options: LinkOptions;
}

/** How a link is carried out, once both ends' networks are known. */
type LinkPlan = { kind: 'dns'; network: INetwork } | { kind: 'hosts'; network: INetwork } | { kind: 'none'; reason: string };

/** An exposed port. @internal */
export interface ExposedPort {
  /** The container, or a swarm service claiming the port on a node. */
  readonly owner: IConstruct & { readonly containerName?: string };
  readonly port: Port;
  readonly exposure: Exposure;
}

/** host and none: the container has no network namespace of its own there, so no address, alias or port. */
function sharesNamespace(n: INetwork): boolean {
  return n.kind === 'host' || n.kind === 'none';
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
 * A container on one or more networks, secure by default (see {@link InsecureOptions}). `network_mode` is
 * always written out, avoiding the provider's perpetual diff on Docker 26+ (kreuzwerker/docker #603):
 * `host`/`none` for those networks, else `bridge`, the mode the provider creates containers in before it moves
 * them onto `networks_advanced`.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/container
 */
export class Container extends Construct {
  public readonly host: DockerHost;
  public readonly containerName: string;
  /** The `docker_container` resource. */
  public readonly resource: ContainerResource;
  private readonly attachments: Attachment[] = [];
  private readonly outgoing: Link[] = [];
  private readonly incoming: Link[] = [];
  private readonly exposed: ExposedPort[] = [];
  private readonly env: Record<string, string>;
  private readonly insecure: InsecureOptions;
  private readonly addresses = new Map<INetwork, string>();
  private readonly runtime: ContainerProps;
  private readonly dependencies: Dependency[] = [];
  /** Inputs of the wrong kind from plain JavaScript (no props, a network that is not one), reported at synth. */
  private readonly inputProblems: string[] = [];
  /** Sets the shape the stack's network-drift check reads for this container (private/network-drift.ts). */
  private readonly writeDriftCheck: (shape: NetworkDriftShape) => void;
  /** The attributes rendered here; writes through `resource` to them are reported at synth. */
  private readonly guard: EscapeHatchGuard;

  constructor(scope: Construct, id: string, givenProps: ContainerProps) {
    super(scope, id);
    // Plain JavaScript callers can pass nothing: a synth error with the rest, not a TypeError here.
    const props: ContainerProps = givenProps !== null && typeof givenProps === 'object' ? givenProps : ({} as ContainerProps);
    if (props !== givenProps) this.inputProblems.push(Errors.missingProps('Container', "{ image: host.image('busybox:1.36'), networks: [{ network }] }"));
    this.host = DockerHost.of(this, props.host);
    this.containerName = props.name ?? id;
    this.env = { ...props.env };
    this.runtime = props;
    const insecure = (this.insecure = props.insecure ?? {});
    const problems: string[] = [];
    const nameProblem = checkName('container', this.containerName);
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
    const image = imageProblem(props.image);
    if (image) problems.push(image);
    const dropAll = !insecure.defaultCapabilities && !insecure.privileged;
    this.resource = withCheapCreationStacks(() => literalAttributes(new ContainerResource(this, 'container', {
      provider: this.host.provider,
      name: this.containerName,
      image: props.image,
      command: props.command ? [...props.command] : undefined,
      restart: (props.restart ?? RestartPolicy.NO).value,
      hostname: props.hostname,
      labels: labelList({ ...props.labels, ...ownershipLabels(this, this.host) }),
      networkMode: 'bridge',
      privileged: insecure.privileged ? true : undefined,
      pidMode: insecure.hostPid ? 'host' : undefined,
      ipcMode: insecure.hostIpc ? 'host' : undefined,
      usernsMode: insecure.hostUserns ? 'host' : undefined,
      securityOpts: insecure.allowNewPrivileges ? undefined : ['no-new-privileges:true'],
      capabilities:
        dropAll || (props.capabilities?.length ?? 0) > 0
          ? { drop: dropAll ? ['ALL'] : undefined, add: props.capabilities?.length ? props.capabilities.map(normalizeCapability) : undefined }
          : undefined,
      ...runtimeConfig(props, this.host.providerVersion),
    })));
    this.writeDriftCheck = addToNetworkDriftCheck(this.resource); // `docker network disconnect` fails a plan
    this.guard = guardRenderedAttributes(this.resource, RENDERED_ATTRIBUTES);
    this.renderEnv();
    // depends_on, rendered at synth: dependsOn(), the library's ordering (static addresses first, see
    // private/ordering.ts) and whatever the stack wrote to `resource.dependsOn` (the escape hatch before 0.2.0).
    const dependsOn = withCheapCreationStacks(() => Lazy.anyValue({ produce: (ctx) => this.renderDependsOn(ctx) }, { omitEmptyArray: true }));
    this.guard.write(() => this.resource.addOverride('depends_on', dependsOn));
    (Array.isArray(props.networks) ? props.networks : []).forEach((n, i) => {
      if (n === null || typeof n !== 'object') this.inputProblems.push(Errors.notANetwork(`networks[${i}]`, n));
      else this.attach(n.network, n);
    });
    this.host._registry.addName('container', this, this.containerName);
    containersOf(this.host).push(this);
    this.node.addValidation({
      validate: () => [
        ...problems,
        ...this.inputProblems,
        ...this.guard.writes.map((w) => ContainerErrors.escapeHatchWrite(w.attribute, w.use)),
        ...guarded('networks', () => this.checkAttachments()),
        ...guarded('links', () => this.checkLinks()),
        ...guarded('exposed ports', () => this.checkExposure()),
        ...guarded('runtime settings', () => this.checkRuntime()),
        ...this.host._registry.problemsFor(this),
        ...guarded('warnings', () => reportWarnings(this, this.warnings())),
      ],
    });
  }

  /** Joins `network`, optionally with static addresses and aliases. Order of calls does not matter. */
  public attach(network: INetwork, options: AttachOptions = {}): this {
    if (!isNetwork(network)) {
      this.inputProblems.push(Errors.notANetwork(`the network attached (attach() or networks[].network)`, network));
      return this;
    }
    options = options ?? {};
    const a: Attachment = { network, ipv4: options.ipv4Address, ipv6: options.ipv6Address, aliases: [...(options.aliases ?? [])] };
    this.attachments.push(a);
    ORDERING.delete(this.host);
    CYCLES.delete(this.host);
    for (const ip of [a.ipv4, a.ipv6]) {
      const parsed = ip !== undefined && !Token.isUnresolved(ip) ? parseIpAddress(ip) : undefined;
      if (parsed) network._claimAddress(this, parsed);
    }
    this.rerenderLinked();
    return this;
  }

  /**
   * `--link` on provider 3.x, which removed `links`: this container reaches `target` as `alias`.
   * On a user-defined network both share, the alias is added to the target's attachment there (Docker's DNS
   * resolves it, as Compose does; every container on that network sees the alias). On docker0, which has no
   * DNS, this container gets a hosts entry for the alias pointing at the target's address (read from its
   * `network_data`, so Terraform creates the target first). With `environment`, Docker's legacy variables
   * are set too. Containers that share no network, or sit on host/none, fail at synth.
   */
  public linkTo(target: Container, options: LinkOptions = {}): this {
    const link: Link = { from: this, to: target, alias: options.alias ?? target.containerName, options };
    this.outgoing.push(link);
    target.incoming.push(link);
    ORDERING.delete(this.host);
    CYCLES.delete(this.host);
    this.rerenderLinked();
    return this;
  }

  /**
   * Creates this container after `other` (Terraform `depends_on`, with the resource itself). With
   * `condition: 'healthy'`, `other` must have a health check: the provider then waits after creating it until
   * Docker reports it healthy (`wait`/`wait_timeout` on `other`), so this one starts only once it is. The
   * wait happens when `other` is created or replaced, not on every apply.
   */
  public dependsOn(other: Container, options: DependsOnOptions = {}): this {
    if (!isContainer(other)) {
      this.inputProblems.push(ContainerErrors.notAContainer('dependsOn()', describeValue(other)));
      return this;
    }
    options = options ?? {};
    const dep: Dependency = { other, condition: options.condition ?? 'started', timeout: options.timeout };
    this.dependencies.push(dep);
    CYCLES.delete(this.host);
    ORDERING.delete(this.host); // rendered with the library's ordering edges, in renderDependsOn()
    if (dep.condition === 'healthy') other._waitUntilHealthy(options.timeout);
    return this;
  }

  /** The health check given in the props, if any. */
  public get healthCheck(): HealthCheck | undefined {
    return this.runtime.healthCheck;
  }

  /** @internal */
  public _waitUntilHealthy(timeout?: Duration): void {
    this.resource.wait = true;
    const seconds = timeout?.toSeconds();
    const current = this.resource.waitTimeoutInput;
    if (seconds !== undefined && (current === undefined || Token.isUnresolved(seconds) || Token.isUnresolved(current) || seconds > current)) this.resource.waitTimeout = seconds;
  }

  /**
   * Makes `port` reachable as `exposure` says: `Exposure.clusterInternal()` (the default: shared networks only),
   * `Exposure.nodePort()` (a host port in 30000-32767) or `Exposure.published()` (a host port, on 127.0.0.1
   * unless an interface is named).
   */
  public expose(port: Port, exposure: Exposure = Exposure.clusterInternal()): this {
    const entry: ExposedPort = { owner: this, port, exposure };
    this.exposed.push(entry);
    if (exposure.kind !== 'cluster-internal') {
      this.host._registry.addPort(entry);
      if (this.exposed.filter((e) => e.exposure.kind !== 'cluster-internal').length === 1) {
        // One lazy value renders every published port at synth, once the host knows all claims.
        this.guard.write(() => this.resource.putPorts(
          withCheapCreationStacks(() =>
            Lazy.anyValue({
              produce: () =>
                literalValue(this.exposed
                  .filter((e) => e.exposure.kind !== 'cluster-internal')
                  .map((e) => ({
                    internal: e.port.number,
                    external: this.host._registry.hostPortOf(e),
                    ip: e.exposure.hostInterface.ip,
                    protocol: e.port.protocol,
                  }))),
            }),
          ),
        ));
      }
    }
    return this;
  }

  /**
   * The host port `port` is published on: the fixed one, the allocated node port, or undefined when it is not
   * published or the engine picks one at start.
   */
  public hostPortOf(port: Port): number | undefined {
    const e = this.exposed.find((x) => x.port.number === port.number && x.port.protocol === port.protocol && x.exposure.kind !== 'cluster-internal');
    return e ? this.host._registry.hostPortOf(e) : undefined;
  }

  /** Networks the container joins, in the order attached. */
  public get networks(): INetwork[] {
    return this.attachments.map((a) => a.network);
  }

  /**
   * How the container joins each network, in the order attached: static addresses and aliases, including the
   * aliases that links to this container add (what the engine will show).
   */
  public get networkAttachments(): readonly NetworkAttachment[] {
    const linked = this.linkAliases();
    return this.attachments.map((a) => ({
      network: a.network,
      ipv4Address: a.ipv4,
      ipv6Address: a.ipv6,
      aliases: [...new Set([...a.aliases, ...(linked.get(a.network) ?? [])])],
    }));
  }

  /** Ports exposed with {@link expose}. */
  public get exposedPorts(): readonly { port: Port; exposure: Exposure }[] {
    return this.exposed;
  }

  /**
   * The container's IPv4 address on `network`: the static one if set, else a reference to the address Docker
   * assigned (from `network_data`), which makes dependents wait for this container.
   */
  public ipv4AddressOn(network: INetwork): string {
    const fixed = this.attachments.find((a) => a.network === network)?.ipv4;
    if (fixed !== undefined) return fixed;
    let ref = this.addresses.get(network);
    if (ref === undefined) {
      ref = withCheapCreationStacks(() => {
        const it = TerraformIterator.fromList(this.resource.networkData as unknown as string[]);
        const name = Token.isUnresolved(network.networkName) ? `"${network.networkName}"` : hclQuoted(network.networkName);
        const match = it.forExpressionForList(`val.ip_address if val.network_name == ${name}`);
        return Token.asString(Fn.element(match, 0));
      });
      this.addresses.set(network, ref);
    }
    return ref;
  }

  /** @internal */
  public _linkPlan(link: Link): LinkPlan {
    const mine = this.attachments.map((a) => a.network);
    const theirs = link.to.attachments.map((a) => a.network);
    const special = [...mine, ...theirs].find(sharesNamespace);
    if (special) return { kind: 'none', reason: `a container on the ${special.networkName} network cannot be linked` };
    const shared = theirs.filter((n) => mine.includes(n));
    const dns = shared.find((n) => n.dns);
    if (dns) return { kind: 'dns', network: dns };
    const docker0 = shared.find((n) => n.kind === 'default-bridge');
    if (docker0) return { kind: 'hosts', network: docker0 };
    return { kind: 'none', reason: 'they share no network' };
  }

  private rerenderLinked(): void {
    const peers = new Set<Container>([this]);
    for (const l of this.outgoing) peers.add(l.to);
    for (const l of this.incoming) peers.add(l.from);
    for (const p of peers) p.render();
  }

  private render(): void {
    this.guard.write(() => this.renderNetworks());
  }

  private renderNetworks(): void {
    const special = this.attachments.find((a) => sharesNamespace(a.network));
    const extraHosts: ContainerHost[] = Object.entries(this.runtime.extraHosts ?? {}).map(([host, ip]) => ({ host, ip }));
    if (special) {
      this.writeDriftCheck('namespace');
      this.resource.networkMode = special.network.networkName;
      this.resource.resetNetworksAdvanced();
      if (extraHosts.length > 0 && special.network.kind === 'none') this.resource.putHost(extraHosts);
      else this.resource.resetHost();
      return;
    }
    this.resource.networkMode = 'bridge';
    const linkAliases = this.linkAliases();
    const onlyDocker0 = this.attachments.every((a) => a.network.kind === 'default-bridge');
    this.writeDriftCheck(onlyDocker0 ? 'docker0' : 'advanced');
    if (onlyDocker0) {
      this.resource.resetNetworksAdvanced();
    } else {
      const advanced: ContainerNetworksAdvanced[] = this.attachments.map((a) => {
        const aliases = [...new Set([...a.aliases, ...(linkAliases.get(a.network) ?? [])])];
        return { name: a.network.reference, aliases: aliases.length > 0 ? aliases : undefined, ipv4Address: a.ipv4, ipv6Address: a.ipv6 };
      });
      this.resource.putNetworksAdvanced(advanced);
    }
    // Outgoing links on docker0 become hosts entries of this container.
    // Extra hosts from the props come first; link entries are added, never erasing them.
    const hosts: ContainerHost[] = [...extraHosts];
    for (const l of this.outgoing) {
      const plan = this._linkPlan(l);
      if (plan.kind === 'hosts') hosts.push({ host: l.alias, ip: l.to.ipv4AddressOn(plan.network) });
    }
    if (hosts.length > 0) this.resource.putHost(hosts);
    else this.resource.resetHost();
    this.renderEnv();
  }

  /** Incoming links on a user-defined network become aliases of this container there. */
  private linkAliases(): Map<INetwork, string[]> {
    const out = new Map<INetwork, string[]>();
    for (const l of this.incoming) {
      const plan = l.from._linkPlan(l);
      if (plan.kind === 'dns') out.set(plan.network, [...(out.get(plan.network) ?? []), l.alias]);
    }
    return out;
  }

  private renderEnv(): void {
    this.guard.write(() => this.writeEnv());
  }

  private writeEnv(): void {
    const env: Record<string, string> = {};
    for (const l of this.outgoing) {
      if (!l.options.environment) continue;
      const plan = this._linkPlan(l);
      if (plan.kind === 'none') continue;
      // Ports default to what the target exposes, as `docker run --link` reads the image's EXPOSE.
      const ports = l.options.ports ?? l.to.exposed.map((e) => e.port);
      Object.assign(env, linkEnvironment(this.containerName, l.alias, l.to.ipv4AddressOn(plan.network), ports));
    }
    Object.assign(env, this.env); // the container's own variables win
    const list = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    if (list.length > 0) this.resource.env = list;
    else this.resource.resetEnv();
  }

  /**
   * The containers whose address this one reads from their `network_data` (docker0 links, link variables of
   * a target without a static address): Terraform creates those first. @internal
   */
  public _referenceTargets(): Container[] {
    const out: Container[] = [];
    for (const l of this.outgoing) {
      const plan = this._linkPlan(l);
      if (plan.kind === 'none' || l.to === this) continue;
      const fixed = l.to.attachments.find((a) => a.network === plan.network)?.ipv4;
      if (plan.kind === 'hosts' || (l.options.environment && fixed === undefined)) out.push(l.to);
    }
    return out;
  }

  /** The static addresses of this container on `network`. @internal */
  public _hasStaticAddressOn(network: INetwork): boolean {
    const a = this.attachments.find((x) => x.network === network);
    return a !== undefined && (a.ipv4 !== undefined || a.ipv6 !== undefined);
  }

  private renderDependsOn(ctx: IResolveContext): string[] {
    const order = orderingOf(this.host);
    // Explicit dependsOn() first, then the library's ordering edges; each container once.
    const targets = [...new Set([...this.dependencies.map((d) => d.other).filter((c) => c !== this && isContainer(c)), ...(order.get(this) ?? [])])];
    const ours = targets.map((c) => `${c.resource.terraformResourceType}.${c.resource.friendlyUniqueId}`);
    // Entries the stack wrote to `resource.dependsOn` itself (what 0.1 stacks did) are kept, after the library's.
    const theirs = (this.resource.dependsOn ?? []).map((d) => ctx.resolve(d) as unknown).filter((d): d is string => typeof d === 'string');
    return [...new Set([...ours, ...theirs])];
  }

  /** Edges Terraform follows from this container: references (links) and explicit dependsOn(). @internal */
  public _orderTargets(): Container[] {
    return [...this._referenceTargets(), ...this.dependencies.map((d) => d.other).filter((c) => c !== this && c.host === this.host)];
  }

  private warnings(): string[] {
    const out: string[] = [];
    for (const e of this.exposed) {
      if (e.exposure.kind === 'cluster-internal') continue;
      const port = this.host._registry.hostPortOf(e);
      if (port !== undefined && !Token.isUnresolved(port) && port < 1024) out.push(Errors.privilegedHostPort(port, e.port.toString()));
      const hi = e.exposure.hostInterface;
      if (hi.everyInterface) out.push(Errors.publishedEverywhere(e.port.toString(), hi.ip));
    }
    for (const a of this.attachments) {
      if (a.ipv4 === undefined || Token.isUnresolved(a.ipv4)) continue;
      const facts = a.network.subnets.find((s) => s.cidr.family === 4);
      if (a.network.kind === 'bridge' && facts && !facts.ipRange) out.push(Errors.staticWithoutIpRange(a.ipv4, a.network.networkName, facts.cidr.toString()));
    }
    return out;
  }

  private checkAttachments(): string[] {
    const out: string[] = [];
    if (this.attachments.length === 0) return [Errors.noNetwork()];
    const special = this.attachments.filter((a) => sharesNamespace(a.network));
    if (special.length > 0 && this.attachments.length > 1) out.push(Errors.mixedNetworkMode(special[0].network.networkName));
    const seen = new Set<INetwork>();
    for (const a of this.attachments) {
      const n = a.network;
      if (seen.has(n)) out.push(Errors.attachedTwice(n.networkName));
      seen.add(n);
      if (n.memberHosts && !n.memberHosts.includes(this.host)) out.push(Errors.notSwarmNode(n.networkName, n.memberHosts.map((h) => h.displayName), this.host.displayName));
      else if (!n.memberHosts && n.host !== this.host) out.push(Errors.foreignHost(`network ${n.networkName}`, hostLabel(n.host), hostLabel(this.host), n.host.node.path));
      if (!n.attachable) {
        out.push(Errors.notAttachable(n.networkName));
      }
      if (n.kind === 'host' && !this.insecure.hostNetwork) out.push(Errors.insecureNeeded('the host network', 'hostNetwork', 'CIS Docker Benchmark 5.10'));
      if (n.kind === 'default-bridge' && !this.insecure.defaultBridge) {
        out.push(Errors.insecureNeeded('docker0 (the default bridge)', 'defaultBridge', 'CIS Docker Benchmark 5.30; a BridgeNetwork gives DNS and isolation'));
      }
      if (sharesNamespace(n) || n.kind === 'default-bridge') {
        const fix =
          n.kind === 'default-bridge'
            ? 'Docker allows aliases and user-chosen addresses only on user-defined networks: attach to a BridgeNetwork instead'
            : `a container on ${n.networkName} has no address of its own: drop them`;
        if (a.aliases.length > 0) out.push(Errors.notOnNetworkKind(`aliases ${a.aliases.join(', ')}`, n.networkName, fix));
        for (const ip of [a.ipv4, a.ipv6]) if (ip !== undefined) out.push(Errors.notOnNetworkKind(`static IP ${ip}`, n.networkName, fix));
        continue;
      }
      for (const alias of a.aliases) {
        const p = checkName('alias', alias);
        if (p) out.push(p);
      }
      if (a.ipv4 !== undefined) out.push(...this.checkAddress(a.ipv4, 4, n));
      if (a.ipv6 !== undefined) out.push(...this.checkAddress(a.ipv6, 6, n));
    }
    return out;
  }

  private checkLinks(): string[] {
    const out: string[] = [];
    const cycle = cyclesOf(this.host).links.get(this);
    if (cycle) out.push(Errors.linkCycle([...cycle, cycle[0]].map((c) => c.containerName)));
    for (const l of this.outgoing) {
      const p = checkName('link alias', l.alias);
      if (p) out.push(p);
      if (l.to === this) {
        out.push(`the container links to itself; link it to another container`);
        continue;
      }
      if (l.to.host !== this.host) {
        out.push(Errors.foreignHost(`link target ${l.to.node.path}`, hostLabel(l.to.host), hostLabel(this.host), l.to.host.node.path));
        continue;
      }
      const plan = this._linkPlan(l);
      if (plan.kind === 'none') out.push(Errors.linkImpossible(l.to.containerName, l.alias, plan.reason));
      for (const port of l.options.ports ?? []) if (!port.valid) out.push(Errors.badPort(port));
    }
    return out;
  }

  private checkExposure(): string[] {
    const out: string[] = [];
    const mode = this.attachments.find((a) => sharesNamespace(a.network))?.network.networkName;
    for (const e of this.exposed) {
      if (!e.port.valid) out.push(Errors.badPort(e.port));
      const ip = e.exposure.hostInterface.ip;
      if (e.exposure.kind !== 'cluster-internal' && !Token.isUnresolved(ip) && !parseIpAddress(ip)) out.push(Errors.invalidIp('hostInterface', ip));
      if (mode && e.exposure.kind !== 'cluster-internal') out.push(Errors.portOnSpecialNetwork(e.port.toString(), mode));
      // On docker0 a cluster-internal port is documentation (Compose's `expose`) and feeds link variables.
      if (e.exposure.kind === 'cluster-internal' && !this.attachments.some((a) => a.network.dns || a.network.kind === 'default-bridge')) {
        out.push(`port ${e.port} is cluster-internal but the container is on no user-defined network, so nothing can reach it by name; attach it to a BridgeNetwork`);
      }
    }
    return out;
  }

  private checkRuntime(): string[] {
    const special = this.attachments.find((a) => sharesNamespace(a.network))?.network.networkName;
    const out = runtimeProblems(this.runtime, {
      restart: (this.runtime.restart ?? RestartPolicy.NO).value,
      specialNetwork: special,
      sensitiveMounts: this.insecure.sensitiveMounts,
      hostIpc: this.insecure.hostIpc,
    });
    out.push(...imageReferenceProblems(this.runtime.image));
    out.push(...dependencyProblems(this, this.dependencies));
    // A cycle is reported by its first container (by path), whichever of its containers has the dependsOn() edge.
    const cycle = cyclesOf(this.host).order.get(this);
    const viaDependsOn = cycle?.some((c, i) => c.dependencies.some((d) => d.other === cycle[(i + 1) % cycle.length]));
    if (cycle && viaDependsOn) out.push(ContainerErrors.dependsOnCycle([...cycle, cycle[0]].map((c) => c.containerName)));
    for (const d of this.dependencies) {
      const theirs = TerraformStack.of(d.other);
      if (theirs !== TerraformStack.of(this)) out.push(ContainerErrors.dependsOnOtherStack(d.other.node.path, theirs.node.id));
    }
    for (const m of this.runtime.mounts ?? []) {
      const h = m.volume?.host;
      // A created volume's name is a token: the message names its construct path instead.
      const volume = m.volume instanceof Construct ? m.volume.node.path : m.source;
      if (h && h !== this.host) out.push(Errors.foreignHost(`volume ${volume}`, hostLabel(h), hostLabel(this.host), h.node.path));
    }
    const linkAliases = new Set(this.outgoing.map((l) => l.alias));
    for (const name of Object.keys(this.runtime.extraHosts ?? {})) if (linkAliases.has(name)) out.push(ContainerErrors.hostEntryClash(name));
    return out;
  }

  private checkAddress(text: string, family: 4 | 6, n: INetwork): string[] {
    if (Token.isUnresolved(text)) return [];
    const field = family === 4 ? 'ipv4Address' : 'ipv6Address';
    const ip: IpAddress | undefined = parseIpAddress(text);
    if (!ip) return [Errors.invalidIp(field, text)];
    if (ip.family !== family) return [Errors.familyMismatch(field, text, family === 4 ? 'IPv4' : 'IPv6')];
    // Two containers with one literal address on one network is an error whatever is known of the subnet.
    const owner = n._claimAddress(this, ip);
    if (owner !== this) return [Errors.ipTakenTwice(text, n.networkName, owner.node.path)];
    if (!n.subnetsKnown) return [];
    const facts = n.subnets.find((s) => s.cidr.family === family);
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
}

const CONTAINERS = new WeakMap<DockerHost, Container[]>();
const ORDERING = new WeakMap<DockerHost, Map<Container, Container[]>>();
type Cycles = { readonly links: Map<Container, Container[]>; readonly order: Map<Container, Container[]> };
const CYCLES = new WeakMap<DockerHost, Cycles>();

/**
 * The cycles of one host by their first container, among references (links) and among all order edges (links
 * and dependsOn): found once per host, not once per container's validation (that was quadratic: 70% of a
 * 5,000-container synth).
 */
function cyclesOf(host: DockerHost): Cycles {
  let cycles = CYCLES.get(host);
  if (!cycles) {
    const paths = new Map(containersOf(host).map((c) => [c, c.node.path]));
    const find = (edges: (c: Container) => Container[]) =>
      new Map(findCycles(containersOf(host), edges, (c) => paths.get(c)!).map((cy) => [cy[0], cy] as [Container, Container[]]));
    cycles = { links: find((c) => c._referenceTargets()), order: find((c) => c._orderTargets()) };
    CYCLES.set(host, cycles);
  }
  return cycles;
}

function containersOf(host: DockerHost): Container[] {
  let list = CONTAINERS.get(host);
  if (!list) CONTAINERS.set(host, (list = []));
  return list;
}

/**
 * The ordering edges of one host: on a bridge network whose dynamic addresses come from the whole subnet (no
 * ipRange), each container without a static address there waits for those with one.
 */
function orderingOf(host: DockerHost): Map<Container, Container[]> {
  let order = ORDERING.get(host);
  if (order) return order;
  const all = [...containersOf(host)].sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
  const candidates: [Container, Container][] = [];
  for (const d of all) {
    for (const n of d.networks) {
      if (n.kind !== 'bridge' || d._hasStaticAddressOn(n)) continue;
      const facts = n.subnets.find((s) => s.cidr.family === 4);
      if (!facts || facts.ipRange) continue;
      for (const s of all) if (s !== d && s.networks.includes(n) && s._hasStaticAddressOn(n)) candidates.push([d, s]);
    }
  }
  order = acceptOrdering((c: Container) => c._orderTargets(), candidates);
  ORDERING.set(host, order);
  return order;
}

/**
 * What the library renders on `docker_container` itself, and the API a stack uses instead of writing it through
 * `container.resource`. `depends_on` written as `resource.dependsOn = [...]` is merged (the way before 0.2.0);
 * only an override of it is refused.
 */
const RENDERED_ATTRIBUTES: readonly RenderedAttribute[] = [
  { attribute: 'depends_on', use: 'container.dependsOn(other), or assign container.resource.dependsOn, which the library merges with its own' },
  { attribute: 'networks_advanced', methods: ['putNetworksAdvanced', 'resetNetworksAdvanced'], use: "the networks prop or container.attach(network, { ipv4Address, aliases })" },
  { attribute: 'network_mode', setters: ['networkMode'], methods: ['resetNetworkMode'], use: 'BuiltinNetwork.host(host) or BuiltinNetwork.none(host) as the only network' },
  { attribute: 'host', methods: ['putHost', 'resetHost'], use: 'the extraHosts prop (links on docker0 add their own entries)' },
  { attribute: 'env', setters: ['env'], methods: ['resetEnv'], use: 'the env prop (links add their variables with linkTo(.., { environment: true }))' },
  { attribute: 'ports', methods: ['putPorts', 'resetPorts'], use: 'container.expose(port, Exposure.published(...))' },
];

/** True for a Container (plain JavaScript callers can pass anything). */
function isContainer(value: unknown): value is Container {
  return value instanceof Container;
}

/** True for what the library's networks look like (plain JavaScript callers can pass anything). */
function isNetwork(value: unknown): value is INetwork {
  return value !== null && typeof value === 'object' && typeof (value as INetwork).kind === 'string' && typeof (value as INetwork).networkName === 'string';
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
