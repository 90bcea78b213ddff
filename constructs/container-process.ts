import { ContainerConfig } from '@cdktf/provider-docker/lib/container';
import { Fn, Op, Token } from 'cdktf';
import { parseIpAddress } from './cidr';
import { ContainerErrors } from './container-errors';
import { Duration } from './duration';
import type { ContainerFile } from './container-file';
import { HealthCheck } from './health-check';
import { Mount, mountListProblems } from './mount';
import { isValidName } from './private/names';
import { Size } from './size';
import { ProviderVersion } from './provider-version';

/** A resource limit (`--ulimit name=soft:hard`). */
export interface Ulimit {
  readonly soft: number;
  /** @default - the soft limit */
  readonly hard?: number;
}

/** Where a container's or task's output goes. */
export interface LoggingOptions {
  /** The logging driver, e.g. `json-file`, `local`, `syslog`, `none`. */
  readonly driver: string;
  /**
   * Driver options, e.g. `{ 'max-size': '10m', 'max-file': '3' }` for json-file.
   * @default - the driver's defaults
   */
  readonly options?: Readonly<Record<string, string>>;
}

/**
 * What a container runs and within which limits, beyond its networks: mounts, health, DNS and hosts entries,
 * process settings, resource limits and logging. Every field is optional; left out, Docker's default applies
 * and nothing is written into the plan (so existing stacks synthesize unchanged).
 */
export interface ContainerRuntimeProps {
  /**
   * Volumes, bind mounts and tmpfs mounts. Bind mounts are read-only unless asked; sensitive host paths and the
   * Docker socket are refused unless `insecure: { sensitiveMounts: true }`.
   * @default - none
   */
  readonly mounts?: readonly Mount[];
  /**
   * Files written into the container after it is created and before it starts (the provider's `upload`), e.g.
   * `ContainerFile.fromVariable('/run/secrets/db_password', dbPassword, { mode: 0o444 })`. Changing one replaces
   * the container. Not with `readOnlyRootFilesystem` (Docker refuses the copy), nor at or beneath a mount.
   * @default - none
   * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/container#nested-schema-for-upload
   */
  readonly files?: readonly ContainerFile[];
  /**
   * The health check; needed by containers that wait for this one with `dependsOn(.., { condition: 'healthy' })`.
   * @default - the image's own, if any
   */
  readonly healthCheck?: HealthCheck;
  /** DNS servers (`--dns`). @default - the engine's (Docker's embedded DNS on user-defined networks) */
  readonly dns?: readonly string[];
  /** DNS search domains (`--dns-search`). @default - none */
  readonly dnsSearch?: readonly string[];
  /** resolv.conf options (`--dns-option`), e.g. `['ndots:2']`. @default - none */
  readonly dnsOptions?: readonly string[];
  /**
   * Extra `/etc/hosts` entries, name to IP (`--add-host`). Merged with the entries links write on docker0.
   * @default - none
   */
  readonly extraHosts?: Readonly<Record<string, string>>;
  /** @default - the image's */
  readonly entrypoint?: readonly string[];
  /** `user`, `uid`, `user:group` or `uid:gid`. @default - the image's (often root) */
  readonly user?: string;
  /** @default - the image's */
  readonly workingDir?: string;
  /** Run an init process (tini) as PID 1 that reaps zombies and forwards signals. @default false */
  readonly init?: boolean;
  /** The signal that stops the container, e.g. `SIGINT`. @default - the image's, else SIGTERM */
  readonly stopSignal?: string;
  /**
   * How long the container gets between the stop signal and SIGKILL, on `docker stop` and on destroy.
   * Whole seconds.
   * @default - Docker's 10 seconds; destroy kills at once
   */
  readonly stopGracePeriod?: Duration;
  /**
   * Mount the container's root file system read-only (CIS 5.12); give writable paths as volumes or tmpfs.
   * Opt-in: turning it on for existing containers would replace them, and many images write to their root.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Memory limit, a whole number of MiB (the provider stores MiB). Swap is limited to the same value, so the
   * container gets no swap on top (and the plan stays stable).
   * @default - unlimited
   */
  readonly memory?: Size;
  /** CPU limit in CPUs, e.g. 0.5. @default - unlimited */
  readonly cpus?: number;
  /** Resource limits by name, e.g. `{ nofile: { soft: 1024, hard: 4096 }, nproc: { soft: 256 } }`. @default - the engine's */
  readonly ulimits?: Readonly<Record<string, Ulimit>>;
  /**
   * Kernel parameters of the container's network namespace (`net.*` only), e.g.
   * `{ 'net.ipv4.ip_unprivileged_port_start': '0' }`.
   * @default - none
   */
  readonly sysctls?: Readonly<Record<string, string>>;
  /** @default - the engine's logging driver (json-file) */
  readonly logging?: LoggingOptions;
  /**
   * A one-shot job (a database migration, a seed): Terraform starts it and waits until it exits (the provider's
   * `attach`), it need not keep running (`must_run = false`), and the apply fails unless it exited 0 (a
   * postcondition on `exit_code`). Containers that call `dependsOn(job, { condition: 'completed' })` are created
   * only after that, as Compose's `service_completed_successfully`. It runs once, when created or replaced.
   * Restart policy `NO` only.
   * @default false - a long-running container
   */
  readonly runToCompletion?: boolean;
  /**
   * With `RestartPolicy.ON_FAILURE`: give up after this many restarts.
   * @default - no limit
   */
  readonly restartMaxRetries?: number;
}

