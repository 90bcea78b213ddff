import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { ProviderVersion } from '../constructs';
import { ExampleStackProps } from '../stacks/common';
import { CheckResult, Checks, Engine, progress, run, RunResult } from './harness';

/** What the suite hands a multi-step sequence (pipeline, shared state) after its setup. */
export interface SequenceContext {
  readonly work: string;
  readonly engine: Engine;
  /** The Terraform CLI (terraform or tofu). */
  readonly terraform: string;
  /** DOCKER_HOST, TF_CLI_CONFIG_FILE (the provider mirror), TF_IN_AUTOMATION... */
  readonly tfEnv: NodeJS.ProcessEnv;
  /** The kreuzwerker/docker version the suite could provide. */
  readonly providerVersion: string;
  readonly image: string;
}

/** One row of the suite's report. */
export interface SequenceOutcome {
  readonly stack: string;
  readonly provider: string;
  readonly result: string;
  readonly results: CheckResult[];
}

/** A sequence of Terraform runs the suite performs on the real engine besides the per-stack cases. */
export interface Sequence {
  readonly name: string;
  run(ctx: SequenceContext): SequenceOutcome;
}

/** Synthesizes a stack built by `build` into `outdir`; returns the stack directory and its cdk.tf.json. */
export function synthStack(
  ctx: SequenceContext,
  outdir: string,
  build: (app: App, props: ExampleStackProps) => TerraformStack,
): { dir: string; doc: any; stack: TerraformStack } {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  const stack = build(app, { image: ctx.image, providerVersion: ProviderVersion.of(ctx.providerVersion) });
  app.synth();
  const dir = path.join(outdir, 'stacks', stack.node.id);
  return { dir, doc: JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')), stack };
}

/** The names of a synthesized stack's resources of one type. */
export function namesOf(doc: any, type: string): string[] {
  return Object.values<any>(doc.resource?.[type] ?? {}).map((r) => r.name as string);
}

/** What of `containers` and `networks` is still on the engine. */
export function leftovers(engine: Engine, containers: string[], networks: string[]): string[] {
  const c = engine.docker(['ps', '-a', '--format', '{{.Names}}']).split('\n').filter((n) => containers.includes(n));
  const n = engine.docker(['network', 'ls', '--format', '{{.Name}}']).split('\n').filter((x) => networks.includes(x));
  return [...c, ...n];
}

/** Runs `terraform <args>` in `dir` with the suite's environment. */
export function tfIn(ctx: SequenceContext, dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 600_000): RunResult {
  return run(ctx.terraform, [...args, '-input=false', '-no-color'], { cwd: dir, env: { ...ctx.tfEnv, ...extraEnv }, timeoutMs });
}

/** Checks plus a progress function for one sequence. */
export function begin(name: string): { checks: Checks; step: (message: string) => void } {
  return { checks: new Checks(name), step: (message: string) => progress(name, message) };
}

/** The outcome row from the checks. */
export function outcome(name: string, ctx: SequenceContext, checks: Checks): SequenceOutcome {
  const failed = checks.results.filter((r) => !r.ok).length;
  const result = failed === 0 ? `ok (${checks.results.length} checks)` : `${failed} of ${checks.results.length} failed`;
  progress(name, result);
  return { stack: name, provider: ctx.providerVersion, result, results: checks.results };
}

/** Last lines of a command's output, for failure details. */
export function tail(r: RunResult, chars = 1500): string {
  return `exit ${r.code}: ${(r.stdout + r.stderr).slice(-chars)}`;
}
