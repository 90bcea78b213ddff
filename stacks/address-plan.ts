import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AddressPlan, BridgeNetwork, Container, DockerHost, RestartPolicy } from '../constructs';
import { ExampleStackProps, exampleHost, IDLE, PROBE_CAPABILITIES } from './common';

/** Properties of the {@link AddressPlanStack}. */
export interface AddressPlanStackProps extends ExampleStackProps {
  /**
   * Network keys, in code order.
   * @default ADDRESS_PLAN_NETWORKS
   */
  readonly networks?: readonly string[];
  /**
   * The lock file that keeps allocations stable.
   * @default stacks/address-plan.lock.yaml
   */
  readonly lockFile?: string;
  /** @default - AddressPlan's default: write new keys unless CI is set */
  readonly updateLockFile?: boolean;
}

/**
 * The networks of the example. `cache` was added in the middle of the list after the others were deployed; the
 * lock file kept frontend, backend and metrics where they were, and cache got the lowest free /24.
 */
export const ADDRESS_PLAN_NETWORKS: readonly string[] = ['frontend', 'cache', 'backend', 'metrics'];

/**
 * Several networks whose subnets come from one pool (10.40.0.0/16, a /24 each), each with one container.
 */
export class AddressPlanStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly plan: AddressPlan;
  public readonly networks: Record<string, BridgeNetwork> = {};
  public readonly containers: Record<string, Container> = {};

  constructor(scope: Construct, id: string, props: AddressPlanStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    this.plan = new AddressPlan(this, 'plan', {
      pool: '10.40.0.0/16',
      prefixLength: 24,
      lockFile: props.lockFile ?? path.join(__dirname, 'address-plan.lock.yaml'),
      updateLockFile: props.updateLockFile,
    });
    for (const key of props.networks ?? ADDRESS_PLAN_NETWORKS) {
      const network = new BridgeNetwork(this, `${key}-net`, { name: `plan-${key}`, subnet: this.plan.allocate(key) });
      this.networks[key] = network;
      this.containers[key] = new Container(this, `${key}-probe`, {
        name: `plan-${key}-probe`,
        capabilities: PROBE_CAPABILITIES,
        image,
        command: IDLE,
        restart: RestartPolicy.UNLESS_STOPPED,
        networks: [{ network }],
      });
    }
  }
}
