import { parseGoDuration } from '../private/grammar';
import { bindReadOnly } from './map-runtime';
import { PlannedExposure, PlannedHealthCheck, PlannedMount } from './plan';

/**
 * How each planned value becomes a value object of the library: which factory, with which arguments. Written
 * once, read by both consumers of a plan: `ComposeProject` calls the factory, `generateStack` prints the call
 * (names from these closed tables only; every argument through its quoting). So a loaded file and the code
 * generated from it cannot disagree on a rule (a bind's read-write default, a health check's form).
 */

/** A duration as the factory that states it best: whole seconds, milliseconds, or the Go text itself. */
export type DurationForm = { readonly factory: 'seconds' | 'millis'; readonly amount: number } | { readonly factory: 'parse'; readonly text: string };

/** Milliseconds of a Go duration (`1m30s`, `500ms`); undefined when it is not one (the library's one duration grammar). */
export function goDurationMillis(text: string): number | undefined {
  const parsed = parseGoDuration(text);
  return parsed.ok ? parsed.value : undefined;
}

export function durationForm(text: string): DurationForm {
  const ms = goDurationMillis(text);
  if (ms === undefined) return { factory: 'parse', text };
  return ms % 1000 === 0 ? { factory: 'seconds', amount: ms / 1000 } : { factory: 'millis', amount: ms };
}

/** A size as `Size.mebibytes` when it is whole mebibytes, else `Size.bytes`. */
export type SizeForm = { readonly factory: 'mebibytes' | 'bytes'; readonly amount: number };

export function sizeForm(bytes: number): SizeForm {
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? { factory: 'mebibytes', amount: bytes / mib } : { factory: 'bytes', amount: bytes };
}

/** The options of a `HealthCheck` factory. */
export interface HealthTimingForm {
  readonly interval?: DurationForm;
  readonly timeout?: DurationForm;
  readonly startPeriod?: DurationForm;
  readonly retries?: number;
}

/** `HealthCheck.none()`, `.shell(script, timing)` or `.command(argv, timing)`, from Docker's `test` array. */
export type HealthCheckForm =
  | { readonly factory: 'none' }
  | { readonly factory: 'shell'; readonly script: string; readonly timing: HealthTimingForm }
  | { readonly factory: 'command'; readonly argv: string[]; readonly timing: HealthTimingForm };

export function healthCheckForm(h: PlannedHealthCheck): HealthCheckForm {
  if (h.test[0] === 'NONE') return { factory: 'none' };
  const d = (text: string | undefined) => (text === undefined ? undefined : durationForm(text));
  const timing: HealthTimingForm = { interval: d(h.interval), timeout: d(h.timeout), startPeriod: d(h.startPeriod), retries: h.retries };
  return h.test[0] === 'CMD-SHELL' ? { factory: 'shell', script: h.test[1], timing } : { factory: 'command', argv: h.test.slice(1), timing };
}

/** `Mount.volume(volume, target, { readOnly })`, `Mount.bind(source, target, { readWrite })` or `Mount.tmpfs(target, ...)`. */
export type MountForm =
  | { readonly factory: 'volume'; readonly volume: string; readonly target: string; readonly readOnly: boolean }
  | { readonly factory: 'anonymous'; readonly target: string; readonly readOnly: boolean }
  | { readonly factory: 'bind'; readonly source: string; readonly target: string; readonly readWrite: boolean }
  | { readonly factory: 'tmpfs'; readonly target: string; readonly size?: SizeForm; readonly mode?: number };

export function mountForm(m: PlannedMount, compatible: boolean): MountForm {
  if (m.type === 'volume' && m.anonymous) return { factory: 'anonymous', target: m.target, readOnly: m.readOnly === true };
  if (m.type === 'volume') return { factory: 'volume', volume: m.source!, target: m.target, readOnly: m.readOnly === true };
  if (m.type === 'bind') return { factory: 'bind', source: m.source!, target: m.target, readWrite: !bindReadOnly(m.readOnly, compatible) };
  return { factory: 'tmpfs', target: m.target, size: m.sizeBytes === undefined ? undefined : sizeForm(m.sizeBytes), mode: m.mode };
}

/** `Exposure.clusterInternal()`, `.nodePort(...)` or `.published(...)`; the host interface all or one address. */
export type ExposureForm =
  | { readonly factory: 'clusterInternal' }
  | { readonly factory: 'nodePort' | 'published'; readonly hostPort?: number; readonly hostInterface?: { readonly all: true } | { readonly address: string } };

export function exposureForm(e: PlannedExposure): ExposureForm {
  if (e.kind === 'cluster-internal') return { factory: 'clusterInternal' };
  const hostInterface = e.hostIp === undefined ? undefined : e.hostIp === '0.0.0.0' ? { all: true as const } : { address: e.hostIp };
  return { factory: e.kind === 'node-port' ? 'nodePort' : 'published', hostPort: e.hostPort, hostInterface };
}

/** Members of the library's enumerations for Compose's words: a value outside a table is never passed on. */
export const RESTART_POLICIES = { no: 'NO', always: 'ALWAYS', 'on-failure': 'ON_FAILURE', 'unless-stopped': 'UNLESS_STOPPED' } as const;
export const ENDPOINT_MODES = { vip: 'VIP', dnsrr: 'DNSRR' } as const;
export const PROTOCOLS = { tcp: 'tcp', udp: 'udp' } as const;
export const BUILTIN_NETWORKS = { host: 'host', none: 'none', bridge: 'bridge' } as const;
export const SWARM_PORT_MODES = { ingress: 'ingress', host: 'host' } as const;
export const DEPENDS_CONDITIONS = { started: 'started', healthy: 'healthy', completed: 'completed' } as const;
export const RESTART_CONDITIONS = { none: 'none', 'on-failure': 'on-failure', any: 'any' } as const;

/** A published port of a swarm service: `ServicePort.ingress(port, published)` or `.host(...)`. */
export function servicePortMode(e: PlannedExposure): keyof typeof SWARM_PORT_MODES {
  return e.swarmMode ?? 'ingress';
}

/**
 * The containers of a service without a swarm, as Compose names them: one (`<project>-<service>-1`, or
 * `container_name`), or with `deploy.replicas: N` `<project>-<service>-1..N`; the first keeps the service key as its
 * construct id, the others `<service>-2`...
 */
export function replicaForms(s: { readonly key: string; readonly name: string; readonly replicas?: number }): { readonly id: string; readonly name: string }[] {
  const n = s.replicas !== undefined && s.replicas > 1 ? s.replicas : 1;
  const stem = s.name.replace(/-1$/, '');
  return Array.from({ length: n }, (_, i) => (i === 0 ? { id: s.key, name: s.name } : { id: `${s.key}-${i + 1}`, name: `${stem}-${i + 1}` }));
}

/**
 * The Docker name of a container's anonymous volume at `target`: `<container>_<target>` (`shop-db-1_var_lib_data`),
 * so that it is recognisably the container's. Compose gives a random id and `docker compose down` leaves it behind,
 * never mounted again; `down -v` removes it. The library removes it with the stack (RemovalPolicy.DESTROY), as
 * `down -v`: its data was unreachable after `down` anyway. Data to keep belongs in a named volume.
 */
export function anonymousVolumeName(container: string, target: string): string {
  const t = target.replace(/^\/+|\/+$/g, '').replace(/[^a-zA-Z0-9_.-]+/g, '_');
  return `${container}_${t || 'root'}`;
}
