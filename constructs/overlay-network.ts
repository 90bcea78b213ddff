import { Token } from 'cdktf';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Construct, IConstruct } from 'constructs';
import type { SubnetAllocation } from './address-plan';
import { Cidr, IpAddress } from './cidr';
import { DockerHost } from './docker-host';
import { Errors } from './errors';
import { AddressClaims, INetwork, NetworkKind, SubnetFacts } from './network';
import { withCheapCreationStacks } from './private/creation-stacks';
import { fnv1a } from './private/hash';
import { checkIpam, labelList } from './private/ipam';
import { ownershipLabels } from './private/ownership';
import { Swarm } from './swarm';
import { checkNetworkName } from './bridge-network';
import { literalAttributes } from './private/terraform-literal';

/** Properties of an {@link OverlayNetwork}. */
export interface OverlayNetworkProps {
  /** The swarm it spans; it is created through the manager. */
  readonly swarm: Swarm;
  /** @default - the construct id */
  readonly name?: string;
  /**
   * Subnet, as CIDR text or from an {@link AddressPlan}. Must stay out of the swarm's default address pool
   * (10.0.0.0/8 unless the swarm says otherwise) unless `allowSwarmDefaultPool` is set.
   * @default - Docker picks a /24 from the swarm's default pool
   */
  readonly subnet?: string | SubnetAllocation;
  /** @default - the first host address of `subnet` */
  readonly gateway?: string;
  /** @default - the whole subnet */
  readonly ipRange?: string;
  /**
   * Whether standalone containers (not swarm services) may join. Docker's default is false, and so is this.
   * @default false
   */
  readonly attachable?: boolean;
  /**
   * Encrypt VXLAN traffic between nodes with IPsec (`--opt encrypted`).
   * @default false
   */
  readonly encrypted?: boolean;
  /** No route out of the swarm. @default false */
  readonly internal?: boolean;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The VXLAN network identifier. Docker picks one and then reports it as the option
   * `com.docker.network.driver.overlay.vxlanid_list`, which the provider reads back as a change that replaces
   * the network on every plan (seen on the real engine); so the construct always sets it.
   * @default - derived from the network name, in 1,048,576-16,777,215 (clear of Docker's own, which count up
   * from 4,096); collisions within the swarm fail synth
   */
  readonly vxlanId?: number;
  /**
   * Accept a subnet inside the swarm's default address pool, where Docker also allocates automatic overlays.
   * @default false
   */
  readonly allowSwarmDefaultPool?: boolean;
}

/**
 * A swarm-scoped overlay network (VXLAN): the answer to bridge networks living on one host. Services on it,
 * and standalone containers when it is attachable, reach each other by name across every node of the swarm.
 *
 * @see https://docs.docker.com/engine/network/drivers/overlay/
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/network
 */
export class OverlayNetwork extends Construct implements INetwork {
  public readonly host: DockerHost;
  public readonly swarm: Swarm;
  public readonly networkName: string;
  public readonly reference: string;
  /** The network id, what services reference (by name forces replacement on every apply, kreuzwerker #648). */
  public readonly networkId: string;
  public readonly kind: NetworkKind = 'overlay';
  public readonly subnets: readonly SubnetFacts[];
  public readonly subnetsKnown: boolean;
  public readonly dns = true;
  public readonly attachable: boolean;
  public readonly internal: boolean;
  public readonly memberHosts: readonly DockerHost[];
  public readonly encrypted: boolean;
  /** The VXLAN network identifier. */
  public readonly vxlanId: number;
  /** The `docker_network` resource. */
  public readonly resource: Network;
  private readonly claims = new AddressClaims();

  constructor(scope: Construct, id: string, props: OverlayNetworkProps) {
    super(scope, id);
    this.swarm = props.swarm;
    this.host = props.swarm.manager;
    this.memberHosts = props.swarm.nodes;
    this.networkName = props.name ?? id;
    this.attachable = props.attachable ?? false;
    this.internal = props.internal ?? false;
    this.encrypted = props.encrypted ?? false;
    const problems: string[] = [];
    problems.push(...checkNetworkName(this.networkName));
    const ipam = checkIpam(props, 4);
    problems.push(...ipam.problems);
    this.subnets = ipam.facts ? [ipam.facts] : [];
    this.subnetsKnown = ipam.known;
    if (ipam.facts && !props.allowSwarmDefaultPool) {
      const pool = Cidr.tryParse(props.swarm.defaultAddressPool);
      if (pool instanceof Cidr && pool.overlaps(ipam.facts.cidr)) problems.push(Errors.overlayInSwarmPool(ipam.facts.cidr.toString(), pool.toString()));
    }
    this.vxlanId = props.vxlanId ?? derivedVni(this.networkName);
    if (!Token.isUnresolved(this.vxlanId) && (!Number.isInteger(this.vxlanId) || this.vxlanId < 1 || this.vxlanId > 16_777_215)) problems.push(Errors.vni(this.vxlanId));
    const options: Record<string, string> = { 'com.docker.network.driver.overlay.vxlanid_list': String(this.vxlanId) };
    if (this.encrypted) options.encrypted = 'true';
    const resource = withCheapCreationStacks(
      () =>
        literalAttributes(new Network(this, 'network', {
          provider: this.host.provider,
          name: this.networkName,
          driver: 'overlay',
          attachable: this.attachable ? true : undefined,
          internal: this.internal ? true : undefined,
          options,
          ipamConfig: ipam.config ? [ipam.config] : undefined,
          labels: labelList({ ...props.labels, ...ownershipLabels(this, this.host) }),
        })),
    );
    this.resource = resource;
    this.reference = withCheapCreationStacks(() => resource.name);
    this.networkId = withCheapCreationStacks(() => resource.id);
    if (ipam.facts) props.swarm._addOverlaySubnet(this, ipam.facts.cidr, `network ${this.networkName}`);
    props.swarm._addVni(this, this.vxlanId);
    this.host._registry.addName('network', this, this.networkName);
    this.node.addValidation({ validate: () => [...problems, ...props.swarm._problemsFor(this), ...this.host._registry.problemsFor(this)] });
  }

  /** @internal */
  public _claimAddress(owner: IConstruct, ip: IpAddress): IConstruct {
    return this.claims.claim(owner, ip);
  }
}

/** A VNI from the name (FNV-1a), in 2^20..2^24-1. */
function derivedVni(name: string): number {
  const low = 1 << 20;
  return low + (fnv1a(name) % ((1 << 24) - low));
}
