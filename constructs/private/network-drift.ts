import { DataResource, Lazy, TerraformLocal, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { escapeTemplate } from './terraform-literal';

/**
 * What a container's networks look like: on user-defined networks (`networks_advanced`), only on docker0
 * (network mode bridge, no `networks_advanced`), or in another namespace (host, none, container:), where Docker
 * reports no network of its own to lose.
 */
export type NetworkDriftShape = 'advanced' | 'docker0' | 'namespace';

/** The logical id of the check's local and resource: `local.dnc_network_drift`, `terraform_data.dnc_network_drift`. */
export const NETWORK_DRIFT_ID = 'dnc_network_drift';

/**
 * HCL for one container `c`: the networks it must be on and is not. It must be on its `networks_advanced`, or on
 * `bridge` (docker0) when it has none; the engine's view is `network_data` (null before the first read).
 */
const LOST = 'setsubtract(length(c.networks_advanced)>0?c.networks_advanced[*].name:["bridge"],try(c.network_data[*].network_name,[]))';

/**
 * One check per stack that fails a normal `terraform plan` when a container lost one of its networks outside
 * Terraform (`docker network disconnect`): the provider reads the loss into `network_data` at refresh but plans no
 * change for it, so without this the drift stays invisible. A local, `dnc_network_drift`, maps the address of
 * every container that lost a network to its name and the lost networks; a `terraform_data` resource carries the
 * postcondition that this map is empty. Its message names each container, its lost networks and the fix,
 * `terraform apply -replace=<address> ...` (a replacement container joins every network again; its network_data
 * is unknown until apply, so the check passes during that plan).
 *
 * One expression for the whole stack, not a postcondition per container: per container it costs one reference
 * (about 80 bytes of JSON instead of 450, which mattered at thousands of containers), and a failed check shows one
 * value, the map of what was lost, not every container it read. The containers are listed at synth, with their
 * final logical ids; those in another namespace (host, none, container:) are left out.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions
 */
class NetworkDriftCheck extends Construct {
  public static of(resource: TerraformResource): NetworkDriftCheck {
    const stack = TerraformStack.of(resource);
    return (stack.node.tryFindChild(NetworkDriftCheck.ID) as NetworkDriftCheck | undefined) ?? new NetworkDriftCheck(stack);
  }

  private static readonly ID = 'docker-network-cdktf-drift';
  private readonly containers: { resource: TerraformResource; shape: () => NetworkDriftShape }[] = [];

  private constructor(stack: TerraformStack) {
    super(stack, NetworkDriftCheck.ID);
    const local = new TerraformLocal(this, 'lost', Lazy.stringValue({ produce: () => this.expression() }));
    local.overrideLogicalId(NETWORK_DRIFT_ID);
    const check = new DataResource(this, 'check', {});
    check.overrideLogicalId(NETWORK_DRIFT_ID);
    const lost = `local.${NETWORK_DRIFT_ID}`;
    check.lifecycle = {
      postcondition: [
        {
          condition: `\${length(${lost})==0}`,
          errorMessage:
            `\${join("; ",[for k,v in ${lost}:"container \${v.name} is not on network(s) \${join(", ",v.lost)} any more"])}: ` +
            `disconnected outside Terraform, and a normal apply does not reconnect it. ` +
            `Fix: terraform apply \${join(" ",[for k,v in ${lost}:"-replace=\${k}"])} in cdktf.out/stacks/${escapeTemplate(stack.node.id)}`,
        },
      ],
    };
  }

  public add(resource: TerraformResource, shape: () => NetworkDriftShape): void {
    this.containers.push({ resource, shape });
  }

  private expression(): string {
    const entries = this.containers
      .filter((c) => c.shape() !== 'namespace')
      .map(({ resource }) => {
        const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
        return `"${address}"=${address}`;
      });
    return `\${{for k,v in {for k,c in {${entries.join(',')}}:k=>{name=c.name,lost=${LOST}}}:k=>v if length(v.lost)>0}}`;
  }
}

/** Adds a container to its stack's network-drift check; its shape is read at synth, from its state then. */
export function addToNetworkDriftCheck(resource: TerraformResource, shape: () => NetworkDriftShape): void {
  NetworkDriftCheck.of(resource).add(resource, shape);
}
