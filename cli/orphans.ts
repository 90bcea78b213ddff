/**
 * `docker-network-cdktf orphans <stack dir> [--adopt | --remove | --check-destroy]` (in this repository also
 * `npm run orphans -- ...`)
 *
 * Compares a synthesized stack (cdk.tf.json in <stack dir>, e.g. cdktf.out/stacks/<stack>), its Terraform state
 * (`terraform show -json`, run in that directory) and what the Docker engines of the stack hold:
 *
 * - without a flag: lists the orphans, networks and containers on an engine that belong to this deployment of the
 *   stack but are not in its state (an apply interrupted by a crash of dockerd leaves them, and every later apply
 *   fails "network with name ... already exists"). An object is this deployment's when it carries both the stack's
 *   label (`docker-network-cdktf/stack`) and the deployment's (`docker-network-cdktf/deployment`: the id of the
 *   stack's `terraform_data.docker-network-cdktf-deployment`, which the state holds). Objects that only look like
 *   the stack's (a declared name, the stack label without the deployment label, another deployment, another
 *   stack, Docker Compose) are listed, never touched. Exit status 3 when something was found.
 * - `--adopt`: `terraform import <address> <id>` for each orphan that a resource of the stack declares.
 * - `--remove`: deletes each orphan from the engine (`docker rm -f`, `docker network rm`).
 * - `--check-destroy`: names the foreign endpoints, containers the stack does not manage that sit on one of its
 *   networks and would make `terraform destroy` time out; exit status 3 when there are some.
 *
 * Refuses (exit status 4, nothing listed or touched) when the state holds no deployment id: no state in that
 * directory (another checkout, lost state), a stack never applied since 0.3.0, or hosts with `ownershipLabels:
 * false`. Then nothing can prove an object ours.
 *
 * Engines: each provider configuration of the stack is read where that provider deploys (its literal `host` and
 * TLS material, else DOCKER_HOST or the local socket), through the engine reader's `providerEnvironment`
 * (cli/engine.ts), the one function that decides it. "In the state" is decided across every host of the stack. Terraform: $TERRAFORM_BINARY_NAME,
 * else `terraform` (a TF_CLI_CONFIG_FILE that cannot be read is left out, with one `note:` line). A relative <stack
 * dir> is taken from the directory the command was run in (npm's INIT_CWD), not the package root `npm run` starts in.
 *
 * Exit status: see {@link USAGE}.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readTemplateLiteral } from '../constructs/private/terraform-literal';
import { EXIT, parseCommandLine, UsageError, wantsHelp } from './args';
import { dockerCli, engineShown, providerConfig, providerEnvironment, readEngine as readEngineSnapshot, releaseEngineEnvironment } from './engine';
import { terraformEnv } from './env';
import { CommandIo, processIo, progress } from './output';
import { run } from './process';

/** The ownership labels the library puts on every network and container (constructs/private/ownership.ts). */
export const STACK_LABEL = 'docker-network-cdktf/stack';
export const PATH_LABEL = 'docker-network-cdktf/path';
export const DEPLOYMENT_LABEL = 'docker-network-cdktf/deployment';
/** Docker Compose's label: an object Compose made is never ours to remove or adopt. */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

export type Kind = 'docker_network' | 'docker_container';
const KINDS: readonly Kind[] = ['docker_network', 'docker_container'];
/** Networks every engine has; never orphans, never removed. */
const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none', 'docker_gwbridge', 'ingress']);

/** A network or container the synthesized stack declares. */
export interface Declared {
  readonly type: Kind;
  /** Terraform address, e.g. `docker_network.net_network_1A2B3C4D`. */
  readonly address: string;
  /** The literal name, or undefined when it is a reference. */
  readonly name?: string;
  /** The construct path inside the stack (what the path label holds), from cdktf's metadata. */
  readonly constructPath?: string;
  /** The provider reference, `docker` or `docker.<alias>`. */
  readonly provider: string;
}

/** A network or container in the Terraform state. */
export interface InState {
  readonly type: Kind;
  readonly address: string;
  readonly id: string;
}

/** A network or container on the engine. */
export interface OnEngine {
  readonly type: Kind;
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** For networks: the containers on it (id and name). */
  readonly endpoints?: readonly { id: string; name: string }[];
  /** For containers: the swarm service that runs it, if any. */
  readonly service?: string;
}

/** Which deployment of which stack `orphans` works for: the stack label's value and the deployment id. */
export interface Ownership {
  readonly stack: string;
  /** The id of the stack's `terraform_data` deployment resource, from the state. */
  readonly deployment: string;
}

