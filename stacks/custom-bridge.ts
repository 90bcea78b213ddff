import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, DockerHost, RestartPolicy } from '../constructs';
import { ExampleStackProps, exampleHost, IDLE, PROBE_CAPABILITIES, webServer } from './common';

/**
 * A user-defined network with a named Linux bridge (`br-app`), a fixed subnet and gateway, and containers with
 * static addresses and aliases that find each other by name through Docker's DNS; and a second bridge with
 * inter-container communication switched off.
 */
export class CustomBridgeStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly network: BridgeNetwork;
  public readonly web: Container;
  public readonly db: Container;
  public readonly client: Container;
  public readonly quietNetwork: BridgeNetwork;
  public readonly quiet: Container[];

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    this.network = new BridgeNetwork(this, 'app-net', {
      bridgeName: 'br-app',
      subnet: '10.30.0.0/24',
      gateway: '10.30.0.1',
      ipRange: '10.30.0.128/25', // dynamic addresses; the static ones below stay clear of it
      ipv6Subnet: 'fd00:30::/64', // dual stack
      labels: { 'com.example.scenario': 'custom-bridge' },
    });
    this.web = new Container(this, 'web', {
      name: 'app-web',
      image,
      command: webServer('hello from app-web'),
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network, ipv4Address: '10.30.0.10', ipv6Address: 'fd00:30::10', aliases: ['www'] }],
    });
    this.db = new Container(this, 'db', {
      name: 'app-db',
      image,
      command: webServer('hello from app-db'),
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network, ipv4Address: '10.30.0.20', aliases: ['database'] }],
    });
    this.client = new Container(this, 'client', {
      name: 'app-client',
      capabilities: PROBE_CAPABILITIES,
      image,
      command: IDLE,
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    });

    // A bridge with inter-container communication off (CIS 2.2): its containers reach the outside, not each other.
    this.quietNetwork = new BridgeNetwork(this, 'quiet-net', {
      name: 'app-quiet',
      subnet: '10.30.1.0/24',
      interContainerCommunication: false,
      auxAddresses: { router: '10.30.1.254' }, // kept free of containers
    });
    this.quiet = ['quiet-1', 'quiet-2'].map(
      (name) =>
        new Container(this, name, {
          name: `app-${name}`,
          image,
          command: IDLE,
          capabilities: PROBE_CAPABILITIES,
          restart: RestartPolicy.UNLESS_STOPPED,
          networks: [{ network: this.quietNetwork }],
        }),
    );
  }
}
