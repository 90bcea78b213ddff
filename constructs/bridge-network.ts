import { Network } from '@cdktf/provider-docker/lib/network';
import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { IpAddress } from './cidr';
import { DockerHost } from './docker-host';
import { Errors } from './errors';
import { AddressClaims, INetwork, NetworkKind, SubnetFacts } from './network';
import { withCheapCreationStacks } from './private/creation-stacks';
import { checkIpam, checkName, IpamConfigEntry, labelList } from './private/ipam';
import { PREDEFINED_NETWORKS, RESERVED_BRIDGES } from './private/names';
import { ownershipLabels } from './private/ownership';
import type { SubnetAllocation } from './address-plan';
import { literalAttributes } from './private/terraform-literal';

/** Properties of a {@link BridgeNetwork}. */
export interface BridgeNetworkProps {
  /**
   * The Docker network name; containers on it resolve each other through Docker's DNS.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The engine to create it on.
   * @default - the only DockerHost of the stack
   */
  readonly host?: DockerHost;
  /**
   * IPv4 subnet, as CIDR text or from an {@link AddressPlan}.
   * @default - Docker picks one from its default pools (not checked for overlaps at synth)
   */
  readonly subnet?: string | SubnetAllocation;
  /**
   * IPv4 gateway: the bridge's own address on the host.
   * @default - the first host address of `subnet`
   */
  readonly gateway?: string;
  /**
   * The sub-range Docker assigns dynamic addresses from. Static addresses must lie outside it (in the subnet):
   * inside, a container without a static address may take them first.
   * @default - the whole subnet
   */
  readonly ipRange?: string;
  /**
   * Addresses Docker must not hand out (`--aux-address`), by host name. The provider does not read them back
   * from the engine (kreuzwerker/docker #10), so a change made outside Terraform goes unnoticed; the second
   * plan after apply stays empty (checked on the real engine).
   * @default - none
   */
  readonly auxAddresses?: Readonly<Record<string, string>>;
  /**
   * Linux bridge device name (`com.docker.network.bridge.name`), at most 15 characters.
   * @default - Docker's `br-<network id prefix>`
   */
  readonly bridgeName?: string;
  /**
   * Whether containers on this network may talk to each other (`com.docker.network.bridge.enable_icc`).
   * False isolates them from each other while each still reaches the outside (CIS Docker Benchmark 2.2).
   * @default true
   */
  readonly interContainerCommunication?: boolean;
  /**
   * Whether traffic leaving the host is masqueraded (`com.docker.network.bridge.enable_ip_masquerade`).
   * @default true
   */
  readonly ipMasquerade?: boolean;
  /**
   * MTU of the bridge and of the containers' interfaces (`com.docker.network.driver.mtu`).
   * @default - Docker's 1500
   */
  readonly mtu?: number;
  /**
   * No route out of the host: containers reach only each other (`docker network create --internal`).
   * @default false
   */
  readonly internal?: boolean;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * IPv6 subnet; setting it enables IPv6 on the network (dual stack).
   * @default - IPv4 only
   */
  readonly ipv6Subnet?: string;
  /** @default - the first host address of `ipv6Subnet` */
  readonly ipv6Gateway?: string;
  /**
   * Further driver options, passed as they are.
   * @default - none
   */
  readonly driverOptions?: Readonly<Record<string, string>>;
}

/** Facts about an existing network imported by name. */
export interface ImportedNetworkFacts {
  /** @default - unknown: static addresses on it are not checked */
  readonly subnet?: string;
  /** @default - the first host address of `subnet` */
  readonly gateway?: string;
  /** @default - the whole subnet */
  readonly ipRange?: string;
  /** @default - the stack's only host */
  readonly host?: DockerHost;
  /** @default 'bridge' */
  readonly kind?: 'bridge' | 'overlay';
  /** Overlays only. @default true */
  readonly attachable?: boolean;
  /** @default false */
  readonly internal?: boolean;
}

/**
 * A user-defined bridge network: its own Linux bridge, DNS by container name and alias, isolation from every
 * other network. Every argument of `docker_network` forces replacement, so the subnet should come from an
 * {@link AddressPlan} or be written once and kept.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/network
 * @see https://docs.docker.com/engine/network/drivers/bridge/
 */
export class BridgeNetwork extends Construct implements INetwork {
  /** An existing network, created outside this stack, by its name. */
  public static fromName(scope: Construct, id: string, name: string, facts: ImportedNetworkFacts = {}): INetwork {
    return new ImportedNetwork(scope, id, name, facts);
  }

  public readonly host: DockerHost;
  public readonly networkName: string;
  public readonly reference: string;
  public readonly kind: NetworkKind = 'bridge';
  public readonly subnets: readonly SubnetFacts[];
  public readonly subnetsKnown: boolean;
  public readonly dns = true;
  public readonly attachable = true;
  public readonly internal: boolean;
  public readonly linuxBridgeName?: string;
  /** The `docker_network` resource. */
  public readonly resource: Network;
  private readonly claims = new AddressClaims();

