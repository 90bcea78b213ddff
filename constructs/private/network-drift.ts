import { Lazy, TerraformResource, TerraformStack } from 'cdktf';

/**
 * What a container's networks look like once every `attach()` ran: on user-defined networks (`networks_advanced`),
 * only on docker0 (network mode bridge, no `networks_advanced`), or in another namespace (host, none, container:),
 * where Docker reports no network of its own to lose.
 */
export type NetworkDriftShape = 'advanced' | 'docker0' | 'namespace';

/** HCL: the names of the networks the engine says the container is on (null before the first read). */
const ACTUAL = 'try(self.network_data[*].network_name,[])';

/** HCL: the networks the container must be on and is not, for each shape (splat works on the set). */
const MISSING: Record<NetworkDriftShape, string> = {
  advanced: `setsubtract(self.networks_advanced[*].name,${ACTUAL})`,
  docker0: `setsubtract(["bridge"],${ACTUAL})`,
  namespace: '[]',
};

/**
 * A postcondition on a `docker_container` that fails a normal `terraform plan` when the container lost one of
 * its networks outside Terraform (`docker network disconnect`): the provider reads the loss into `network_data`
 * at refresh but plans no change for it, so without this the drift stays invisible. The message names the
 * container, the missing network(s) and the fix, `terraform apply -replace=<address>` (the replacement container
 * joins every network again; its network_data is unknown until apply, so the check passes during that plan).
 *
 * The expressions are written for the container's final shape (`shape`, read at synth), as short as they can be:
 * every container carries them, and at thousands of containers they are a good part of the synthesized JSON.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions
 */
export function addNetworkDriftPostcondition(resource: TerraformResource, containerName: string, shape: () => NetworkDriftShape): void {
  const stack = TerraformStack.of(resource).node.id;
  resource.lifecycle = {
    ...resource.lifecycle,
    postcondition: [
      ...(resource.lifecycle?.postcondition ?? []),
      {
        condition: Lazy.stringValue({ produce: () => (shape() === 'namespace' ? '${true}' : `\${length(${MISSING[shape()]})==0}`) }),
        errorMessage: Lazy.stringValue({
          // At synth, so an overridden logical id is the one named.
          produce: () =>
            `container ${containerName} is not on network(s) \${join(", ",${MISSING[shape()]})} any more: disconnected outside ` +
            `Terraform, and a normal apply does not reconnect it. Fix: terraform apply -replace=${resource.terraformResourceType}.${resource.friendlyUniqueId} in cdktf.out/stacks/${stack}`,
        }),
      },
    ],
  };
}
