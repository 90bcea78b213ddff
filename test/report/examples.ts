import { Testing } from 'cdktf';
import { TerraformStack } from 'cdktf';
import { declaredTopology, TopologyModel } from '../../constructs/report';
import { EXAMPLE_STACKS } from '../../stacks/examples';

/** Every example stack's name. */
export const EXAMPLE_NAMES = Object.keys(EXAMPLE_STACKS);

/** An example stack, validated (a report of an invalid stack would be meaningless). */
export function exampleStack(name: string): TerraformStack {
  const stack = EXAMPLE_STACKS[name](Testing.app(), name);
  Testing.synth(stack, true);
  return stack;
}

/** The declared topology of an example stack. */
export function exampleModel(name: string): TopologyModel {
  return declaredTopology(exampleStack(name));
}