/** An object on the engine that this deployment's labels prove ours, and that is not in the state. */
export interface Orphan {
  readonly object: OnEngine;
  /** The resource that declares it (import target), when one does and the state does not hold it yet. */
  readonly address?: string;
}

/** An object that looks like the stack's but that nothing proves ours: listed, never adopted or removed. */
export interface Unproven {
  readonly object: OnEngine;
  /** Why it is not taken as ours. */
  readonly reason: string;
}

/** A container the stack does not manage, on a network of the stack. */
export interface ForeignEndpoint {
  readonly network: { name: string; address: string };
  readonly container: { id: string; name: string };
}

/** `${terraform_data.NAME.id}`: the deployment label's value in cdk.tf.json. */
const DEPLOYMENT_REFERENCE = /^\$\{(terraform_data\.[A-Za-z0-9_-]+)\.id\}$/;

/**
 * The networks and containers a synthesized cdk.tf.json declares, the stack's name, and the address of the
 * `terraform_data` resource whose id the deployment label holds (undefined when no object carries the label:
 * a stack synthesized before 0.3.0, or hosts with `ownershipLabels: false`).
 */
export function declaredObjects(doc: any): { stack: string; declared: Declared[]; deploymentAddress?: string } {
  let stack = '';
  let deploymentAddress: string | undefined;
  const declared: Declared[] = [];
  for (const type of KINDS) {
    for (const [id, r] of Object.entries<any>(doc?.resource?.[type] ?? {})) {
      const name = typeof r.name === 'string' ? readTemplateLiteral(r.name) : undefined; // as Terraform reads it
      // The ownership labels the library wrote; else cdktf's metadata path <stack>/<construct path>/<resource id>.
      // Read as Terraform reads them (the library escapes `${` and `%{`); a label that is an expression is not known here.
      const labels: Record<string, string> = Object.fromEntries(
        (Array.isArray(r.labels) ? r.labels : [])
          .map((l: any) => [readTemplateLiteral(String(l.label)), readTemplateLiteral(String(l.value))])
          .filter((kv: (string | undefined)[]): kv is [string, string] => kv[0] !== undefined && kv[1] !== undefined),
      );
      const parts: string[] = r['//']?.metadata?.path?.split('/') ?? [];
      const constructPath = labels[PATH_LABEL] ?? (parts.length >= 3 ? parts.slice(1, -1).join('/') : undefined);
      stack ||= labels[STACK_LABEL] ?? '';
      // The deployment label is the one expression among them: a reference to the stack's terraform_data.
      const deploymentLabel = (Array.isArray(r.labels) ? r.labels : []).find((l: any) => readTemplateLiteral(String(l.label)) === DEPLOYMENT_LABEL);
      deploymentAddress ??= DEPLOYMENT_REFERENCE.exec(String(deploymentLabel?.value ?? ''))?.[1];
      declared.push({ type, address: `${type}.${id}`, name, constructPath, provider: r.provider ?? 'docker' });
    }
  }
  return { stack: stack || String(doc?.['//']?.metadata?.stackName ?? ''), declared, deploymentAddress };
}

/** The deployment id in `terraform show -json` output: the `id` of the resource at `address`, if the state holds it. */
export function deploymentId(show: any, address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  for (const r of show?.values?.root_module?.resources ?? []) {
    if (r.mode === 'managed' && r.address === address && typeof r.values?.id === 'string' && r.values.id !== '') return r.values.id;
  }
  return undefined;
}

/** The networks and containers in `terraform show -json` output (root module and child modules). */
export function stateObjects(show: any): InState[] {
  const out: InState[] = [];
  const walk = (m: any) => {
    for (const r of m?.resources ?? []) {
      if (r.mode === 'managed' && KINDS.includes(r.type) && r.values?.id) out.push({ type: r.type, address: r.address, id: r.values.id });
    }
    for (const c of m?.child_modules ?? []) walk(c);
  };
  walk(show?.values?.root_module);
  return out;
}

/**
 * The objects on one engine that this deployment's labels prove ours and that are not in the state (`state`: every
 * host's, so an object a host's pass reads that the state holds under another provider is never an orphan), with
 * the resource to import each as; and the objects that only look like the stack's, with the reason they are left
 * alone. An object made by Docker Compose, or labelled by another stack or another deployment, is never an orphan,
 * whatever else it carries.
 */
