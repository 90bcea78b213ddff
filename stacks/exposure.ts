import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, DockerHost, Exposure, Port, RestartPolicy } from '../constructs';
import { ExampleStackProps, exampleHost, IDLE, PROBE_CAPABILITIES, webServer } from './common';

/** The host port the `published` container answers on (127.0.0.1 only). */
export const PUBLISHED_PORT = 18080;

/**
 * Docker port publishing next to Kubernetes' Service types: a cluster-internal service (reachable by name on
 * the shared network, nothing published), a node-port service (a host port in 30000-32767) and a port
 * published on 127.0.0.1 only.
 */
export class ExposureStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly network: BridgeNetwork;
  public readonly internal: Container;
  public readonly nodePort: Container;
  public readonly published: Container;
  public readonly client: Container;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    this.network = new BridgeNetwork(this, 'expo-net', { subnet: '10.32.0.0/24' });
    const server = (cid: string, name: string) =>
      new Container(this, cid, {
        name,
        image,
        command: webServer(`hello from ${name}`),
        restart: RestartPolicy.UNLESS_STOPPED,
        networks: [{ network: this.network }],
      });
    this.internal = server('internal', 'expo-internal').expose(Port.tcp(80), Exposure.clusterInternal());
    this.nodePort = server('node-port', 'expo-nodeport').expose(Port.tcp(80), Exposure.nodePort());
    this.published = server('published', 'expo-published').expose(Port.tcp(80), Exposure.published({ hostPort: PUBLISHED_PORT }));
    this.client = new Container(this, 'client', {
      name: 'expo-client',
      image,
      command: IDLE,
      capabilities: PROBE_CAPABILITIES,
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    });
  }
}
