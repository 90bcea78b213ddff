// README: "Provider versions" and "Shared state". Compiled and synthesized by `npm test` (test/examples.test.ts).
import { App, PgBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, DockerHost, ProviderVersion } from '../constructs';

export class TeamStateStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // State in PostgreSQL, shared and locked. The connection string (it holds a password) stays out of
    // cdk.tf.json: Terraform reads PG_CONN_STR, set in the shell or as a masked CI variable.
    new PgBackend(this, { connStr: '', schemaName: 'team_networks' }).addOverride('conn_str', undefined);

    // kreuzwerker/docker 4.x instead of the default 3.6.2.
    const host = new DockerHost(this, 'host', { providerVersion: ProviderVersion.v4('~> 4.6') });
    const net = new BridgeNetwork(this, 'team-net', { subnet: '10.77.0.0/24' });
    new Container(this, 'api', { image: host.image('busybox:1.36'), command: ['sleep', 'infinity'], networks: [{ network: net }] });
  }
}

if (require.main === module) {
  const app = new App();
  new TeamStateStack(app, 'team-state');
  app.synth();
}
