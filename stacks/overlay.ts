import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Container, DockerHost, EndpointMode, OverlayNetwork, RestartPolicy, Swarm, SwarmService } from '../constructs';
import { ExampleStackProps, exampleHost, exampleImage, IDLE, PROBE_CAPABILITIES, webServer } from './common';

/**
 * One swarm manager (run `docker swarm init` on it first): an attachable, encrypted overlay with two standalone
 * containers and one service on it, reaching each other by name.
 */
export class OverlayStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly swarm: Swarm;
  public readonly network: OverlayNetwork;
  public readonly server: Container;
  public readonly client: Container;
  public readonly service: SwarmService;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    this.swarm = new Swarm(this, 'swarm', { manager: host });
    this.network = new OverlayNetwork(this, 'ov-net', {
      swarm: this.swarm,
      subnet: '172.16.10.0/24', // outside the swarm pool 10.0.0.0/8 and Docker's local pools
      attachable: true, // standalone containers join it
      encrypted: true,
    });
    this.server = new Container(this, 'server', {
      name: 'ov-server',
      image,
      command: webServer('hello from ov-server'),
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    });
    this.client = new Container(this, 'client', {
      name: 'ov-client',
      image,
      command: IDLE,
      capabilities: PROBE_CAPABILITIES,
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    });
    this.service = new SwarmService(this, 'web', {
      swarm: this.swarm,
      name: 'ov-web',
      image: exampleImage(props),
      command: webServer('hello from the ov-web service'),
      replicas: 2,
      // DNS round robin: the name resolves to each task's address. VIP (the default) needs the kernel's IPVS,
      // which this project's CI machine lacks.
      endpointMode: EndpointMode.DNSRR,
      networks: [{ network: this.network, aliases: ['web'] }],
    });
  }
}
