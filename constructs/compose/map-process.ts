import { StageContext } from './context';
import { NormalizedService } from './normalize';
import { PlannedRuntime } from './plan';
import { composeBool, composeNumber, composeSize, isObj } from './values';

type Limits = PlannedRuntime['limits'];

/** Service fields of `docker compose up` that only the Compose client reads, and what reads them. */
export const CLIENT_ONLY: Readonly<Record<string, string>> = {
  develop: 'only `docker compose watch` and `up --watch` read it (a development loop that syncs files and rebuilds)',
  attach: 'only the log view of `docker compose up` reads it (whether the service\'s output is shown)',
};

/** The process fields this stage maps for containers (a swarm service has no setting for them). */
export const PROCESS_FIELDS = ['read_only', 'ulimits', 'logging', 'cpus', 'mem_limit', 'scale'];

/**
 * Stage 7 for the process settings `docker compose up` applies to each container: `read_only` (a read-only root
 * filesystem), `ulimits` (`nofile: 1024` or `{ soft, hard }`), `logging` (driver and options). Containers only.
 */
export function mapProcessSettings(ctx: StageContext, s: NormalizedService): Pick<PlannedRuntime, 'readOnly' | 'ulimits' | 'logging'> {
  const raw = s.raw;
  const out: { -readonly [K in 'readOnly' | 'ulimits' | 'logging']?: PlannedRuntime[K] } = {};
  out.readOnly = composeBool(ctx, raw.read_only, [...s.path, 'read_only']);
  if (isObj(raw.ulimits)) {
    const limits: Record<string, { soft: number; hard: number }> = {};
    for (const [name, v] of Object.entries(raw.ulimits)) {
      const at = [...s.path, 'ulimits', name];
      const soft = composeNumber(ctx, isObj(v) ? v.soft : v, isObj(v) ? [...at, 'soft'] : at);
      const hard = isObj(v) ? composeNumber(ctx, v.hard, [...at, 'hard']) : soft;
      if (soft !== undefined && hard !== undefined) limits[name] = { soft, hard };
    }
    out.ulimits = limits;
  }
  if (isObj(raw.logging)) {
    const options: Record<string, string> = {};
    for (const [k, v] of Object.entries(isObj(raw.logging.options) ? raw.logging.options : {})) if (v !== null && v !== undefined) options[k] = String(v);
    const driver = typeof raw.logging.driver === 'string' ? raw.logging.driver : undefined;
    if (driver !== undefined) out.logging = { driver, options: Object.keys(options).length > 0 ? options : undefined };
    else if (Object.keys(options).length > 0) ctx.fail([...s.path, 'logging'], ctx.M.loggingWithoutDriver());
  }
  return out;
}

/**
 * `cpus` and `mem_limit` beside `deploy.resources.limits`, as Compose combines them: either gives the limit, and
 * the two giving different values is refused (Compose refuses it: "can't set distinct values").
 */
export function mergeLimits(ctx: StageContext, s: NormalizedService, deploy: Limits): Limits {
  const cpus = composeNumber(ctx, s.raw.cpus, [...s.path, 'cpus'], false);
  const memoryBytes = composeSize(ctx, s.raw.mem_limit, [...s.path, 'mem_limit']);
  if (cpus !== undefined && deploy?.cpus !== undefined && cpus !== deploy.cpus) ctx.fail([...s.path, 'cpus'], ctx.M.distinctLimits('cpus', 'deploy.resources.limits.cpus'));
  if (memoryBytes !== undefined && deploy?.memoryBytes !== undefined && memoryBytes !== deploy.memoryBytes) {
    ctx.fail([...s.path, 'mem_limit'], ctx.M.distinctLimits('mem_limit', 'deploy.resources.limits.memory'));
  }
  if (cpus === undefined && memoryBytes === undefined) return deploy;
  return { cpus: cpus ?? deploy?.cpus, memoryBytes: memoryBytes ?? deploy?.memoryBytes };
}

/**
 * `scale` (the older form of `deploy.replicas`, which Compose still reads): the number of containers; the two giving
 * different values is refused, as Compose refuses it. Checked like `deploy.replicas` (at least 1; not with
 * `container_name` when above 1).
 */
export function mapScale(ctx: StageContext, s: NormalizedService, replicas: number | undefined): number | undefined {
  const at = [...s.path, 'scale'];
  const scale = composeNumber(ctx, s.raw.scale, at);
  if (scale === undefined) return replicas;
  if (replicas !== undefined && replicas !== scale) ctx.fail(at, ctx.M.distinctLimits('scale', 'deploy.replicas'));
  else if (scale < 1) ctx.drop(at, ctx.M.noReplicas(scale));
  else if (scale > 1 && s.raw.container_name !== undefined) ctx.fail(at, ctx.M.replicasWithContainerName(scale));
  else return scale;
  return replicas;
}
