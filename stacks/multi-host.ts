import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  BridgeNetwork,
  ClusterAddressPlan,
  Container,
  DockerHost,
  HostEndpoint,
  OverlayNetwork,
  ProviderVersion,
  RestartPolicy,
  Swarm,
  SwarmService,
  Warnings,
} from '../constructs';
import { exampleImage, exampleProviderVersion, IDLE, PROBE_CAPABILITIES, webServer } from './common';

/** One engine of the multi-host example. */
export interface MultiHostNode {
  /** Provider alias and name suffix, e.g. `a`. */
  readonly alias: string;
  readonly endpoint: HostEndpoint;
}

/** Properties of the {@link MultiHostStack}. */
export interface MultiHostStackProps {
  /**
   * The engines; the first is the swarm manager, the others must have joined its swarm.
   * @default - node-a and node-b over SSH (ssh://docker@node-a, ssh://docker@node-b)
   */
  readonly nodes?: readonly MultiHostNode[];
  /** @default - $DEMO_IMAGE, else busybox:1.36 */
  readonly image?: string;
  /** @default - AddressPlan's default */
  readonly updateLockFile?: boolean;
  /** @default - $DEMO_PROVIDER_VERSION, else ProviderVersion.V3_6_2 */
  readonly providerVersion?: ProviderVersion;
}

/**
 * Two or more engines: each host's bridge gets its own /24 of the cluster CIDR 10.244.0.0/16 (the role `cni0`
 * plays in Kubernetes), so container addresses never collide across hosts, and one attachable overlay spans
 * them all, carrying a service and a container per host.
 */
export class MultiHostStack extends TerraformStack {
  public readonly hosts: DockerHost[];
  public readonly cluster: ClusterAddressPlan;
  public readonly bridges: BridgeNetwork[] = [];
  public readonly swarm: Swarm;
  public readonly overlay: OverlayNetwork;
  public readonly members: Container[] = [];
  public readonly service: SwarmService;

  constructor(scope: Construct, id: string, props: MultiHostStackProps = {}) {
    super(scope, id);
    const nodes = props.nodes ?? [
      { alias: 'a', endpoint: HostEndpoint.ssh('ssh://docker@node-a') },
      { alias: 'b', endpoint: HostEndpoint.ssh('ssh://docker@node-b') },
    ];
    const image = exampleImage(props);
    this.hosts = nodes.map((n) => new DockerHost(this, `node-${n.alias}`, { alias: n.alias, endpoint: n.endpoint, providerVersion: exampleProviderVersion(props) }));
    this.cluster = new ClusterAddressPlan(this, 'cluster', {
      lockFile: path.join(__dirname, 'multi-host.lock.yaml'),
      updateLockFile: props.updateLockFile,
    });
    this.swarm = new Swarm(this, 'swarm', { manager: this.hosts[0], workers: this.hosts.slice(1) });
    this.overlay = new OverlayNetwork(this, 'overlay', { swarm: this.swarm, name: 'mh-overlay', subnet: '172.16.20.0/24', attachable: true });
    this.hosts.forEach((host, i) => {
      const alias = nodes[i].alias;
      const imageId = host.image(image);
      const bridge = new BridgeNetwork(this, `pods-${alias}`, { host, name: 'mh-pods', subnet: this.cluster.hostRange(host), bridgeName: 'mh-cni0' });
      this.bridges.push(bridge);
      this.members.push(
        new Container(this, `member-${alias}`, {
          host,
          name: `mh-${alias}`,
          image: imageId,
          command: i === 0 ? IDLE : webServer(`hello from mh-${alias}`),
          capabilities: PROBE_CAPABILITIES,
          restart: RestartPolicy.UNLESS_STOPPED,
          networks: [{ network: bridge }, { network: this.overlay }],
        }),
      );
    });
    this.service = new SwarmService(this, 'web', {
      swarm: this.swarm,
      name: 'mh-web',
      image,
      command: webServer('hello from the mh-web service'),
      replicas: this.hosts.length,
      networks: [{ network: this.overlay }],
    });
    // Deliberate: the service shows swarm's default endpoint mode; its nodes need ip_vs (README, "Beyond one host").
    Warnings.of(this.service).acknowledge('docker-network-cdktf:swarm-vip-mode', "VIP is swarm's default and what this example shows; the nodes load ip_vs");
  }
}
