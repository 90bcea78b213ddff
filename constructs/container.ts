import { Container as ContainerResource, ContainerNetworksAdvanced } from '@cdktf/provider-docker/lib/container';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { formatIpAddress, IpAddress, parseIpAddress } from './cidr';
import { DockerHost } from './docker-host';
import { Errors } from './errors';
import { INetwork, SubnetFacts } from './network';
import { withCheapCreationStacks } from './private/creation-stacks';
import { checkName } from './private/ipam';

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

/** Properties of a {@link Container}. */
export interface ContainerProps {
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
}

interface Attachment {
  readonly network: INetwork;
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly aliases: string[];
}

/**
 * A container on one or more networks. `network_mode` is always written out, avoiding the provider's perpetual
 * diff on Docker 26+ (kreuzwerker/docker #603): `host`/`none` for those networks, else `bridge`, the mode the
 * provider creates containers in before it moves them onto `networks_advanced`.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/container
 */
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

export class Container extends Construct {
  public readonly host: DockerHost;
  public readonly containerName: string;
  /** The `docker_container` resource. */
  public readonly resource: ContainerResource;
  private readonly attachments: Attachment[] = [];

  constructor(scope: Construct, id: string, props: ContainerProps) {
    super(scope, id);
    this.host = DockerHost.of(this, props.host);
    this.containerName = props.name ?? id;
    const problems: string[] = [];
    const nameProblem = checkName('container', this.containerName);
    if (nameProblem) problems.push(nameProblem);
    this.resource = withCheapCreationStacks(() => new ContainerResource(this, 'container', {
      provider: this.host.provider,
      name: this.containerName,
      image: props.image,
      command: props.command ? [...props.command] : undefined,
      env: props.env ? Object.entries(props.env).map(([k, v]) => `${k}=${v}`) : undefined,
      restart: (props.restart ?? RestartPolicy.NO).value,
      hostname: props.hostname,
      labels: props.labels ? Object.entries(props.labels).map(([label, value]) => ({ label, value })) : undefined,
      networkMode: 'bridge',
    }));
    for (const n of props.networks ?? []) this.attach(n.network, n);
    this.host._registry.addName('container', this, this.containerName);
    this.node.addValidation({ validate: () => [...problems, ...this.checkAttachments(), ...this.host._registry.problemsFor(this)] });
  }

  /** Joins `network`, optionally with static addresses and aliases. Order of calls does not matter. */
  public attach(network: INetwork, options: AttachOptions = {}): this {
    const a: Attachment = { network, ipv4: options.ipv4Address, ipv6: options.ipv6Address, aliases: [...(options.aliases ?? [])] };
    this.attachments.push(a);
    for (const ip of [a.ipv4, a.ipv6]) {
      const parsed = ip !== undefined && !Token.isUnresolved(ip) ? parseIpAddress(ip) : undefined;
      if (parsed) network._claimAddress(this, parsed);
    }
    this.render();
    return this;
  }

  /** Networks the container joins, in the order attached. */
  public get networks(): INetwork[] {
    return this.attachments.map((a) => a.network);
  }

  private render(): void {
    const special = this.attachments.find((a) => a.network.kind === 'host' || a.network.kind === 'none');
    if (special) {
      this.resource.networkMode = special.network.networkName;
      this.resource.resetNetworksAdvanced();
      return;
    }
    this.resource.networkMode = 'bridge';
    const onlyDocker0 = this.attachments.every((a) => a.network.kind === 'default-bridge');
    if (onlyDocker0) {
      this.resource.resetNetworksAdvanced();
      return;
    }
    const advanced: ContainerNetworksAdvanced[] = this.attachments.map((a) => ({
      name: a.network.reference,
      aliases: a.aliases.length > 0 ? [...a.aliases] : undefined,
      ipv4Address: a.ipv4,
      ipv6Address: a.ipv6,
    }));
    this.resource.putNetworksAdvanced(advanced);
  }

  private checkAttachments(): string[] {
    const out: string[] = [];
    if (this.attachments.length === 0) return [Errors.noNetwork()];
    const special = this.attachments.filter((a) => a.network.kind === 'host' || a.network.kind === 'none');
    if (special.length > 0 && this.attachments.length > 1) out.push(Errors.mixedNetworkMode(special[0].network.networkName));
    const seen = new Set<INetwork>();
    for (const a of this.attachments) {
      const n = a.network;
      if (seen.has(n)) out.push(Errors.attachedTwice(n.networkName));
      seen.add(n);
      if (n.host !== this.host) out.push(Errors.foreignHost(`network ${n.networkName}`, n.host.displayName, this.host.displayName));
      if (!n.attachable) {
        out.push(`network ${n.networkName} is an overlay that is not attachable; standalone containers can only join attachable overlays: set attachable: true on it`);
      }
      if (n.kind === 'host' || n.kind === 'none' || n.kind === 'default-bridge') {
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

  private checkAddress(text: string, family: 4 | 6, n: INetwork): string[] {
    if (Token.isUnresolved(text)) return [];
    const field = family === 4 ? 'ipv4Address' : 'ipv6Address';
    const ip: IpAddress | undefined = parseIpAddress(text);
    if (!ip) return [Errors.invalidIp(field, text)];
    if (ip.family !== family) return [Errors.familyMismatch(field, text, family === 4 ? 'IPv4' : 'IPv6')];
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
    const owner = n._claimAddress(this, ip);
    if (owner !== this) out.push(Errors.ipTakenTwice(text, n.networkName, owner.node.path));
    return out;
  }
}
