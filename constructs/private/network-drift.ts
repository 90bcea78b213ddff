import { Lazy, TerraformResource, TerraformStack } from 'cdktf';

/**
 * HCL: the names of the networks the container must be on: those of `networks_advanced`, or `bridge` (docker0)
 * when it has none and its network mode is bridge; none for host/none/container modes.
 */
const EXPECTED =
  'length(self.networks_advanced) > 0 ? tolist([for n in self.networks_advanced : n.name]) : (self.network_mode == "bridge" ? tolist(["bridge"]) : tolist([]))';
/** HCL: the names of the networks the engine says the container is on. */
const ACTUAL = 'try([for d in self.network_data : d.network_name], [])';
/** HCL: the expected networks the container is not on. */
const MISSING = `setsubtract(${EXPECTED}, ${ACTUAL})`;

/**
 * A postcondition on a `docker_container` that fails a normal `terraform plan` when the container lost one of
 * its networks outside Terraform (`docker network disconnect`): the provider reads the loss into `network_data`
 * at refresh but plans no change for it, so without this the drift stays invisible. The message names the
 * container, the missing network(s) and the fix, `terraform apply -replace=<address>` (the replacement container
 * joins every network again; its network_data is unknown until apply, so the check passes during that plan).
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions
 */
export function addNetworkDriftPostcondition(resource: TerraformResource, containerName: string): void {
  const address = Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
  const stack = TerraformStack.of(resource).node.id;
  resource.lifecycle = {
    ...resource.lifecycle,
    postcondition: [
      ...(resource.lifecycle?.postcondition ?? []),
      {
        condition: `\${length(${MISSING}) == 0}`,
        errorMessage:
          `container ${containerName} is not on network(s) \${join(", ", ${MISSING})} any more: it was disconnected outside ` +
          `Terraform (docker network disconnect), and a normal apply does not reconnect it. Fix: in the stack's directory ` +
          `(cdktf.out/stacks/${stack}) run terraform apply -replace=${address}`,
      },
    ],
  };
}
