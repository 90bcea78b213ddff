import { DataResource, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import type { DockerHost } from '../docker-host';
import { Errors } from '../errors';

/** The prefix of the library's own labels: user labels under it are refused ({@link reservedLabelProblems}). */
export const LIBRARY_LABEL_PREFIX = 'docker-network-cdktf/';
/** Label naming the stack that created an object. */
export const OWNER_STACK_LABEL = 'docker-network-cdktf/stack';
/** Label naming the construct path (inside its stack) of the object. */
export const OWNER_PATH_LABEL = 'docker-network-cdktf/path';
/**
 * Label naming the deployment that created an object: the `id` of the stack's `terraform_data` resource
 * ({@link DEPLOYMENT_ID}), a UUID Terraform chooses when it first creates the resource and keeps in the state.
 * Two deployments of one stack (two teams, two checkouts with their own state) carry different ids.
 */
export const OWNER_DEPLOYMENT_LABEL = 'docker-network-cdktf/deployment';
/** Construct id (and Terraform name) of the stack's deployment identity, `terraform_data.<this>`. */
export const DEPLOYMENT_ID = 'docker-network-cdktf-deployment';

/**
 * The stack's deployment identity: one builtin `terraform_data` resource per stack (no provider, no inputs), made
 * on first use. Its `id` is a token: known after the first apply, then stable for as long as the state keeps it.
 */
export function deploymentIdentity(scope: IConstruct): DataResource {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(DEPLOYMENT_ID);
  if (existing instanceof DataResource) return existing;
  return new DataResource(stack, DEPLOYMENT_ID);
}

/** The stack's deployment identity resource, and the one token of its id every label shares. */
const DEPLOYMENT_IDS = new WeakMap<DataResource, string>();

/**
 * The `id` of the stack's deployment identity: one token per stack, not one per labelled object (each token is
 * kept by cdktf until synth: at 20,000 containers that was 20,000 entries of its token map for one reference).
 */
function deploymentId(scope: IConstruct): string {
  const resource = deploymentIdentity(scope);
  let id = DEPLOYMENT_IDS.get(resource);
  if (id === undefined) DEPLOYMENT_IDS.set(resource, (id = resource.id));
  return id;
}

/**
 * The ownership labels of an object the library creates: which stack, which deployment of it, and which construct
 * it belongs to, so that an object left on the engine by an interrupted apply can be found and adopted or removed
 * (`npm run orphans`), and an object of another deployment never is. Empty when the host opted out
 * (`ownershipLabels: false`). Volumes take `{ deployment: false }`: a label change replaces a volume, and with it
 * its data, and `orphans` does not handle volumes.
 */
export function ownershipLabels(owner: IConstruct, host: DockerHost, options: { readonly deployment?: boolean } = {}): Record<string, string> {
  if (!host.ownershipLabels) return {};
  const stack = TerraformStack.of(owner);
  const stackPath = stack.node.path;
  const full = owner.node.path;
  const inside = stackPath && full.startsWith(`${stackPath}/`) ? full.slice(stackPath.length + 1) : full;
  const labels: Record<string, string> = { [OWNER_STACK_LABEL]: stack.node.id, [OWNER_PATH_LABEL]: inside };
  if (options.deployment !== false) labels[OWNER_DEPLOYMENT_LABEL] = deploymentId(owner);
  return labels;
}

/** Label sets the library writes itself (e.g. TieredNetwork's `docker-network-cdktf/tiers`): exempt from the check. */
const libraryLabelSets = new WeakSet<object>();

/** Marks `labels` as written by the library, not by the user. */
export function libraryLabels<T extends Record<string, string>>(labels: T): T {
  libraryLabelSets.add(labels);
  return labels;
}

/**
 * The problems of user labels under the library's prefix (`docker-network-cdktf/`): `npm run orphans` decides
 * what it may delete from those labels, so a user (or a Compose file) must not be able to write them.
 * `field` names the prop, e.g. `labels` or `containerLabels`.
 */
export function reservedLabelProblems(labels: Readonly<Record<string, string>> | undefined, field = 'labels'): string[] {
  if (labels === undefined || labels === null || typeof labels !== 'object' || libraryLabelSets.has(labels)) return [];
  return Object.keys(labels)
    .filter((key) => !Token.isUnresolved(key) && key.toLowerCase().startsWith(LIBRARY_LABEL_PREFIX))
    .map((key) => Errors.reservedLabel(field, key, LIBRARY_LABEL_PREFIX));
}
