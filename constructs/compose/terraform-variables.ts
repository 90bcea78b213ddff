import type { ComposeMessageSet } from './errors';
import { Environment, interpolate } from './interpolation';
import { ComposePath, ComposeProblem } from './source';

/**
 * The names Terraform refuses for a variable, at `terraform init` ("The variable name "count" is reserved due to
 * its special meaning inside module blocks"): the meta-arguments of a module block, and `locals`. The page below
 * lists eight; Terraform 1.11 refuses `provider` too (test/compose/terraform-variables.test.ts asks it). A Compose
 * variable becomes a Terraform variable of its own name (given at deploy as TF_VAR_<name>) where `compose import`
 * writes a reference to it, and where a secret or config reads it (`environment:`), so these names are refused
 * there, at their place in the file: synth would pass and only `terraform init` would fail.
 * @see https://developer.hashicorp.com/terraform/language/values/variables
 */
export const TERRAFORM_RESERVED_VARIABLES: readonly string[] = ['source', 'version', 'providers', 'provider', 'count', 'for_each', 'lifecycle', 'depends_on', 'locals'];

/** Whether Terraform refuses `name` as the name of a variable. */
export function isReservedVariable(name: string): boolean {
  return TERRAFORM_RESERVED_VARIABLES.includes(name);
}

/**
 * Each string of a document (as written, before interpolation) that reads the value of a variable Terraform
 * reserves, with its path: one problem per variable and place.
 */
export function reservedVariableUses(data: unknown, env: Environment, M: ComposeMessageSet): ComposeProblem[] {
  const problems: ComposeProblem[] = [];
  const walk = (node: unknown, path: ComposePath): void => {
    if (typeof node === 'string') {
      if (!node.includes('$')) return;
      for (const name of Object.keys(interpolate(node, env, M).used)) {
        if (isReservedVariable(name)) problems.push({ path, message: M.reservedVariable(name, TERRAFORM_RESERVED_VARIABLES) });
      }
    } else if (Array.isArray(node)) node.forEach((x, i) => walk(x, [...path, i]));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(data, []);
  return problems;
}
