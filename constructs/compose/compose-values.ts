import { TerraformStack, TerraformVariable } from 'cdktf';
import { IConstruct } from 'constructs';
import { ContainerFile } from '../container-file';
import { Duration } from '../duration';
import { Exposure, HostInterface } from '../exposure';
import { HealthCheck } from '../health-check';
import { Port } from '../port';
import { Size } from '../size';
import { Environment } from './interpolation';
import type { BuildImageOptions } from '../image-build';
import type { ContainerRuntimeProps } from '../container-process';
import { PlannedBuild, PlannedExposure, PlannedFile, PlannedHealthCheck, PlannedRuntime } from './plan';
import { DurationForm, durationForm, exposureForm, healthCheckForm, HealthTimingForm, SizeForm, sizeForm } from './rules';

/** The value objects `ComposeProject` gives its constructs: the forms of `rules.ts`, called. */

/**
 * The variables a Compose file may read: the names of `processEnv` from the process environment, then `env`.
 * Always an object, so that the loader never falls back to the whole process environment.
 */
export function composeEnvironment(env: Environment | undefined, processEnv: readonly string[] | undefined): Environment {
  const allowed: Record<string, string> = {};
  for (const name of processEnv ?? []) {
    const v = process.env[name];
    if (v !== undefined) allowed[name] = v;
  }
  return { ...allowed, ...(env ?? {}) };
}

export function duration(d: DurationForm | undefined): Duration | undefined {
  if (d === undefined) return undefined;
  return d.factory === 'parse' ? Duration.parse(d.text) : Duration[d.factory](d.amount);
}

export function durationText(text: string | undefined): Duration | undefined {
  return text === undefined ? undefined : duration(durationForm(text));
}

export function size(s: SizeForm | undefined): Size | undefined {
  return s === undefined ? undefined : Size[s.factory](s.amount);
}

export function healthCheck(h: PlannedHealthCheck | undefined): HealthCheck | undefined {
  if (!h) return undefined;
  const form = healthCheckForm(h);
  if (form.factory === 'none') return HealthCheck.none();
  const t: HealthTimingForm = form.timing;
  const options = { interval: duration(t.interval), timeout: duration(t.timeout), startPeriod: duration(t.startPeriod), retries: t.retries };
  return form.factory === 'shell' ? HealthCheck.shell(form.script, options) : HealthCheck.command(form.argv, options);
}

export function toPort(e: { port: number; protocol: 'tcp' | 'udp' }): Port {
  return e.protocol === 'udp' ? Port.udp(e.port) : Port.tcp(e.port);
}

export function toExposure(e: PlannedExposure): Exposure {
  const form = exposureForm(e);
  if (form.factory === 'clusterInternal') return Exposure.clusterInternal();
  const hostInterface = form.hostInterface && ('all' in form.hostInterface ? HostInterface.allInterfaces() : HostInterface.address(form.hostInterface.address));
  return Exposure[form.factory]({ hostPort: form.hostPort, hostInterface });
}

/** The options of `host.buildImage()` for a planned build. */
export function buildOptions(b: PlannedBuild): BuildImageOptions {
  return { context: b.context, dockerfile: b.dockerfile, buildArgs: b.args, target: b.target, labels: b.labels };
}

/** The Container props of a planned runtime's limits and process settings (cpus, memory, read-only root, ulimits, logging). */
export function processProps(r: PlannedRuntime): Pick<ContainerRuntimeProps, 'cpus' | 'memory' | 'readOnlyRootFilesystem' | 'ulimits' | 'logging'> {
  const memory = r.limits?.memoryBytes === undefined ? undefined : size(sizeForm(r.limits.memoryBytes));
  return { cpus: r.limits?.cpus, memory, readOnlyRootFilesystem: r.readOnly, ulimits: r.ulimits, logging: r.logging };
}

/**
 * The secrets and configs written into a container: `content:` as literal text, `environment:` as the value of a
 * sensitive Terraform variable of the same name (one per stack, given at deploy as TF_VAR_<name>; the value the
 * environment has at synth is never read into the stack), as the generated code of `compose import` declares it.
 */
export function containerFiles(scope: IConstruct, list: readonly PlannedFile[] | undefined): ContainerFile[] | undefined {
  if (!list || list.length === 0) return undefined;
  return list.map((f) => (f.variable === undefined ? ContainerFile.fromString(f.target, f.text ?? '', { mode: f.mode }) : ContainerFile.fromVariable(f.target, composeVariable(scope, f.variable), { mode: f.mode })));
}

/** The stack's sensitive variable `name` for Compose's environment secrets and configs, made once per stack. */
function composeVariable(scope: IConstruct, name: string): TerraformVariable {
  const stack = TerraformStack.of(scope);
  const id = `compose-variable-${name}`;
  const found = stack.node.tryFindChild(id);
  if (found instanceof TerraformVariable) return found;
  const v = new TerraformVariable(stack, id, { type: 'string', sensitive: true, description: `Compose variable ${name}: give it as TF_VAR_${name}` });
  v.overrideLogicalId(name);
  return v;
}
