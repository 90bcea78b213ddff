import { IConstruct } from 'constructs';
import { Cidr, IpAddress } from './cidr';
import type { DockerHost } from './docker-host';

/**
 * What kind of network an {@link INetwork} is. The built-in ones (`default-bridge`, `host`, `none`) exist on
 * every engine; `bridge` and `overlay` are user-defined.
 */
export type NetworkKind = 'default-bridge' | 'host' | 'none' | 'bridge' | 'overlay';

/** One IPAM block of a network, as far as the stack knows it. */
export interface SubnetFacts {
  readonly cidr: Cidr;
  /** The gateway, when known. */
  readonly gateway?: IpAddress;
  /** The sub-range Docker assigns dynamic addresses from, when set. */
  readonly ipRange?: Cidr;
  /** Addresses Docker must not hand out (`--aux-address`), by name, when set. */
  readonly auxAddresses?: readonly { readonly name: string; readonly ip: IpAddress }[];
}

/**
 * A Docker network that containers can join: a created one, a built-in one, or an existing one imported by
 * name. Everything that takes a network takes this.
 */
export interface INetwork extends IConstruct {
  /** The engine the network lives on (overlays: the manager they are created through). */
  readonly host: DockerHost;
  /** The network's Docker name (literal when known). */
  readonly networkName: string;
  /**
   * What a container's `networks_advanced.name` is set to: a reference to the network resource, so that
   * Terraform creates the network first and destroys it last.
   */
  readonly reference: string;
  readonly kind: NetworkKind;
  /** Known IPAM blocks; empty when Docker picks them or they are not known. */
  readonly subnets: readonly SubnetFacts[];
  /** False for imported networks declared without facts: address checks are then skipped. */
  readonly subnetsKnown: boolean;
  /** True where Docker's embedded DNS resolves container names and aliases (user-defined networks). */
  readonly dns: boolean;
  /** True where standalone containers may join (always for local networks; overlays only if attachable). */
  readonly attachable: boolean;
  /** True when the network has no route out of the host. */
  readonly internal: boolean;
  /**
   * The hosts whose containers may join: the network's own host, or every node of the swarm for an overlay.
   * @default - [host]
   */
  readonly memberHosts?: readonly DockerHost[];
  /** The Linux bridge device, when known (`docker0`, `br-...` or the name given). */
  readonly linuxBridgeName?: string;
  /** Records that `owner` was given `ip` here; returns the first owner of that address. @internal */
  _claimAddress(owner: IConstruct, ip: IpAddress): IConstruct;
}

/** Shared implementation of `_claimAddress`. @internal */
export class AddressClaims {
  private readonly claims = new Map<string, IConstruct>();
  public claim(owner: IConstruct, ip: IpAddress): IConstruct {
    const key = `${ip.family}:${ip.value}`;
    const prev = this.claims.get(key);
    if (prev) return prev;
    this.claims.set(key, owner);
    return owner;
  }
}
