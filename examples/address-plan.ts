// README: "Address planning". Compiled and synthesized by `npm test`.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AddressPlan, BridgeNetwork, DockerHost } from '../constructs';

export class TeamNetworksStack extends TerraformStack {
  constructor(scope: Construct, id: string, lockFile?: string) {
    super(scope, id);
    new DockerHost(this, 'host', { avoidDefaultPools: true }); // also keep clear of Docker's own pools
    const plan = new AddressPlan(this, 'plan', {
      pool: '10.20.0.0/16',
      prefixLength: 24,
      lockFile, // e.g. 'stacks/team-networks.lock.yaml': commit it
    });
    for (const team of ['payments', 'search', 'ingest']) {
      new BridgeNetwork(this, team, { subnet: plan.allocate(team) });
    }
    new BridgeNetwork(this, 'analytics', { subnet: plan.allocate('analytics', 22) }); // a bigger one
  }
}
