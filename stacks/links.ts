import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, BuiltinNetwork, Container, DockerHost, Port, RestartPolicy } from '../constructs';
import { ExampleStackProps, exampleHost, IDLE, PROBE_CAPABILITIES, webServer } from './common';

/**
 * Legacy links, kept meaningful on provider 3.x (which removed `links`): a web container linked to a db as
 * `database`, once on docker0 (a hosts entry and Docker's link variables) and once on a user-defined network
 * (an alias resolved by Docker's DNS).
 */
export class LinksStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly legacyDb: Container;
  public readonly legacyWeb: Container;
  public readonly network: BridgeNetwork;
  public readonly db: Container;
  public readonly web: Container;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;

    // On docker0: `docker run --link link-db0:database`.
    const docker0 = BuiltinNetwork.bridge(host);
    this.legacyDb = new Container(this, 'legacy-db', {
      name: 'link-db0',
      image,
      command: webServer('db on docker0'),
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: docker0 }],
      insecure: { defaultBridge: true }, // the scenario is docker0's legacy links (CIS 5.30 opt-out)
    });
    this.legacyWeb = new Container(this, 'legacy-web', {
      name: 'link-web0',
      image,
      command: IDLE,
      capabilities: PROBE_CAPABILITIES,
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: docker0 }],
      insecure: { defaultBridge: true },
    });
    this.legacyWeb.linkTo(this.legacyDb, { alias: 'database', environment: true, ports: [Port.tcp(80)] });

    // On a user-defined network: the same link is an alias.
    this.network = new BridgeNetwork(this, 'links-net', { subnet: '10.31.0.0/24' });
    this.db = new Container(this, 'db', {
      name: 'link-db',
      image,
      command: webServer('db on links-net'),
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    });
    this.web = new Container(this, 'web', {
      name: 'link-web',
      image,
      command: IDLE,
      capabilities: PROBE_CAPABILITIES,
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    });
    this.web.linkTo(this.db, { alias: 'database', environment: true, ports: [Port.tcp(80)] });
  }
}
