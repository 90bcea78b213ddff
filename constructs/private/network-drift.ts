import { TerraformResource, TerraformResourceLifecycle, TerraformStack } from 'cdktf';

/**
 * What a container's networks look like: on user-defined networks (`networks_advanced`), only on docker0
 * (network mode bridge, no `networks_advanced`), or in another namespace (host, none, container:), where Docker
 * reports no network of its own to lose.
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

type Postcondition = NonNullable<TerraformResourceLifecycle['postcondition']>[number];

/**
 * A postcondition on a `docker_container` that fails a normal `terraform plan` when the container lost one of
 * its networks outside Terraform (`docker network disconnect`): the provider reads the loss into `network_data`
 * at refresh but plans no change for it, so without this the drift stays invisible. The message names the
 * container, the missing network(s) and the fix, `terraform apply -replace=<address>` (the replacement container
 * joins every network again; its network_data is unknown until apply, so the check passes during that plan).
 *
 * The expressions are written for the container's shape, as short as they can be: every container carries them,
 * and at thousands of containers they are a good part of the synthesized JSON. Plain strings, no tokens (a lazy
 * value per container costs more at synth than the whole postcondition): they are getters over the shape the
 * returned function sets (the container calls it whenever it renders its networks) and the logical id.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions
 */
export function addNetworkDriftPostcondition(resource: TerraformResource, containerName: string): (shape: NetworkDriftShape) => void {
  const stack = TerraformStack.of(resource).node.id;
  let shape: NetworkDriftShape = 'docker0';
  // Getters, read when the stack is synthesized: the final shape, and the logical id after any override.
  const entry = {} as Postcondition;
  Object.defineProperties(entry, {
    condition: { enumerable: true, get: () => (shape === 'namespace' ? '${true}' : `\${length(${MISSING[shape]})==0}`) },
    errorMessage: {
      enumerable: true,
      get: () =>
        `container ${containerName} is not on network(s) \${join(", ",${MISSING[shape]})} any more: disconnected outside ` +
        `Terraform, and a normal apply does not reconnect it. Fix: terraform apply ` +
        `-replace=${resource.terraformResourceType}.${resource.friendlyUniqueId} in cdktf.out/stacks/${stack}`,
    },
  });
  resource.lifecycle = { ...resource.lifecycle, postcondition: [...(resource.lifecycle?.postcondition ?? []), entry] };
  return (s) => {
    shape = s;
  };
}
