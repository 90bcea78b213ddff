import { Construct, IConstruct } from 'constructs';
import { Cidr, IpAddress, parseIpAddress } from './cidr';
import { DockerHost } from './docker-host';
import { AddressClaims, INetwork, NetworkKind, SubnetFacts } from './network';

/**
 * The networks every engine has: `bridge` (docker0), `host` and `none`. They create no resource; use them
 * wherever a network is expected. Their facts (subnet, gateway, bridge name) come from the host, so subnets of
 * user-defined networks are checked against docker0 at synth.
 */
export class BuiltinNetwork extends Construct implements INetwork {
  /**
   * docker0, where `docker run` puts a container without `--network`. No DNS between containers, no aliases,
   * no static IPs (Docker's rules). CIS Docker Benchmark 5.30 advises against it for applications.
   */
  public static bridge(host: DockerHost): BuiltinNetwork {
    return BuiltinNetwork.get(host, 'default-bridge', 'bridge');
  }

  /** The host's own network namespace (`--network host`): no isolation, ports are the host's. */
  public static host(host: DockerHost): BuiltinNetwork {
    return BuiltinNetwork.get(host, 'host', 'host');
  }

  /** Loopback only (`--network none`). */
  public static none(host: DockerHost): BuiltinNetwork {
    return BuiltinNetwork.get(host, 'none', 'none');
  }

  private static get(host: DockerHost, kind: NetworkKind, name: string): BuiltinNetwork {
    const id = `builtin-${name}`;
    return (host.node.tryFindChild(id) as BuiltinNetwork | undefined) ?? new BuiltinNetwork(host, id, kind, name);
  }

  public readonly host: DockerHost;
  public readonly networkName: string;
  public readonly reference: string;
  public readonly kind: NetworkKind;
  public readonly subnets: readonly SubnetFacts[];
  public readonly subnetsKnown = true;
  public readonly dns = false;
  public readonly attachable = true;
  public readonly internal: boolean;
  public readonly linuxBridgeName?: string;
  private readonly claims = new AddressClaims();

  private constructor(host: DockerHost, id: string, kind: NetworkKind, name: string) {
    super(host, id);
    this.host = host;
    this.kind = kind;
    this.networkName = name;
    this.reference = name;
    this.internal = kind === 'none';
    if (kind === 'default-bridge') {
      const cidr = Cidr.tryParse(host.defaultBridgeSubnet);
      this.subnets = cidr instanceof Cidr ? [{ cidr, gateway: parseIpAddress(host.defaultBridgeGateway) }] : [];
      this.linuxBridgeName = host.defaultBridgeName;
    } else {
      this.subnets = [];
    }
  }

  /** @internal */
  public _claimAddress(owner: IConstruct, ip: IpAddress): IConstruct {
    return this.claims.claim(owner, ip);
  }
}
