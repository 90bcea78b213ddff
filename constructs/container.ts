import { Container as ContainerResource } from '@cdktf/provider-docker/lib/container';
import { Fn, TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import { parseIpAddress } from './cidr';
import { ContainerErrors } from './container-errors';
import { AttachOptions, ContainerProps, NetworkAttachment } from './container-props';
import { DependsOnOptions } from './dependency';
import { DockerHost } from './docker-host';
import { Duration } from './duration';
import { describeValue, Errors } from './errors';
import { Exposure } from './exposure';
import { HealthCheck } from './health-check';
import { LinkOptions } from './link';
import { INetwork } from './network';
import { Port } from './port';
import { ContainerState, Link } from './private/container-state';
import { driftShape, RenderedContainerResource, staticAttributes } from './private/container-render';
import { containerProblems, propProblems } from './private/container-validation';
import { withCheapCreationStacks } from './private/creation-stacks';
import type { EscapeHatchGuard } from './private/escape-hatch';
import type { ExposedPort } from './private/exposed-port';
import { addToNetworkDriftCheck } from './private/network-drift';
import { escapeTemplate, hclQuoted } from './private/terraform-literal';

// The props live in container-props.ts; users import them with the Container (constructs/index.ts).
export { RestartPolicy } from './container-props';
export type { AttachOptions, ContainerProps, NetworkAttachment } from './container-props';

/**
 * A container on one or more networks, secure by default (see {@link InsecureOptions}). `network_mode` is
 * always written out, avoiding the provider's perpetual diff on Docker 26+ (kreuzwerker/docker #603):
 * `host`/`none` for those networks, else `bridge`, the mode the provider creates containers in before it moves
 * them onto `networks_advanced`.
 *
 * What it is given (attach(), linkTo(), expose(), dependsOn()) accumulates in its state; everything rendered from
 * that state on `docker_container` is computed when the stack is synthesized (private/container-render.ts), so the
 * order of calls, on this container or on the containers it links with, does not matter.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/container
 */
export class Container extends Construct {
  public readonly host: DockerHost;
  public readonly containerName: string;
  /** The `docker_container` resource. */
  public readonly resource: ContainerResource;
  /** What the container accumulates until synth. @internal */
  public readonly _state: ContainerState;
  private readonly addresses = new Map<INetwork, string>();
  /** The attributes rendered here; writes through `resource` to them are reported at synth. */
  private readonly guard: EscapeHatchGuard;

  constructor(scope: Construct, id: string, givenProps: ContainerProps) {
    super(scope, id);
    // Plain JavaScript callers can pass nothing: a synth error with the rest, not a TypeError here.
    const props: ContainerProps = givenProps !== null && typeof givenProps === 'object' ? givenProps : ({} as ContainerProps);
    this.host = DockerHost.of(this, props.host);
    this.containerName = props.name ?? id;
    const insecure = props.insecure ?? {};
    const state = (this._state = new ContainerState(this, props, insecure));
    if (props !== givenProps) state.inputProblems.push(Errors.missingProps('Container', "{ image: host.image('busybox:1.36'), networks: [{ network }] }"));
    const problems = propProblems(this.containerName, props, insecure);
    // Renders network_mode, networks_advanced, host, env, ports and depends_on from the state at synth.
    const resource = (this.resource = withCheapCreationStacks(
      () => new RenderedContainerResource(this, 'container', staticAttributes(this, this.host, this.containerName, props, insecure), state),
    ));
    if (props.runToCompletion === true) resource.lifecycle = { postcondition: [oneShotCondition(this.containerName)] };
    this.guard = resource.guard;
    addToNetworkDriftCheck(resource, () => driftShape(state)); // `docker network disconnect` fails a plan
    (Array.isArray(props.networks) ? props.networks : []).forEach((n, i) => {
      if (n === null || typeof n !== 'object') state.inputProblems.push(Errors.notANetwork(`networks[${i}]`, n));
      else this.attach(n.network, n);
    });
    this.host._registry.addName('container', this, this.containerName);
    this.host._registry.addContainer(this);
    const writes = () => this.guard.writes.map((w) => ContainerErrors.escapeHatchWrite(w.attribute, w.use));
    this.node.addValidation({ validate: () => containerProblems(state, problems, writes()) });
  }

  /** Joins `network`, optionally with static addresses and aliases. Order of calls does not matter. */
  public attach(network: INetwork, options: AttachOptions = {}): this {
    if (!isNetwork(network)) {
      this._state.inputProblems.push(Errors.notANetwork(`the network attached (attach() or networks[].network)`, network));
      return this;
    }
    options = options ?? {};
    const a = { network, ipv4: options.ipv4Address, ipv6: options.ipv6Address, aliases: [...(options.aliases ?? [])] };
    this._state.attachments.push(a);
    this.host._registry.containersChanged();
    for (const ip of [a.ipv4, a.ipv6]) {
      const parsed = ip !== undefined && !Token.isUnresolved(ip) ? parseIpAddress(ip) : undefined;
      if (parsed) network._claimAddress(this, parsed);
    }
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
    this._state.outgoing.push(link);
    target._state.incoming.push(link);
    this.host._registry.containersChanged();
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
      this._state.inputProblems.push(ContainerErrors.notAContainer('dependsOn()', describeValue(other)));
      return this;
    }
    options = options ?? {};
    this._state.dependencies.push({ other, condition: options.condition ?? 'started', timeout: options.timeout });
    this.host._registry.containersChanged();
    if ((options.condition ?? 'started') === 'healthy') other._waitUntilHealthy(options.timeout);
    return this;
  }

  /** True for a one-shot job (`runToCompletion: true`), which others can wait for with condition `completed`. */
  public get runsToCompletion(): boolean {
    return this._state.props.runToCompletion === true;
  }

  /** The health check given in the props, if any. */
  public get healthCheck(): HealthCheck | undefined {
    return this._state.props.healthCheck;
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
    this._state.exposed.push(entry);
    if (exposure.kind !== 'cluster-internal') this.host._registry.addPort(entry);
    return this;
  }

  /**
   * The host port `port` is published on: the fixed one, the allocated node port, or undefined when it is not
   * published or the engine picks one at start.
   */
  public hostPortOf(port: Port): number | undefined {
    const e = this._state.published.find((x) => x.port.number === port.number && x.port.protocol === port.protocol);
    return e ? this.host._registry.hostPortOf(e) : undefined;
  }

  /** Networks the container joins, in the order attached. */
  public get networks(): INetwork[] {
    return this._state.networks;
  }

  /**
   * How the container joins each network, in the order attached: static addresses and aliases, including the
   * aliases that links to this container add (what the engine will show).
   */
  public get networkAttachments(): readonly NetworkAttachment[] {
    const linked = this._state.linkAliases();
    return this._state.attachments.map((a) => ({ network: a.network, ipv4Address: a.ipv4, ipv6Address: a.ipv6, aliases: this._state.aliasesOn(a, linked) }));
  }

  /** Ports exposed with {@link expose}. */
  public get exposedPorts(): readonly { port: Port; exposure: Exposure }[] {
    return this._state.exposed;
  }

  /**
   * The container's IPv4 address on `network`: the static one if set, else a reference to the address Docker
   * assigned (from `network_data`), which makes dependents wait for this container.
   */
  public ipv4AddressOn(network: INetwork): string {
    const fixed = this._state.attachmentOn(network)?.ipv4;
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

  /** The containers whose address this one reads from their `network_data`. @internal */
  public _referenceTargets(): Container[] {
    return this._state.referenceTargets() as Container[];
  }

  /** Edges Terraform follows from this container: references (links) and explicit dependsOn(). @internal */
  public _orderTargets(): Container[] {
    return [...this._referenceTargets(), ...(this._state.dependedOn() as Container[])];
  }

  /** Where the container takes a dynamic address from the whole subnet, and where it has a static one. @internal */
  public _addressRoles(): { dynamicOn: INetwork[]; staticOn: INetwork[] } {
    return this._state.addressRoles();
  }
}

/** True for a Container (plain JavaScript callers can pass anything). */
function isContainer(value: unknown): value is Container {
  return value instanceof Container;
}

/** True for what the library's networks look like (plain JavaScript callers can pass anything). */
function isNetwork(value: unknown): value is INetwork {
  return value !== null && typeof value === 'object' && typeof (value as INetwork).kind === 'string' && typeof (value as INetwork).networkName === 'string';
}

/** The postcondition of a one-shot job: the apply fails unless it exited 0 (its dependants are then not created). */
function oneShotCondition(name: string): { condition: string; errorMessage: string } {
  const text = escapeTemplate(name);
  return {
    condition: '${self.exit_code == 0}',
    errorMessage: `one-shot container ${text} exited \${self.exit_code == null ? "without a code" : self.exit_code}, not 0: what waits for it was not created; see docker logs ${text}, fix it and apply again (terraform apply -replace on it runs it again)`,
  };
}

