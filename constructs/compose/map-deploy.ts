import { StageContext } from './context';
import { PlannedService } from './plan';
import { ComposePath } from './source';
import { composeNumber, composeSize, isObj, Obj, oneOf } from './values';

/** What `deploy:` gives a service deployed as containers (`docker compose up`, no swarm). */
export interface ContainerDeploy {
  readonly replicas?: number;
  readonly limits?: { readonly cpus?: number; readonly memoryBytes?: number };
  readonly restart?: PlannedService['restart'];
  readonly restartMaxRetries?: number;
}

/** Docker's restart policy for each `deploy.restart_policy.condition`, as Compose maps it without a swarm. */
const RESTART_FOR_CONDITION = { none: 'no', 'on-failure': 'on-failure', any: 'always' } as const;

/**
 * Stage 7 for `deploy:` without a swarm, as `docker compose up` reads it: `replicas` (containers
 * `<project>-<service>-1..N`), `resources.limits` cpus and memory, `restart_policy` condition and max_attempts (it
 * wins over `restart:`, as in Compose). The rest means something only to a swarm and is refused with the reason.
 */
export function mapContainerDeploy(ctx: StageContext, d: Obj, path: ComposePath, hasContainerName: boolean): ContainerDeploy {
  const { M } = ctx;
  const out: { -readonly [K in keyof ContainerDeploy]: ContainerDeploy[K] } = {};
  for (const k of Object.keys(d)) if (!['replicas', 'resources', 'restart_policy', 'mode'].includes(k) && !k.startsWith('x-')) ctx.drop([...path, k], M.deploySwarmOnly(k));
  if (d.mode !== undefined && d.mode !== 'replicated') ctx.drop([...path, 'mode'], M.deploySwarmOnly(`mode: ${String(d.mode)}`));
  const replicas = composeNumber(ctx, d.replicas, [...path, 'replicas']);
  if (replicas !== undefined && replicas < 1) ctx.drop([...path, 'replicas'], M.noReplicas(replicas));
  else if (replicas !== undefined && replicas > 1 && hasContainerName) ctx.fail([...path, 'replicas'], M.replicasWithContainerName(replicas));
  else out.replicas = replicas;
  if (isObj(d.resources)) {
    const res = d.resources;
    for (const k of Object.keys(res)) if (k !== 'limits') ctx.drop([...path, 'resources', k], M.deployResource(k));
    if (isObj(res.limits)) {
      const l = res.limits;
      const at = [...path, 'resources', 'limits'];
      for (const k of Object.keys(l)) if (!['cpus', 'memory'].includes(k)) ctx.drop([...at, k], M.deployResource(`limits.${k}`));
      out.limits = { cpus: composeNumber(ctx, l.cpus, [...at, 'cpus'], false), memoryBytes: composeSize(ctx, l.memory, [...at, 'memory']) };
    }
  }
  if (isObj(d.restart_policy)) {
    const rp = d.restart_policy;
    const at = [...path, 'restart_policy'];
    for (const k of Object.keys(rp)) if (!['condition', 'max_attempts'].includes(k)) ctx.drop([...at, k], M.deploySwarmOnly(`restart_policy.${k}`));
    const condition = oneOf(ctx, rp.condition ?? 'any', ['none', 'on-failure', 'any'] as const, [...at, 'condition']);
    const attempts = composeNumber(ctx, rp.max_attempts, [...at, 'max_attempts']);
    if (condition) out.restart = RESTART_FOR_CONDITION[condition];
    if (attempts !== undefined && condition !== 'on-failure') ctx.fail([...at, 'max_attempts'], M.attemptsWithoutOnFailure(String(rp.condition ?? 'any')));
    else out.restartMaxRetries = attempts;
  }
  return out;
}
