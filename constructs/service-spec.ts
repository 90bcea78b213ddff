import { ServiceConfig } from '@cdktf/provider-docker/lib/service';
import { Op, Token } from 'cdktf';
import { ContainerErrors } from './container-errors';
import { Duration } from './duration';
import { HealthCheck } from './health-check';
import { imageReferenceProblems, RegistryCredentials } from './image';
import { Mount, mountListProblems } from './mount';
import { LoggingOptions } from './container-process';
import { Size } from './size';
import type { SwarmConfig, SwarmSecret } from './swarm-secret';

/** How many tasks a service runs. */
export class ServiceMode {
  /** `replicas` tasks spread over the nodes. */
  public static replicated(replicas: number): ServiceMode {
    return new ServiceMode('replicated', replicas);
  }

  /** One task on every node that satisfies the placement constraints. */
  public static global(): ServiceMode {
    return new ServiceMode('global', undefined);
  }

  private constructor(
    public readonly kind: 'replicated' | 'global',
    public readonly replicas: number | undefined,
  ) {}
}

/** How a rolling update (or a rollback) proceeds. */
export interface UpdatePolicy {
  /** Tasks updated at once (0: all). @default 1 */
  readonly parallelism?: number;
  /** Pause between two batches. @default - none */
  readonly delay?: Duration;
  /** What to do when a task fails to update. @default 'pause' */
  readonly failureAction?: 'pause' | 'continue' | 'rollback';
  /** How long a new task is watched for failure. @default 5 seconds */
  readonly monitor?: Duration;
  /** Fraction of failed tasks tolerated, one decimal (0.1, 0.5). @default 0 */
  readonly maxFailureRatio?: number;
  /**
   * `start-first` starts the new task before stopping the old one (no gap for a single task), `stop-first` the
   * reverse.
   * @default 'stop-first'
   */
  readonly order?: 'stop-first' | 'start-first';
}

/** When swarm restarts a service's tasks. */
export interface ServiceRestartPolicy {
  /** @default 'any' */
  readonly condition?: 'none' | 'on-failure' | 'any';
  /** @default - Docker's 5 seconds */
  readonly delay?: Duration;
  /** @default - no limit */
  readonly maxAttempts?: number;
  /** Window in which restarts are counted. @default - unbounded */
  readonly window?: Duration;
}

/** CPU and memory of one task. */
export interface ServiceResources {
  /** CPUs, e.g. 0.5. @default - unlimited / none reserved */
  readonly cpus?: number;
  /** @default - unlimited / none reserved */
  readonly memory?: Size;
}

/** Where tasks may run. */
export interface ServicePlacement {
  /** e.g. `['node.role == manager', 'node.labels.zone != a']`. @default - any node */
  readonly constraints?: readonly string[];
  /** Spread descriptors, e.g. `['node.labels.zone']` (`--placement-pref spread=...`). @default - none */
  readonly spread?: readonly string[];
  /** Tasks per node at most (replicated mode). @default - no limit */
  readonly maxReplicasPerNode?: number;
}

/** A secret mounted into each task. */
export interface ServiceSecretMount {
  readonly secret: SwarmSecret;
  /** File name under /run/secrets (or an absolute path). @default - the secret's name */
  readonly fileName?: string;
  /** @default '0' */
  readonly uid?: string;
  /** @default '0' */
  readonly gid?: string;
  /** @default 0o444 */
  readonly mode?: number;
}

/** A config mounted into each task. */
export interface ServiceConfigMount {
  readonly config: SwarmConfig;
  /** Absolute path in the task, e.g. `/etc/app/app.conf`. */
  readonly fileName: string;
  /** @default '0' */
  readonly uid?: string;
  /** @default '0' */
  readonly gid?: string;
  /** @default 0o444 */
  readonly mode?: number;
}

/**
 * What a stack file's `deploy:` and the rest of a service definition say, beyond networks and ports. Every
 * field is optional and absent from the JSON when left out.
 */