  constructor(scope: Construct, id: string, givenProps: BridgeNetworkProps = {}) {
    super(scope, id);
    const props: BridgeNetworkProps = givenProps ?? {}; // null from plain JavaScript: the defaults
    this.host = DockerHost.of(this, props.host);
    this.networkName = props.name ?? id;
    this.internal = props.internal ?? false;
    this.linuxBridgeName = props.bridgeName;
    const problems: string[] = [];
    problems.push(...checkNetworkName(this.networkName));
    const bridge = props.bridgeName;
    if (bridge !== undefined && !Token.isUnresolved(bridge)) {
      if (typeof bridge === 'string' && Buffer.byteLength(bridge) > 15) problems.push(Errors.bridgeNameTooLong(bridge));
      else {
        const p = checkName('bridge', bridge);
        if (p) problems.push(p);
      }
      if (RESERVED_BRIDGES.includes(bridge) || bridge === this.host.defaultBridgeName) {
        problems.push(Errors.reservedBridge(bridge, bridge === 'docker_gwbridge' ? "Docker's swarm gateway bridge" : bridge === 'lo' ? 'the loopback interface' : `the engine's default bridge or a built-in network`));
      }
    }
    const mtu = props.mtu;
    if (mtu !== undefined && !Token.isUnresolved(mtu) && (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535)) problems.push(Errors.mtu(mtu));

    const v4 = checkIpam(props, 4);
    const v6 = checkIpam({ subnet: props.ipv6Subnet, gateway: props.ipv6Gateway }, 6, 'ipv6');
    problems.push(...v4.problems, ...v6.problems);
    const facts = [v4.facts, v6.facts].filter((x): x is SubnetFacts => x !== undefined);
    this.subnets = facts;
    this.subnetsKnown = v4.known && v6.known;
    const ipamConfig = [v4.config, v6.config].filter((x): x is IpamConfigEntry => x !== undefined);

    const options: Record<string, string> = { ...props.driverOptions };
    if (props.bridgeName !== undefined) options['com.docker.network.bridge.name'] = props.bridgeName;
    if (props.interContainerCommunication !== undefined) options['com.docker.network.bridge.enable_icc'] = String(props.interContainerCommunication);
    if (props.ipMasquerade !== undefined) options['com.docker.network.bridge.enable_ip_masquerade'] = String(props.ipMasquerade);
    if (props.mtu !== undefined) options['com.docker.network.driver.mtu'] = String(props.mtu);

    const resource = withCheapCreationStacks(() => literalAttributes(new Network(this, 'network', {
      provider: this.host.provider,
      name: this.networkName,
      driver: 'bridge',
      internal: props.internal ? true : undefined,
      ipv6: props.ipv6Subnet !== undefined ? true : undefined,
      options: Object.keys(options).length > 0 ? options : undefined,
      ipamConfig: ipamConfig.length > 0 ? ipamConfig : undefined,
      labels: labelList({ ...props.labels, ...ownershipLabels(this, this.host) }),
    })));
    this.resource = resource;
    // One token for every container that references the network: cheaper synth, and the dependency that
    // makes Terraform destroy containers before their network.
    this.reference = withCheapCreationStacks(() => resource.name);

    const registry = this.host._registry;
    registry.addName('network', this, this.networkName);
    if (bridge !== undefined) registry.addName('bridge', this, bridge);
    for (const f of facts) registry.addSubnet(this, f.cidr, `network ${this.networkName}`);
    this.node.addValidation({ validate: () => [...problems, ...registry.problemsFor(this)] });
  }

  /** @internal */
  public _claimAddress(owner: IConstruct, ip: IpAddress): IConstruct {
    return this.claims.claim(owner, ip);
  }
}

class ImportedNetwork extends Construct implements INetwork {
  public readonly host: DockerHost;
  public readonly networkName: string;
  public readonly reference: string;
  public readonly kind: NetworkKind;
  public readonly subnets: readonly SubnetFacts[];
  public readonly subnetsKnown: boolean;
  public readonly dns = true;
  public readonly attachable: boolean;
  public readonly internal: boolean;
  private readonly claims = new AddressClaims();

  constructor(scope: Construct, id: string, name: string, facts: ImportedNetworkFacts) {
    super(scope, id);
    this.host = DockerHost.of(this, facts.host);
    this.networkName = name;
    this.reference = name;
    this.kind = facts.kind ?? 'bridge';
    this.attachable = this.kind === 'bridge' ? true : facts.attachable ?? true;
    this.internal = facts.internal ?? false;
    const r = checkIpam({ subnet: facts.subnet, gateway: facts.gateway, ipRange: facts.ipRange }, facts.subnet?.includes(':') ? 6 : 4);
    this.subnets = r.facts ? [r.facts] : [];
    this.subnetsKnown = r.facts !== undefined;
    const problems = [...r.problems];
    const nameProblem = checkName('network', name);
    if (nameProblem) problems.push(nameProblem);
    if (PREDEFINED_NETWORKS.includes(name)) problems.push(Errors.predefinedImport(name));
    // Imported networks take part in the host's name and overlap checks like created ones.
    const registry = this.host._registry;
    registry.addName('network', this, name);
    for (const f of this.subnets) registry.addSubnet(this, f.cidr, `imported network ${name}`);
    this.node.addValidation({ validate: () => [...problems, ...registry.problemsFor(this)] });
  }

  /** @internal */
  public _claimAddress(owner: IConstruct, ip: IpAddress): IConstruct {
    return this.claims.claim(owner, ip);
  }
}

/** The name problems of a network the stack creates: Docker's rule, and not one of the predefined networks. @internal */
export function checkNetworkName(name: string): string[] {
  const out: string[] = [];
  const p = checkName('network', name);
  if (p) out.push(p);
  else if (!Token.isUnresolved(name) && PREDEFINED_NETWORKS.includes(name)) out.push(Errors.predefinedNetwork(name));
  return out;
}
