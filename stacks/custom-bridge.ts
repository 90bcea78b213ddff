import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, DockerHost, RestartPolicy } from '../constructs';
import { ExampleStackProps, exampleHost, IDLE, PROBE_CAPABILITIES, webServer } from './common';

/**
 * A user-defined network with a named Linux bridge (`br-app`), a fixed subnet and gateway, and containers with
 * static addresses and aliases that find each other by name through Docker's DNS.
 */
export class CustomBridgeStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly network: BridgeNetwork;
  public readonly web: Container;
  public readonly db: Container;
  public readonly client: Container;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    this.network = new BridgeNetwork(this, 'app-net', {
      bridgeName: 'br-app',
      subnet: '10.30.0.0/24',
      gateway: '10.30.0.1',
      ipRange: '10.30.0.128/25', // dynamic addresses; the static ones below stay clear of it
      labels: { 'com.example.scenario': 'custom-bridge' },
    });
    this.web = new Container(this, 'web', {
      name: 'app-web',
      image,
      command: webServer('hello from app-web'),
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network, ipv4Address: '10.30.0.10', aliases: ['www'] }],
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
  }
}
