import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import type { DockerHost } from '../docker-host';

/** Label naming the stack that created an object. */
export const OWNER_STACK_LABEL = 'docker-network-cdktf/stack';
/** Label naming the construct path (inside its stack) of the object. */
export const OWNER_PATH_LABEL = 'docker-network-cdktf/path';

/**
 * The ownership labels of an object the library creates: which stack and which construct it belongs to, so
 * that an object left on the engine by an interrupted apply can be found and adopted or removed
 * (`npm run orphans`). Empty when the host opted out (`ownershipLabels: false`).
 */
export function ownershipLabels(owner: IConstruct, host: DockerHost): Record<string, string> {
  if (!host.ownershipLabels) return {};
  const stack = TerraformStack.of(owner);
  const stackPath = stack.node.path;
  const full = owner.node.path;
  const inside = stackPath && full.startsWith(`${stackPath}/`) ? full.slice(stackPath.length + 1) : full;
  return { [OWNER_STACK_LABEL]: stack.node.id, [OWNER_PATH_LABEL]: inside };
}
