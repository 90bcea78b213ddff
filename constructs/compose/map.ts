import { canonicalize } from './canonical';
import { checkConsistency } from './consistency';
import { PlanOptions, StageContext } from './context';
import { mapAddressPlan, mapTiers } from './map-extensions';
import { mapNetwork } from './map-network';
import { secretFiles } from './map-secrets';
import { mapService } from './map-service';
import { normalize, NormalizedProject } from './normalize';
import { ComposePlan, PlannedService, PlannedVolume } from './plan';
import { Obj } from './values';

/** Top-level keys the mapping reads (besides `x-` extensions). */
const TOP_LEVEL = ['services', 'networks', 'volumes', 'name', 'secrets', 'configs'];

/**
 * Stages 4 to 7 on validated, interpolated Compose data: canonical long syntax, normalisation, consistency and the
 * mapping to a {@link ComposePlan}. Pure: no constructs, no files written. Every field it does not carry over is
 * listed in `unmapped` with its path; every refusal in `errors`.
 */
export function planCompose(data: Obj, options: PlanOptions): ComposePlan {
  const ctx = new StageContext(options);
  const project = checkConsistency(ctx, normalize(ctx, canonicalize(ctx, data)));
  return mapProject(ctx, project);
}

/** Stage 7: the consistent, normalised project as the plan `ComposeProject` and `generateStack` build from. */
export function mapProject(ctx: StageContext, project: NormalizedProject): ComposePlan {
  const data = project.raw;
  for (const key of Object.keys(data)) {
    if ((key === 'secrets' || key === 'configs') && ctx.swarm) ctx.drop([key], ctx.M.notSupported(key));
    else if (key === 'version') ctx.warn(['version'], ctx.M.versionObsolete());
    else if (!TOP_LEVEL.includes(key) && !key.startsWith('x-')) ctx.drop([key], ctx.M.notSupported(key));
  }
  const addressPlan = mapAddressPlan(ctx, data['x-address-plan']);
  const networks = project.networks.map((n) => mapNetwork(ctx, n, !!addressPlan));
  const tiers = mapTiers(ctx, data['x-tiers'], project.services.map((s) => s.key));
  const files = secretFiles(ctx, data);
  const services = oneShotJobs(ctx, project, project.services.map((s) => mapService(ctx, s, files)));
  checkHealthyDependencies(ctx, project, services);
  const volumes = project.volumes.map((v): PlannedVolume => {
    for (const k of Object.keys(v.raw)) if (!['name', 'external', 'driver', 'driver_opts', 'labels'].includes(k) && !k.startsWith('x-')) ctx.drop([...v.path, k], ctx.M.notSupported(k));
    const driver = typeof v.raw.driver === 'string' && v.raw.driver !== 'local' ? v.raw.driver : undefined;
    const given = [driver !== undefined ? 'driver' : '', v.driverOptions && Object.keys(v.driverOptions).length > 0 ? 'driver_opts' : '', v.labels && Object.keys(v.labels).length > 0 ? 'labels' : ''].filter(Boolean);
    const destroyWithStack = !v.external && given.length > 0;
    if (destroyWithStack) ctx.warn(v.path, ctx.M.volumeRemovedOnDestroy(v.key, given));
    return { key: v.key, name: v.name, external: v.external, driver, driverOptions: v.driverOptions, labels: v.labels, ...(destroyWithStack ? { destroyWithStack } : {}) };
  });
  return {
    projectName: project.name,
    swarm: ctx.swarm,
    compatible: ctx.compatible,
    networks,
    volumes,
    services,
    addressPlan,
    tiers,
    unmapped: ctx.unmapped,
    errors: ctx.errors,
    warnings: ctx.warnings,
    variables: ctx.variables,
    variableSources: ctx.variableSources,
  };
}

/**
 * `condition: service_healthy` on a service without a health check in the file: said here with the service keys
 * (the Container would name containers, `<project>-db-1`, which the file never mentions).
 */
function checkHealthyDependencies(ctx: StageContext, project: NormalizedProject, services: PlannedService[]): void {
  if (ctx.swarm) return;
  for (const s of project.services) {
    for (const d of s.dependsOn ?? []) {
      if (d.condition !== 'service_healthy') continue;
      const target = services.find((x) => x.key === d.service);
      const hc = target?.runtime.healthCheck;
      if (target && (!hc || hc.test[0] === 'NONE')) ctx.fail([...d.path, 'condition'], ctx.M.dependsOnHealthyWithoutCheck(s.key, d.service, hc !== undefined));
    }
  }
}

/**
 * The services others wait for with `service_completed_successfully`: one-shot jobs (`runToCompletion`), which the
 * apply waits for until they exit 0. One that restarts would never complete: refused with the keys.
 */
function oneShotJobs(ctx: StageContext, project: NormalizedProject, services: PlannedService[]): PlannedService[] {
  const jobs = new Map<string, string>();
  for (const s of project.services) for (const d of s.dependsOn ?? []) if (d.condition === 'service_completed_successfully' && !ctx.swarm) jobs.set(d.service, s.key);
  return services.map((s) => {
    const waiter = jobs.get(s.key);
    if (waiter === undefined) return s;
    if (s.restart !== undefined && s.restart !== 'no') ctx.fail([...s.path, 'restart'], ctx.M.oneShotRestarts(s.key, waiter, s.restart));
    return { ...s, runToCompletion: true };
  });
}