export interface SwarmServiceRuntimeProps {
  /** @default ServiceMode.replicated(replicas ?? 1) */
  readonly mode?: ServiceMode;
  /** @default - any node */
  readonly placement?: ServicePlacement;
  /** @default - swarm's: one task at a time, stop-first, pause on failure */
  readonly updatePolicy?: UpdatePolicy;
  /** @default - swarm's */
  readonly rollbackPolicy?: UpdatePolicy;
  /** @default - swarm's: restart on any exit, after 5 s */
  readonly restartPolicy?: ServiceRestartPolicy;
  /** @default - unlimited */
  readonly limits?: ServiceResources;
  /** @default - none reserved */
  readonly reservations?: ServiceResources;
  /** Labels of the service. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Labels of each task's container. @default - none */
  readonly containerLabels?: Readonly<Record<string, string>>;
  /**
   * Volumes (by name: each node creates its own), binds (read-only unless asked; sensitive paths refused) and
   * tmpfs.
   * @default - none
   */
  readonly mounts?: readonly Mount[];
  /** @default - the image's */
  readonly healthCheck?: HealthCheck;
  /** @default - none */
  readonly secrets?: readonly ServiceSecretMount[];
  /** @default - none */
  readonly configs?: readonly ServiceConfigMount[];
  /** Credentials the nodes pull the image with. @default - none: a public image, or one on every node */
  readonly registryAuth?: RegistryCredentials;
  /** @default - the image's */
  readonly user?: string;
  /** @default - the image's */
  readonly workingDir?: string;
  /** Mount the task's root file system read-only (CIS 5.12). @default false */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Time between the stop signal and SIGKILL. Beware: with it set, the provider's destroy waits only this long
   * for each task's container to be removed and fails ("context deadline exceeded") when it takes longer, e.g.
   * for a PID 1 that ignores SIGTERM; leave it out unless the program stops promptly on its signal.
   * @default - swarm's 10 seconds
   */
  readonly stopGracePeriod?: Duration;
  /** @default - the engine's */
  readonly logging?: LoggingOptions;
  /** Allow sensitive bind mounts (CIS 5.5/5.31). @default false */
  readonly insecureSensitiveMounts?: boolean;
}

/** CPUs as nano-CPUs; a token is multiplied in Terraform (`var.cpus * 1000000000`). */
const nano = (cpus: number) => (Token.isUnresolved(cpus) ? Token.asNumber(Op.mul(cpus, 1e9)) : Math.round(cpus * 1e9));
const labels = (m?: Readonly<Record<string, string>>) => (m && Object.keys(m).length > 0 ? Object.entries(m).map(([label, value]) => ({ label, value })) : undefined);

function update(p: UpdatePolicy) {
  return {
    parallelism: p.parallelism,
    delay: p.delay?.toSwarmString(),
    failureAction: p.failureAction,
    monitor: p.monitor?.toSwarmString(),
    maxFailureRatio: p.maxFailureRatio !== undefined ? p.maxFailureRatio.toFixed(1) : undefined,
    order: p.order,
  };
}

function resources(r?: ServiceResources) {
  if (!r || (r.cpus === undefined && r.memory === undefined)) return undefined;
  return { nanoCpus: r.cpus !== undefined ? nano(r.cpus) : undefined, memoryBytes: r.memory?.bytes };
}

/** Top-level docker_service attributes of `props`. @internal */
export function serviceTopLevel(props: SwarmServiceRuntimeProps, scope: import('constructs').Construct): Partial<ServiceConfig> {
  return {
    updateConfig: props.updatePolicy ? update(props.updatePolicy) : undefined,
    rollbackConfig: props.rollbackPolicy ? update(props.rollbackPolicy) : undefined,
    auth: props.registryAuth?._serviceAuth(scope),
  };
}

/** task_spec attributes (beyond container_spec and networks). @internal */
export function serviceTaskSpec(props: SwarmServiceRuntimeProps) {
  const pl = props.placement;
  const rp = props.restartPolicy;
  const limits = resources(props.limits);
  const reservation = resources(props.reservations);
  return {
    placement:
      pl && ((pl.constraints?.length ?? 0) > 0 || (pl.spread?.length ?? 0) > 0 || pl.maxReplicasPerNode !== undefined)
        ? {
            constraints: pl.constraints?.length ? [...pl.constraints] : undefined,
            prefs: pl.spread?.length ? [...pl.spread] : undefined,
            maxReplicas: pl.maxReplicasPerNode,
          }
        : undefined,
    restartPolicy: rp
      ? // Swarm reads an unset window back as 0s: write it, or the next plan shows a change.
        { condition: rp.condition, delay: rp.delay?.toSwarmString(), maxAttempts: rp.maxAttempts, window: (rp.window ?? Duration.seconds(0)).toSwarmString() }
      : undefined,
    resources: limits || reservation ? { limits, reservation } : undefined,
    logDriver: props.logging ? { name: props.logging.driver, options: props.logging.options ? { ...props.logging.options } : undefined } : undefined,
  };
}