/** Renders `cpus` as the provider reads it back (`1.0`, `0.5`, `1.25`). */
export function cpusText(cpus: number): string {
  if (Token.isUnresolved(cpus)) return Token.asString(cpus);
  const s = String(Number(cpus.toFixed(9)));
  return s.includes('.') ? s : `${s}.0`;
}

/** The CFS period the library writes with `cpu_quota` on 3.x (Docker's own for --cpus): 100 ms. */
const CPU_PERIOD_MICROS = 100_000;

/**
 * `cpus` as the provider version can take it: `cpus` on 4.x; on 3.x, whose provider crashes on `cpus`
 * (ProviderVersion quirk `container-cpus`), the same CFS limit as `cpu_period` + `cpu_quota`.
 */
function cpuConfig(cpus: number | undefined, version: ProviderVersion): Partial<ContainerConfig> {
  if (cpus === undefined) return {};
  if (version.containerCpus === 'cpus') return { cpus: cpusText(cpus) };
  const quota = Token.isUnresolved(cpus) ? Fn.floor(Op.mul(cpus, CPU_PERIOD_MICROS)) : Math.round(cpus * CPU_PERIOD_MICROS);
  return { cpuPeriod: CPU_PERIOD_MICROS, cpuQuota: quota };
}

/** The docker_container attributes for `props`; fields left out stay undefined (absent from the JSON). */
export function runtimeConfig(props: ContainerRuntimeProps, version: ProviderVersion = ProviderVersion.V3_6_2): Partial<ContainerConfig> {
  const list = (v?: readonly string[]) => (v && v.length > 0 ? [...v] : undefined);
  const map = (v?: Readonly<Record<string, string>>) => (v && Object.keys(v).length > 0 ? { ...v } : undefined);
  const mib = props.memory?.wholeMebibytes ?? (props.memory && Token.isUnresolved(props.memory.bytes) ? props.memory.bytes : undefined);
  const grace = props.stopGracePeriod?.toSeconds();
  return {
    mounts: props.mounts && props.mounts.length > 0 ? props.mounts.map((m) => m._renderContainer()) : undefined,
    healthcheck: props.healthCheck?._render(),
    dns: list(props.dns),
    dnsSearch: list(props.dnsSearch),
    dnsOpts: list(props.dnsOptions),
    entrypoint: props.entrypoint ? [...props.entrypoint] : undefined,
    user: props.user,
    workingDir: props.workingDir,
    init: props.init,
    stopSignal: props.stopSignal !== undefined ? normalizeSignal(props.stopSignal) : undefined,
    stopTimeout: grace,
    destroyGraceSeconds: grace,
    readOnly: props.readOnlyRootFilesystem ? true : undefined,
    memory: mib,
    memorySwap: mib,
    ...cpuConfig(props.cpus, version),
    ulimit: props.ulimits
      ? Object.entries(props.ulimits).map(([name, u]) => ({ name: Token.isUnresolved(name) ? name : name.toLowerCase(), soft: u.soft, hard: u.hard ?? u.soft }))
      : undefined,
    sysctls: map(props.sysctls),
    logDriver: props.logging?.driver,
    logOpts: map(props.logging?.options),
    maxRetryCount: props.restartMaxRetries,
    ...(props.runToCompletion ? { attach: true, mustRun: false } : {}),
  };
}

