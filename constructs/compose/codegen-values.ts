import { member, num, quote, StackText } from './codegen-text';
import { PlannedBuild, PlannedExposure, PlannedFile, PlannedHealthCheck, PlannedMount } from './plan';
import { anonymousVolumeName, DurationForm, durationForm, exposureForm, healthCheckForm, HealthTimingForm, mountForm, PROTOCOLS, SizeForm } from './rules';

/** The value objects of a plan as TypeScript: the forms of `rules.ts` printed, as `ComposeProject` calls them. */

export function portCode(e: { port: number; protocol: 'tcp' | 'udp' }): string {
  return `Port.${member(PROTOCOLS, e.protocol, 'protocol')}(${num(e.port)})`;
}

export function durationCode(T: StackText, d: DurationForm | undefined): string | undefined {
  if (d === undefined) return undefined;
  T.used.add('Duration');
  return d.factory === 'parse' ? `Duration.parse(${T.value(d.text)})` : `Duration.${d.factory}(${num(d.amount)})`;
}

/** A Go duration text of the plan as code. */
export const durationTextCode = (T: StackText, text: string | undefined) => durationCode(T, text === undefined ? undefined : durationForm(text));

export function sizeCode(T: StackText, s: SizeForm | undefined): string | undefined {
  if (s === undefined) return undefined;
  T.used.add('Size');
  return `Size.${s.factory}(${num(s.amount)})`;
}

export function exposureCode(T: StackText, e: PlannedExposure): string {
  T.used.add('Exposure');
  const form = exposureForm(e);
  if (form.factory === 'clusterInternal') return 'Exposure.clusterInternal()';
  const opts: string[] = [];
  if (form.hostPort !== undefined) opts.push(`hostPort: ${num(form.hostPort)}`);
  if (form.hostInterface !== undefined) {
    T.used.add('HostInterface');
    opts.push(`hostInterface: ${'all' in form.hostInterface ? 'HostInterface.allInterfaces()' : `HostInterface.address(${T.value(form.hostInterface.address)})`}`);
  }
  return `Exposure.${form.factory}(${opts.length > 0 ? `{ ${opts.join(', ')} }` : ''})`;
}

/** A mount; `volume` gives the variable of a volume key. */
export function mountCode(T: StackText, m: PlannedMount, compatible: boolean, volume: (key: string) => string, container = ''): string {
  const form = mountForm(m, compatible);
  if (form.factory === 'volume') return `Mount.volume(${volume(form.volume)}, ${T.value(form.target)}${form.readOnly ? ', { readOnly: true }' : ''})`;
  if (form.factory === 'anonymous') {
    T.used.add('Volume').add('RemovalPolicy');
    const name = quote(anonymousVolumeName(container, form.target));
    return `Mount.volume(new Volume(this, ${name}, { name: ${name}, removalPolicy: RemovalPolicy.DESTROY }), ${T.value(form.target)}${form.readOnly ? ', { readOnly: true }' : ''})`;
  }
  if (form.factory === 'bind') return `Mount.bind(${T.value(form.source)}, ${T.value(form.target)}${form.readWrite ? ', { readWrite: true }' : ''})`;
  const size = sizeCode(T, form.size);
  const options = [size ? `size: ${size}` : undefined, form.mode !== undefined ? `mode: 0o${octal(form.mode)}` : undefined].filter(Boolean);
  return `Mount.tmpfs(${T.value(form.target)}${options.length ? `, { ${options.join(', ')} }` : ''})`;
}

/** Permission bits as octal digits (checked finite first). */
const octal = (mode: number) => (num(mode), mode.toString(8));

export function healthCheckCode(T: StackText, h: PlannedHealthCheck): string {
  T.used.add('HealthCheck');
  const form = healthCheckForm(h);
  if (form.factory === 'none') return 'HealthCheck.none()';
  const t: HealthTimingForm = form.timing;
  const opts = [
    ['interval', durationCode(T, t.interval)],
    ['timeout', durationCode(T, t.timeout)],
    ['startPeriod', durationCode(T, t.startPeriod)],
    ['retries', t.retries === undefined ? undefined : num(t.retries)],
  ].filter(([, v]) => v !== undefined);
  const o = opts.length ? `, { ${opts.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : '';
  return form.factory === 'shell' ? `HealthCheck.shell(${T.value(form.script)}${o})` : `HealthCheck.command(${T.list(form.argv)}${o})`;
}

/** `host.buildImage(tag, { context, ... })`: the same options ComposeProject passes (compose-values `buildOptions`). */
export function buildCode(T: StackText, b: PlannedBuild, host = 'host'): string {
  const entries: [string, string | undefined][] = [
    ['context', T.value(b.context)],
    ['dockerfile', b.dockerfile === undefined ? undefined : T.value(b.dockerfile)],
    ['buildArgs', b.args && T.record(b.args)],
    ['target', b.target === undefined ? undefined : T.value(b.target)],
    ['labels', b.labels && T.record(b.labels)],
  ];
  return `${host}.buildImage(${T.value(b.image)}, { ${entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(', ')} })`;
}

/** A secret or config written into the container; `variable` gives the constant of a Terraform variable. */
export function fileCode(T: StackText, f: PlannedFile, variable: (name: string) => string): string {
  T.used.add('ContainerFile');
  const mode = `{ mode: 0o${f.mode.toString(8)} }`;
  if (f.variable !== undefined) return `ContainerFile.fromVariable(${T.value(f.target)}, ${variable(f.variable)}, ${mode})`;
  return `ContainerFile.fromString(${T.value(f.target)}, ${T.value(f.text ?? '')}, ${mode})`;
}