/** container_spec attributes. @internal */
export function serviceContainerSpec(props: SwarmServiceRuntimeProps) {
  return {
    labels: labels(props.containerLabels),
    mounts: props.mounts?.length ? props.mounts.map((m) => m._renderService()) : undefined,
    healthcheck: props.healthCheck?._render('swarm'),
    secrets: props.secrets?.length
      ? props.secrets.map((s) => ({
          secretId: s.secret.secretId,
          secretName: s.secret.secretName,
          fileName: s.fileName ?? s.secret.secretName,
          fileUid: s.uid,
          fileGid: s.gid,
          fileMode: s.mode,
        }))
      : undefined,
    configs: props.configs?.length
      ? props.configs.map((c) => ({
          configId: c.config.configId,
          configName: c.config.configName,
          fileName: c.fileName,
          fileUid: c.uid,
          fileGid: c.gid,
          fileMode: c.mode,
        }))
      : undefined,
    user: props.user,
    dir: props.workingDir,
    readOnly: props.readOnlyRootFilesystem ? true : undefined,
    stopGracePeriod: props.stopGracePeriod?.toSwarmString(),
  };
}

/** A problem with `value` of a plain-JavaScript caller outside `allowed`, as a list. */
function oneOf(field: string, value: unknown, allowed: readonly string[]): string[] {
  return value === undefined || Token.isUnresolved(value) || allowed.includes(value as string) ? [] : [ContainerErrors.notOneOf(field, value, allowed)];
}

/** The node attributes swarmkit's placement constraints take (`docker service create --constraint`). */
const CONSTRAINT_KEYS = ['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch', 'node.ip'];
const CONSTRAINT_PREFIXES = ['node.labels.', 'engine.labels.'];

/** A constraint that can never match: an attribute swarmkit does not know, or a role that is not one. */
function constraintProblem(constraint: string): string | undefined {
  const m = /^\s*([a-zA-Z0-9_.\-]+)\s*(==|!=)\s*(\S.*?)\s*$/.exec(constraint)!;
  const key = m[1].toLowerCase();
  if (!CONSTRAINT_KEYS.includes(key) && !CONSTRAINT_PREFIXES.some((p) => key.startsWith(p) && key.length > p.length)) {
    return ContainerErrors.unknownConstraintKey(constraint, m[1], [...CONSTRAINT_KEYS, ...CONSTRAINT_PREFIXES.map((p) => `${p}<name>`)]);
  }
  if (key === 'node.role' && !['manager', 'worker'].includes(m[3].toLowerCase())) return ContainerErrors.badConstraintRole(constraint, m[3]);
  return undefined;
}

const CONSTRAINT = /^\s*[a-zA-Z0-9_.\-]+\s*(==|!=)\s*\S.*$/;