export function findOrphans(owner: Ownership, declared: readonly Declared[], state: readonly InState[], engine: readonly OnEngine[]): { orphans: Orphan[]; unproven: Unproven[] } {
  const stateIds = new Set(state.map((s) => s.id));
  const stateAddresses = new Set(state.map((s) => s.address));
  const orphans: Orphan[] = [];
  const unproven: Unproven[] = [];
  for (const o of engine) {
    if (stateIds.has(o.id) || (o.type === 'docker_network' && BUILTIN_NETWORKS.has(o.name))) continue;
    const byName = declared.find((d) => d.type === o.type && d.name !== undefined && d.name === o.name);
    const stackLabel = o.labels[STACK_LABEL];
    const deploymentLabel = o.labels[DEPLOYMENT_LABEL];
    const compose = o.labels[COMPOSE_PROJECT_LABEL];
    const named = byName ? `has the name of ${byName.address}` : '';
    if (compose !== undefined) {
      if (byName || stackLabel === owner.stack) unproven.push({ object: o, reason: `made by Docker Compose (project ${JSON.stringify(compose)})${named ? `; ${named}` : ''}` });
      continue;
    }
    if (stackLabel !== undefined && stackLabel !== owner.stack) {
      if (byName) unproven.push({ object: o, reason: `labelled by another stack (${JSON.stringify(stackLabel)}); ${named}` });
      continue;
    }
    if (stackLabel === owner.stack && deploymentLabel === owner.deployment) {
      const byPath = declared.find((d) => d.type === o.type && d.constructPath !== undefined && d.constructPath === o.labels[PATH_LABEL]);
      const target = byPath ?? byName;
      orphans.push({ object: o, address: target && !stateAddresses.has(target.address) ? target.address : undefined });
      continue;
    }
    if (stackLabel === owner.stack && deploymentLabel !== undefined) {
      if (byName) unproven.push({ object: o, reason: `another deployment of stack ${owner.stack} (deployment ${JSON.stringify(deploymentLabel)}); ${named}` });
      continue;
    }
    if (stackLabel === owner.stack) unproven.push({ object: o, reason: `carries the stack label but no deployment label (made before 0.3.0, or by hand)${named ? `; ${named}` : ''}` });
    else if (byName) unproven.push({ object: o, reason: `no ownership labels; ${named}` });
  }
  return { orphans, unproven };
}

/** Containers on the stack's networks that the stack does not manage (neither its containers nor its services' tasks). */
export function findForeignEndpoints(state: readonly InState[], engine: readonly OnEngine[], serviceIds: readonly string[] = []): ForeignEndpoint[] {
  const ours = new Set(state.filter((s) => s.type === 'docker_container').map((s) => s.id));
  const services = new Set(serviceIds);
  const byId = new Map(engine.map((o) => [o.id, o]));
  const out: ForeignEndpoint[] = [];
  for (const s of state.filter((x) => x.type === 'docker_network')) {
    const net = byId.get(s.id);
    for (const e of net?.endpoints ?? []) {
      const c = engine.find((o) => o.type === 'docker_container' && (o.id === e.id || o.id.startsWith(e.id)));
      if (ours.has(e.id) || (c && ours.has(c.id)) || (c?.service && services.has(c.service))) continue;
      out.push({ network: { name: net!.name, address: s.address }, container: { id: e.id.slice(0, 12), name: e.name || c?.name || '?' } });
    }
  }
  return out;
}

// ---- the command ----