/** Docker's special extra-host value: the host's gateway address (`--add-host name:host-gateway`). */
const HOST_GATEWAY = 'host-gateway';

/** The ulimit names Docker takes (go-units `ulimitNameMapping`). */
const ULIMITS = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

/** Linux signal names as Docker parses them (moby/sys `signal.SignalMap`, linux), without `SIG`. */
const SIGNALS = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT',
  'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ',
  'RTMIN', 'RTMAX', ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`), ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

/**
 * A stop signal as Docker normalises it: upper case with the `SIG` prefix (`TERM`, `sigterm` -> `SIGTERM`);
 * numbers and tokens unchanged.
 */
export function normalizeSignal(signal: string): string {
  if (Token.isUnresolved(signal) || typeof signal !== 'string') return signal;
  const s = signal.trim().toUpperCase();
  if (/^\d+$/.test(s)) return s;
  return s.startsWith('SIG') ? s : `SIG${s}`;
}

/** True for a normalised signal Docker knows (a name, or a number from 1 to 64). */
function isSignal(signal: string): boolean {
  if (/^\d+$/.test(signal)) return Number(signal) >= 1 && Number(signal) <= 64;
  return SIGNALS.has(signal.replace(/^SIG/, ''));
}

/** Kernel parameters of the IPC namespace, which a container with its own IPC namespace may set. */
function isIpcSysctl(key: string): boolean {
  return ['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced'].includes(key) || key.startsWith('fs.mqueue.');
}

/** What the checks need to know about the container beyond its props. */
export interface RuntimeContext {
  /** The restart policy's value (`no`, `on-failure`, ...). */
  readonly restart: string;
  /** `host` or `none` when the container shares that namespace, else undefined. */
  readonly specialNetwork?: string;
  readonly sensitiveMounts?: boolean;
  /** True when the container shares the host's IPC namespace (`insecure: { hostIpc: true }`). */
  readonly hostIpc?: boolean;
}

/** Every problem of `props`, for a validation; tokens pass. */
export function runtimeProblems(props: ContainerRuntimeProps, ctx: RuntimeContext): string[] {
  const out: string[] = [];
  const known = (v: unknown) => v !== undefined && !Token.isUnresolved(v);
  out.push(...mountListProblems(props.mounts ?? [], { sensitiveMounts: ctx.sensitiveMounts }));
  if (props.healthCheck) out.push(...props.healthCheck.problems());
  for (const d of props.dns ?? []) if (known(d) && !parseIpAddress(d)) out.push(ContainerErrors.badDnsServer(d));
  for (const [name, ip] of Object.entries(props.extraHosts ?? {})) {
    if (known(name) && !isValidName('hostname', name)) out.push(ContainerErrors.badHostName(name));
    if (known(ip) && ip !== HOST_GATEWAY && !parseIpAddress(ip)) out.push(ContainerErrors.badHostIp(name, ip));
  }
  const dnsUsed = [props.dns, props.dnsSearch, props.dnsOptions].some((l) => (l?.length ?? 0) > 0) || Object.keys(props.extraHosts ?? {}).length > 0;
  if (dnsUsed && ctx.specialNetwork === 'host') out.push(ContainerErrors.dnsOnSpecialNetwork(ctx.specialNetwork));
  if (known(props.workingDir) && !props.workingDir!.startsWith('/')) out.push(ContainerErrors.relativeTarget('workingDir', props.workingDir!));
  if (known(props.user) && !/^[^\s:]+(:[^\s:]+)?$/.test(props.user!)) out.push(ContainerErrors.badUser(props.user!));
  if (known(props.stopSignal) && !isSignal(normalizeSignal(props.stopSignal!))) out.push(ContainerErrors.badSignal(props.stopSignal!));
  const g = props.stopGracePeriod;
  if (g && known(g.milliseconds) && (!g.valid || g.milliseconds % 1000 !== 0)) out.push(ContainerErrors.badDuration('stopGracePeriod', `${g.toGoString()} (whole seconds only)`));
  const mem = props.memory;
  if (mem && known(mem.bytes)) {
    if (!mem.valid) out.push(ContainerErrors.badSize('memory', String(mem.bytes)));
    else if (mem.wholeMebibytes === undefined) out.push(ContainerErrors.memoryNotMebibytes('memory', mem.bytes));
    else if (mem.wholeMebibytes < 6) out.push(ContainerErrors.memoryTooSmall('memory', mem.wholeMebibytes));
  }
  const cpus = props.cpus;
  if (known(cpus) && (!(cpus! > 0) || !Number.isFinite(cpus!) || Math.abs(Number(cpus!.toFixed(9)) - cpus!) > 1e-12)) out.push(ContainerErrors.badCpus(cpus!));
  else if (known(cpus) && cpus! < 0.01) out.push(ContainerErrors.cpusTooSmall(cpus!, 0.01, 'cpus'));
  for (const [name, u] of Object.entries(props.ulimits ?? {})) {
    if (!Token.isUnresolved(name) && !ULIMITS.includes(name.toLowerCase())) out.push(ContainerErrors.badUlimit(JSON.stringify(name), `is not a ulimit name; use one of ${ULIMITS.join(', ')}`));
    const hard = u.hard ?? u.soft;
    if (![u.soft, hard].every((x) => Token.isUnresolved(x) || (Number.isInteger(x) && x >= -1))) out.push(ContainerErrors.badUlimit(name, `soft ${u.soft} / hard ${hard} must be whole numbers (-1 for unlimited)`));
    else if (known(u.soft) && known(hard) && hard !== -1 && (u.soft === -1 || u.soft > hard)) out.push(ContainerErrors.badUlimit(name, `soft ${u.soft} is above hard ${hard}; raise hard or lower soft`));
  }
  for (const key of Object.keys(props.sysctls ?? {})) {
    if (isIpcSysctl(key)) {
      if (ctx.hostIpc) out.push(ContainerErrors.sysctlOnHostIpc(key));
    } else if (!key.startsWith('net.')) out.push(ContainerErrors.sysctlNotNet(key));
    else if (ctx.specialNetwork === 'host') out.push(ContainerErrors.sysctlOnHostNetwork(key));
  }
  if (props.logging && !props.logging.driver && Object.keys(props.logging.options ?? {}).length > 0) out.push(ContainerErrors.logOptsWithoutDriver());
  if (props.runToCompletion && ctx.restart !== 'no') out.push(ContainerErrors.runToCompletionRestarts(ctx.restart));
  const r = props.restartMaxRetries;
  if (known(r)) {
    if (!Number.isInteger(r) || r! < 0) out.push(ContainerErrors.badCount('restartMaxRetries', r!));
    else if (ctx.restart !== 'on-failure') out.push(ContainerErrors.retriesWithoutOnFailure(ctx.restart));
  }
  return out;
}