/** Problems of `props`; tokens pass. @internal */
export function serviceProblems(props: SwarmServiceRuntimeProps & { readonly replicas?: number; readonly image: string }): string[] {
  const out: string[] = [...imageReferenceProblems(props.image)];
  const known = (v: unknown) => v !== undefined && !Token.isUnresolved(v);
  const mode = props.mode;
  if (mode?.kind === 'global' && props.replicas !== undefined) out.push(ContainerErrors.replicasWithGlobal());
  for (const c of props.placement?.constraints ?? []) if (known(c) && !CONSTRAINT.test(c)) out.push(ContainerErrors.badConstraint(c));
  for (const c of props.placement?.constraints ?? []) {
    const p = known(c) && CONSTRAINT.test(c) ? constraintProblem(c) : undefined;
    if (p) out.push(p);
  }
  const mr = props.placement?.maxReplicasPerNode;
  if (known(mr) && (!Number.isInteger(mr) || mr! < 0)) out.push(ContainerErrors.badCount('placement.maxReplicasPerNode', mr!));
  else if (mr !== undefined && mode?.kind === 'global') out.push(ContainerErrors.maxReplicasWithGlobal());
  for (const [field, p] of [['updatePolicy', props.updatePolicy], ['rollbackPolicy', props.rollbackPolicy]] as const) {
    if (!p) continue;
    if (known(p.parallelism) && (!Number.isInteger(p.parallelism) || p.parallelism! < 0)) out.push(ContainerErrors.badCount(`${field}.parallelism`, p.parallelism!));
    const r = p.maxFailureRatio;
    if (known(r) && (!(r! >= 0 && r! <= 1) || Number(r!.toFixed(1)) !== r)) out.push(ContainerErrors.badRatio(`${field}.maxFailureRatio`, r!));
    for (const k of ['delay', 'monitor'] as const) {
      const d = p[k];
      if (d && known(d.milliseconds) && !d.valid) out.push(ContainerErrors.badDuration(`${field}.${k}`, String(d.milliseconds)));
    }
    out.push(...oneOf(`${field}.failureAction`, p.failureAction, ['pause', 'continue', 'rollback']), ...oneOf(`${field}.order`, p.order, ['stop-first', 'start-first']));
  }
  const rp = props.restartPolicy;
  if (rp && known(rp.maxAttempts) && (!Number.isInteger(rp.maxAttempts) || rp.maxAttempts! < 0)) out.push(ContainerErrors.badCount('restartPolicy.maxAttempts', rp.maxAttempts!));
  if (rp) out.push(...oneOf('restartPolicy.condition', rp.condition, ['none', 'on-failure', 'any']));
  for (const [field, d] of [['restartPolicy.delay', rp?.delay], ['restartPolicy.window', rp?.window], ['stopGracePeriod', props.stopGracePeriod]] as const) {
    if (d && !d.valid) out.push(ContainerErrors.badDuration(field, String(d.milliseconds)));
  }
  for (const [field, r] of [['limits', props.limits], ['reservations', props.reservations]] as const) {
    if (!r) continue;
    if (known(r.cpus) && !(r.cpus! > 0)) out.push(ContainerErrors.badCpus(r.cpus!));
    else if (known(r.cpus) && r.cpus! < 0.001) out.push(ContainerErrors.cpusTooSmall(r.cpus!, 0.001, `${field}.cpus`));
    if (r.memory && known(r.memory.bytes) && !r.memory.valid) out.push(ContainerErrors.badSize(`${field}.memory`, String(r.memory.bytes)));
    else if (field === 'limits' && r.memory && known(r.memory.bytes) && r.memory.bytes < 4 * 1024 ** 2) out.push(ContainerErrors.serviceMemoryTooSmall(r.memory.toString()));
  }
  const [lim, res] = [props.limits, props.reservations];
  if (lim && res) {
    if (known(lim.cpus) && known(res.cpus) && res.cpus! > lim.cpus!) out.push(ContainerErrors.reservationAboveLimit('cpus', String(res.cpus), String(lim.cpus)));
    if (lim.memory && res.memory && known(lim.memory.bytes) && known(res.memory.bytes) && res.memory.bytes > lim.memory.bytes) {
      out.push(ContainerErrors.reservationAboveLimit('memory', res.memory.toString(), lim.memory.toString()));
    }
  }
  if (props.logging && !props.logging.driver && Object.keys(props.logging.options ?? {}).length > 0) out.push(ContainerErrors.logOptsWithoutDriver());
  out.push(...mountListProblems(props.mounts ?? [], { sensitiveMounts: props.insecureSensitiveMounts }));
  if (props.healthCheck) out.push(...props.healthCheck.problems());
  const files = new Set<string>();
  for (const s of props.secrets ?? []) {
    const f = s.fileName ?? s.secret.secretName;
    if (!Token.isUnresolved(f)) {
      if (files.has(f)) out.push(ContainerErrors.fileMountedTwice(f));
      files.add(f);
    }
  }
  for (const c of props.configs ?? []) {
    if (known(c.fileName) && !c.fileName.startsWith('/')) out.push(ContainerErrors.relativeTarget('config fileName', c.fileName));
    else if (known(c.fileName)) {
      if (files.has(c.fileName)) out.push(ContainerErrors.fileMountedTwice(c.fileName));
      files.add(c.fileName);
    }
  }
  for (const m of [...(props.secrets ?? []), ...(props.configs ?? [])]) {
    const mode = m.mode;
    if (known(mode) && (!Number.isInteger(mode) || mode! < 0 || mode! > 0o777)) out.push(ContainerErrors.fileMode(mode!));
  }
  // registryAuth: checked by SwarmService's validation, which resolves tokens in its scope.
  return out;
}