/** Every network and container on one engine, with labels, endpoints and swarm service (through the one engine reader). */
function readEngine(env: NodeJS.ProcessEnv): OnEngine[] {
  const snapshot = readEngineSnapshot(dockerCli(env));
  const out: OnEngine[] = [];
  for (const n of snapshot.networks) {
    const endpoints = Object.entries<any>(n.Containers ?? {})
      .filter(([id]) => !id.startsWith('lb-') && !id.startsWith('ingress-'))
      .map(([id, e]) => ({ id, name: e.Name ?? '' }));
    out.push({ type: 'docker_network', id: n.Id, name: n.Name, labels: n.Labels ?? {}, endpoints });
  }
  for (const c of snapshot.containers) {
    const labels = c.Config?.Labels ?? {};
    out.push({ type: 'docker_container', id: c.Id, name: String(c.Name).replace(/^\//, ''), labels, service: labels['com.docker.swarm.service.id'] });
  }
  return out;
}

/** The usage text (`--help`) of the command as `program` runs it, with the exit statuses. */
export function orphansUsage(program: string): string {
  return `usage: ${program} <stack dir> [--adopt | --remove | --check-destroy]

  <stack dir>        a synthesized stack, e.g. cdktf.out/stacks/NAME (relative to where you run the command)
                     after terraform init there; lists what the engines hold of this deployment of the stack
                     (its stack and deployment labels) that its state does not
  --adopt            terraform import each orphan that a resource of the stack declares
  --remove           delete each orphan from its engine (docker rm -f, docker network rm)
  --check-destroy    name containers the stack does not manage on its networks (they make terraform destroy time out)
  -h, --help         this text

Only objects whose stack label and deployment label prove them this deployment's are adopted or removed; objects
that only look like the stack's (a declared name, Docker Compose's, another stack's or deployment's) are listed.
Each engine is the one the stack's provider deploys to: its declared host (and TLS material) wins over DOCKER_HOST.
Terraform: $TERRAFORM_BINARY_NAME, else terraform.

exit status:
  ${EXIT.ok}   nothing found, or everything adopted or removed
  ${EXIT.failed}   the stack, its state or an engine could not be read, or an import or a removal failed
  ${EXIT.usage}   wrong arguments (this text on stderr)
  ${EXIT.found}   orphans found (without a flag), objects left alone that could not be proven ours, or foreign endpoints
      found (--check-destroy)
  ${EXIT.refused}   refused: the state holds no deployment id (no state here, lost state, or never applied since 0.3.0)
`;
}

/** The usage text of `npm run orphans` (this repository's alias). */
export const USAGE = orphansUsage('npm run orphans --');

const OPTIONS = {
  adopt: { type: 'boolean' },
  remove: { type: 'boolean' },
  'check-destroy': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Mode = '--report' | '--adopt' | '--remove' | '--check-destroy';

/** The command: `argv` without the program name; the usage names the command as `program`. Returns the exit status. */
export function main(argv: readonly string[], io: CommandIo = processIo(), program = 'npm run orphans --'): number {
  const asked = commandLine(argv, io, orphansUsage(program));
  if (typeof asked === 'number') return asked;
  const { dir, mode } = asked;
  const out = (line: string) => io.stdout(`${line}\n`);
  const err = (line: string) => io.stderr(`${line}\n`);
  const ctx = stackAndState(dir, mode, io, err);
  if (typeof ctx === 'number') return ctx;
  // One engine per provider configuration the stack's networks and containers use, each read where it deploys.
  const byProvider = new Map<string, Declared[]>();
  for (const d of ctx.declared) byProvider.set(d.provider, [...(byProvider.get(d.provider) ?? []), d]);
  if (byProvider.size === 0) byProvider.set('docker', []);
  const tally: Tally = { found: 0, left: 0, failed: 0 };
  for (const [ref, decl] of byProvider) {
    const status = onEngine(ctx, ref, decl, tally, out, err);
    if (status !== undefined) return status;
  }
  const { found, left, failed } = tally;
  if (mode === '--check-destroy') {
    out(found === 0 ? 'no foreign endpoints: terraform destroy will not wait for anything it does not manage' : `${found} foreign endpoint(s)`);
    return found === 0 ? EXIT.ok : EXIT.found;
  }
  if (left > 0) out(`${left} object(s) left alone: they look like the stack's, but no stack and deployment labels prove them ours; deal with them by hand`);
  if (failed > 0) return EXIT.failed;
  if (mode === '--report' && found > 0) {
    out('adopt them into the state with --adopt (terraform import), or delete them from the engine with --remove; then terraform apply');
    return EXIT.found;
  }
  if (found > 0) out('done: the next terraform apply converges');
  return left > 0 ? EXIT.found : EXIT.ok;
}

/** The stack directory and the mode the command line asks for; or the exit status, after the usage (help or error). */
function commandLine(argv: readonly string[], io: CommandIo, usage: string): { dir: string; mode: Mode } | number {
  if (wantsHelp(argv)) {
    io.stdout(usage);
    return EXIT.ok;
  }
  try {
    const args = parseCommandLine(argv, OPTIONS);
    const dirs = args.positionals;
    const flags = (['adopt', 'remove', 'check-destroy'] as const).filter((f) => args.values[f] === true).map((f) => `--${f}` as const);
    if (dirs.length === 0) throw new UsageError('which stack directory?');
    if (dirs.length > 1) throw new UsageError(`one stack directory at a time (got ${dirs.join(', ')})`);
    if (flags.length > 1) throw new UsageError(`one of --adopt, --remove, --check-destroy at a time (got ${flags.join(' ')})`);
    return { dir: path.resolve(io.cwd, dirs[0]), mode: flags.length > 0 ? flags[0] : '--report' };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\n${usage}`);
    return EXIT.usage;
  }
}

/** What the command works from: the synthesized stack, its Terraform state, and how to run Terraform there. */
interface StackAndState {
  readonly dir: string;
  readonly mode: Mode;
  readonly doc: any;
  readonly stack: string;
  readonly declared: readonly Declared[];
  readonly state: readonly InState[];
  readonly serviceIds: readonly string[];
  readonly owner: Ownership;
  readonly terraform: string;
  readonly tfEnv: NodeJS.ProcessEnv;
  /** The command's environment, from which each engine's is derived. */
  readonly ioEnv: NodeJS.ProcessEnv;
  readonly shown: ReturnType<typeof progress>;
}

/** Objects found, left alone and failed, over every engine of the stack. */
interface Tally {
  found: number;
  left: number;
  failed: number;
}

/** The stack's cdk.tf.json and `terraform show -json` of its state; or the exit status, after saying why not. */
function stackAndState(dir: string, mode: Mode, io: CommandIo, err: (line: string) => void): StackAndState | number {
  const file = path.join(dir, 'cdk.tf.json');
  if (!fs.existsSync(file)) {
    err(`no cdk.tf.json in ${dir}: pass the synthesized stack's directory (cdktf synth writes cdktf.out/stacks/<stack>)`);
    return EXIT.failed;
  }
  let doc: any;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    err(`cannot read ${file}: ${(e as Error).message}; synthesize the stack again`);
    return EXIT.failed;
  }
  const { stack, declared, deploymentAddress } = declaredObjects(doc);
  const terraform = io.env.TERRAFORM_BINARY_NAME || 'terraform';
  const tfEnv = terraformEnv(io.env, err);
  const shown = progress(io);
  shown.step(`terraform show -json in ${dir}`);
  const show = run(terraform, ['show', '-json', '-no-color'], { env: tfEnv, cwd: dir, timeoutMs: 300_000 });
  shown.done();
  if (show.code !== 0 && /Backend initialization required|terraform init/i.test(show.stderr) && mode !== '--check-destroy') {
    // Not initialised here: there is no state to read, so nothing can be proven ours (the same refusal as an empty state).
    err(
      `refused: ${dir} is not initialised (terraform init was not run there), so there is no state to read and nothing proves an object on the engine ` +
        `to be this deployment's: nothing is listed, adopted or removed. Run terraform init there with the stack's backend (cdktf deploy does), then run orphans again.`,
    );
    return EXIT.refused;
  }
  if (show.code !== 0) {
    err(`terraform show -json failed in ${dir} (run terraform init there first):\n${show.stderr.trim()}`);
    return EXIT.failed;
  }
  let showDoc: any;
  try {
    showDoc = JSON.parse(show.stdout || '{}');
  } catch (e) {
    err(`terraform show -json in ${dir} printed no JSON (${(e as Error).message})`);
    return EXIT.failed;
  }
  // Every host's networks and containers: "in the state" is never decided per host.
  const state = stateObjects(showDoc);
  const serviceIds: string[] = [];
  for (const r of showDoc?.values?.root_module?.resources ?? []) if (r.type === 'docker_service' && r.values?.id) serviceIds.push(r.values.id);
  const deployment = deploymentId(showDoc, deploymentAddress);
  if (mode !== '--check-destroy' && deployment === undefined) {
    err(
      deploymentAddress === undefined
        ? `refused: stack ${stack || '?'} in ${dir} declares no deployment label (${DEPLOYMENT_LABEL}): it was synthesized before 0.3.0, or its hosts set ownershipLabels: false. ` +
            `Nothing proves an object on the engine to be this deployment's, so nothing is listed, adopted or removed. Synthesize with 0.3.0 or later and apply.`
        : `refused: the state in ${dir} holds no deployment id (${deploymentAddress}): no state here (another checkout, a lost or not yet initialised backend), ` +
            `or the stack was not applied since 0.3.0. Nothing proves an object on the engine to be this deployment's, so nothing is listed, adopted or removed. ` +
            `Run it where the stack's state is (terraform init with its backend), or apply the stack first.`,
    );
    return EXIT.refused;
  }
  return { dir, mode, doc, stack, declared, state, serviceIds, owner: { stack, deployment: deployment ?? '' }, terraform, tfEnv, ioEnv: io.env, shown };
}

/**
 * The engine of provider configuration `ref`: read where the stack deploys, its foreign endpoints listed
 * (--check-destroy) or its orphans listed and adopted or removed, counted in `tally`. An exit status when the
 * engine cannot be reached or read.
 */
function onEngine(ctx: StackAndState, ref: string, decl: readonly Declared[], tally: Tally, out: (line: string) => void, err: (line: string) => void): number | undefined {
  let env: NodeJS.ProcessEnv;
  try {
    env = providerEnvironment(providerConfig(ctx.doc, ref), ref, ctx.ioEnv);
  } catch (e) {
    err(`cannot reach the engine of provider ${ref}: ${(e as Error).message}`);
    return EXIT.failed;
  }
  try {
    const where = `${ref === 'docker' ? 'engine' : `engine ${ref}`} ${engineShown(env)}`;
    let engine: OnEngine[];
    ctx.shown.step(`reading the ${where}`);
    try {
      engine = readEngine(env);
    } catch (e) {
      ctx.shown.done();
      err(`cannot read the ${where}: ${(e as Error).message}`);
      return EXIT.failed;
    }
    ctx.shown.done();
    if (ctx.mode === '--check-destroy') {
      const foreign = findForeignEndpoints(ctx.state, engine, ctx.serviceIds);
      for (const f of foreign) {
        out(
          `foreign endpoint: container ${f.container.name} (${f.container.id}) is on network ${f.network.name} (${f.network.address}), which this stack does not manage; ` +
            `terraform destroy would retry for 30 s and fail "timeout while waiting for state to become 'removed'". ` +
            `Fix: docker network disconnect -f ${f.network.name} ${f.container.name} (or docker rm -f ${f.container.name}), then destroy.`,
        );
      }
      tally.found += foreign.length;
      return undefined;
    }
    const result = findOrphans(ctx.owner, decl, ctx.state, engine);
    // Containers first: a network cannot be removed while a container is on it.
    const orphans = result.orphans.sort((a, b) => (a.object.type === b.object.type ? 0 : a.object.type === 'docker_container' ? -1 : 1));
    tally.found += orphans.length;
    tally.left += result.unproven.length;
    out(`stack ${ctx.stack || '?'} (deployment ${ctx.owner.deployment}) on the ${where}: ${ctx.state.length} networks and containers in the state, ${orphans.length} orphan(s)`);
    for (const u of result.unproven) {
      const what = u.object.type === 'docker_network' ? 'network' : 'container';
      out(`left alone: ${what} ${u.object.name} (${u.object.id.slice(0, 12)}): ${u.reason}; nothing proves it this deployment's (inspect it: docker ${what} inspect ${u.object.id.slice(0, 12)})`);
    }
    for (const o of orphans) if (!actOn(ctx, o, env, out)) tally.failed++;
    return undefined;
  } finally {
    releaseEngineEnvironment(env);
  }
}

/** Lists one orphan and, with --adopt or --remove, imports or removes it; false when that failed. */
function actOn(ctx: StackAndState, o: Orphan, env: NodeJS.ProcessEnv, out: (line: string) => void): boolean {
  const what = o.object.type === 'docker_network' ? 'network' : 'container';
  const target = o.address ? `declared as ${o.address}` : 'no resource of the stack left to import it as';
  out(`orphan ${what} ${o.object.name} (${o.object.id.slice(0, 12)}): on the engine, not in the state; this deployment's labels; ${target}`);
  if (ctx.mode === '--adopt') {
    if (!o.address) {
      out(`  not adopted: nothing to import it as (remove it with --remove)`);
      return false;
    }
    ctx.shown.step(`terraform import ${o.address}`);
    const r = run(ctx.terraform, ['import', '-input=false', '-no-color', o.address, o.object.id], { env: ctx.tfEnv, cwd: ctx.dir, timeoutMs: 300_000 });
    ctx.shown.done();
    out(r.code === 0 ? `  adopted: terraform import ${o.address} ${o.object.id.slice(0, 12)}` : `  terraform import ${o.address} failed:\n${r.stdout}${r.stderr}`);
    return r.code === 0;
  }
  if (ctx.mode === '--remove') {
    const args = o.object.type === 'docker_network' ? ['network', 'rm', o.object.id] : ['rm', '-f', o.object.id];
    const r = run('docker', args, { env, timeoutMs: 60_000 });
    out(r.code === 0 ? `  removed: docker ${args.slice(0, -1).join(' ')} ${o.object.name}` : `  docker ${args.join(' ')} failed: ${r.stderr.trim()}`);
    return r.code === 0;
  }
  return true;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
