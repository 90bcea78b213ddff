import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AddressPlan, Container, DockerHost, RestartPolicy, Tier, TieredNetwork } from '../constructs';
import { ExampleStackProps, exampleHost, PROBE_CAPABILITIES, webServer } from './common';

/** Properties of the {@link TiersStack}. */
export interface TiersStackProps extends ExampleStackProps {
  /** @default - AddressPlan's default */
  readonly updateLockFile?: boolean;
}

/**
 * A three-tier application: edge may talk to app, app to data, edge never to data; data has no route out.
 * The construct makes two networks (edge+app, app+data) and puts app on both.
 */
export class TiersStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly tiers: TieredNetwork;
  public readonly edge: Tier;
  public readonly app: Tier;
  public readonly data: Tier;

  constructor(scope: Construct, id: string, props: TiersStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    const plan = new AddressPlan(this, 'plan', {
      pool: '10.50.0.0/16',
      lockFile: path.join(__dirname, 'tiers.lock.yaml'),
      updateLockFile: props.updateLockFile,
    });
    this.tiers = new TieredNetwork(this, 'shop', { addressPlan: plan });
    this.edge = this.tiers.addTier('edge');
    this.app = this.tiers.addTier('app');
    this.data = this.tiers.addTier('data', { internal: true });
    this.app.allowFrom(this.edge);
    this.data.allowFrom(this.app);

    const server = (tier: string) =>
      new Container(this, tier, {
        name: `tier-${tier}`,
        image,
        command: webServer(`hello from ${tier}`),
        capabilities: PROBE_CAPABILITIES,
        restart: RestartPolicy.UNLESS_STOPPED,
      });
    this.edge.add(server('edge'));
    this.app.add(server('app'), ['api']);
    this.data.add(server('data'), ['db']);
  }
}
