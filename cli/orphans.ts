/**
 * `npm run orphans -- <stack dir> [--adopt | --remove | --check-destroy]`
 *
 * Compares a synthesized stack (cdk.tf.json in <stack dir>, e.g. cdktf.out/stacks/<stack>), its Terraform state
 * (`terraform show -json`, run in that directory) and what the Docker engine holds:
 *
 * - without a flag: lists the orphans, networks and containers on the engine that belong to the stack but are not
 *   in the state (an apply interrupted by a crash of dockerd leaves them, and every later apply fails "network
 *   with name ... already exists"). An object belongs to the stack when it carries the stack's ownership label
 *   (`docker-network-cdktf/stack`, its path label naming the resource), or when it has the name of a network or
 *   container the stack declares. Exit status 3 when there are orphans.
 * - `--adopt`: `terraform import <address> <id>` for each orphan that a resource of the stack declares.
 * - `--remove`: deletes each orphan from the engine (`docker rm -f`, `docker network rm`). Only objects that
 *   carry this stack's ownership label or have the name of a resource of the stack are ever touched.
 * - `--check-destroy`: names the foreign endpoints, containers the stack does not manage that sit on one of its
 *   networks and would make `terraform destroy` time out; exit status 3 when there are some.
 *
 * Engine: DOCKER_HOST (and DOCKER_CERT_PATH/DOCKER_TLS_VERIFY), or the literal `host` of the stack's provider
 * configuration when it has one. Terraform: $TERRAFORM_BINARY_NAME, else `terraform` (a TF_CLI_CONFIG_FILE that
 * cannot be read is left out, with one `note:` line). A relative <stack dir> is taken from the directory the
 * command was run in (npm's INIT_CWD), not the package root `npm run` starts in.
 *
 * Exit status: see {@link USAGE}.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { terraformEnv, userPath } from './env';
import { endpointCredentials } from '../constructs/private/endpoint-url';
import { readTemplateLiteral } from '../constructs/private/terraform-literal';

/** The ownership labels the library puts on every network and container (constructs/private/ownership.ts). */
export const STACK_LABEL = 'docker-network-cdktf/stack';
export const PATH_LABEL = 'docker-network-cdktf/path';

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

/** An object on the engine that belongs to the stack and is not in its state. */
export interface Orphan {
  readonly object: OnEngine;
  /** The resource that declares it (import target), when one does and the state does not hold it yet. */
  readonly address?: string;
  /** How it was recognised. */
  readonly by: 'ownership label' | 'name';
}

/** A container the stack does not manage, on a network of the stack. */
export interface ForeignEndpoint {
  readonly network: { name: string; address: string };
  readonly container: { id: string; name: string };
}

/** The networks and containers a synthesized cdk.tf.json declares, and the stack's name. */
export function declaredObjects(doc: any): { stack: string; declared: Declared[] } {
  let stack = '';
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
      declared.push({ type, address: `${type}.${id}`, name, constructPath, provider: r.provider ?? 'docker' });
    }
  }
  return { stack: stack || String(doc?.['//']?.metadata?.stackName ?? ''), declared };
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

/** The objects on the engine that belong to `stack` and are not in its state, with the resource to import each as. */
export function findOrphans(stack: string, declared: readonly Declared[], state: readonly InState[], engine: readonly OnEngine[]): Orphan[] {
  const stateIds = new Set(state.map((s) => s.id));
  const stateAddresses = new Set(state.map((s) => s.address));
  const out: Orphan[] = [];
  for (const o of engine) {
    if (stateIds.has(o.id) || (o.type === 'docker_network' && BUILTIN_NETWORKS.has(o.name))) continue;
    const labelled = stack !== '' && o.labels[STACK_LABEL] === stack;
    const byPath = labelled ? declared.find((d) => d.type === o.type && d.constructPath !== undefined && d.constructPath === o.labels[PATH_LABEL]) : undefined;
    const byName = declared.find((d) => d.type === o.type && d.name !== undefined && d.name === o.name);
    const owner = byPath ?? byName;
    if (!labelled && !byName) continue;
    const address = owner && !stateAddresses.has(owner.address) ? owner.address : undefined;
    out.push({ object: o, address, by: labelled ? 'ownership label' : 'name' });
  }
  return out;
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

interface Sh {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string, timeoutMs = 120_000): Sh {
  const r = spawnSync(cmd, args as string[], { env, cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? r.error.message : '') };
}

/** The environment for the docker CLI to reach the engine of provider `ref`. */
function dockerEnv(doc: any, ref: string): NodeJS.ProcessEnv {
  const alias = ref.includes('.') ? ref.split('.')[1] : undefined;
  const providers: any[] = doc?.provider?.docker ?? [];
  const p = providers.find((x) => (x.alias ?? undefined) === alias) ?? {};
  const env = { ...process.env };
  const host = typeof p.host === 'string' ? readTemplateLiteral(p.host) : undefined;
  const certPath = typeof p.cert_path === 'string' ? readTemplateLiteral(p.cert_path) : undefined;
  if (host !== undefined && !process.env.DOCKER_HOST) env.DOCKER_HOST = host;
  if (certPath !== undefined) {
    env.DOCKER_CERT_PATH = certPath;
    env.DOCKER_TLS_VERIFY = '1';
  }
  return env;
}

/** Every network and container on one engine, with labels, endpoints and swarm service. */
function readEngine(env: NodeJS.ProcessEnv): OnEngine[] {
  const docker = (args: string[]) => {
    const r = sh('docker', args, env, undefined, 60_000);
    if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout;
  };
  const ids = (args: string[]) => docker(args).split('\n').filter(Boolean);
  const out: OnEngine[] = [];
  const nets = ids(['network', 'ls', '-q', '--no-trunc']);
  if (nets.length) {
    for (const n of JSON.parse(docker(['network', 'inspect', ...nets]))) {
      const endpoints = Object.entries<any>(n.Containers ?? {})
        .filter(([id]) => !id.startsWith('lb-') && !id.startsWith('ingress-'))
        .map(([id, e]) => ({ id, name: e.Name ?? '' }));
      out.push({ type: 'docker_network', id: n.Id, name: n.Name, labels: n.Labels ?? {}, endpoints });
    }
  }
  const containers = ids(['ps', '-aq', '--no-trunc']);
  if (containers.length) {
    for (const c of JSON.parse(docker(['container', 'inspect', ...containers]))) {
      const labels = c.Config?.Labels ?? {};
      out.push({ type: 'docker_container', id: c.Id, name: String(c.Name).replace(/^\//, ''), labels, service: labels['com.docker.swarm.service.id'] });
    }
  }
  return out;
}

/** The usage text (`--help`), with the exit statuses. */
export const USAGE = `usage: npm run orphans -- <stack dir> [--adopt | --remove | --check-destroy]

  <stack dir>        a synthesized stack, e.g. cdktf.out/stacks/NAME (relative to where you run the command)
                     after terraform init there; lists what the engine holds of the stack that its state does not
  --adopt            terraform import each orphan that a resource of the stack declares
  --remove           delete each orphan from the engine (docker rm -f, docker network rm)
  --check-destroy    name containers the stack does not manage on its networks (they make terraform destroy time out)
  -h, --help         this text

exit status:
  0   nothing found, or everything adopted or removed
  1   an import or a removal failed
  2   the stack, its state or the engine could not be read
  3   orphans found (without a flag), or foreign endpoints found (--check-destroy)
  64  wrong arguments (this text on stderr)
`;

export function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const flags = argv.filter((a) => a.startsWith('-'));
  const dirs = argv.filter((a) => !a.startsWith('-'));
  const mode = flags[0] ?? '--report';
  if (dirs.length !== 1 || flags.length > 1 || !['--report', '--adopt', '--remove', '--check-destroy'].includes(mode)) {
    const why = dirs.length === 0 ? 'which stack directory?' : dirs.length > 1 ? `one stack directory at a time (got ${dirs.join(', ')})` : flags.length > 1 ? `one of --adopt, --remove, --check-destroy at a time (got ${flags.join(' ')})` : `unknown option ${mode}`;
    process.stderr.write(`${why}\n${USAGE}`);
    return 64;
  }
  const dir = userPath(dirs[0]);
  const file = path.join(dir, 'cdk.tf.json');
  if (!fs.existsSync(file)) {
    console.error(`no cdk.tf.json in ${dir}: pass the synthesized stack's directory (cdktf synth writes cdktf.out/stacks/<stack>)`);
    return 2;
  }
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { stack, declared } = declaredObjects(doc);
  const terraform = process.env.TERRAFORM_BINARY_NAME || 'terraform';
  const tfEnv = terraformEnv(process.env);
  const show = sh(terraform, ['show', '-json', '-no-color'], tfEnv, dir, 300_000);
  if (show.code !== 0) {
    console.error(`terraform show -json failed in ${dir} (run terraform init there first):\n${show.stderr.trim()}`);
    return 2;
  }
  const showDoc = JSON.parse(show.stdout || '{}');
  const state = stateObjects(showDoc);
  const serviceIds = ((): string[] => {
    const out: string[] = [];
    for (const r of showDoc?.values?.root_module?.resources ?? []) if (r.type === 'docker_service' && r.values?.id) out.push(r.values.id);
    return out;
  })();

  // One engine per provider configuration the stack's networks and containers use.
  const byProvider = new Map<string, Declared[]>();
  for (const d of declared) byProvider.set(d.provider, [...(byProvider.get(d.provider) ?? []), d]);
  if (byProvider.size === 0) byProvider.set('docker', []);
  let found = 0;
  let failed = 0;
  for (const [ref, decl] of byProvider) {
    const env = dockerEnv(doc, ref);
    const where = `${ref === 'docker' ? 'engine' : `engine ${ref}`} ${env.DOCKER_HOST !== undefined ? endpointCredentials(env.DOCKER_HOST).redacted : '(the local default)'}`;
    let engine: OnEngine[];
    try {
      engine = readEngine(env);
    } catch (e) {
      console.error(`cannot read the ${where}: ${(e as Error).message}`);
      return 2;
    }
    const addresses = new Set(decl.map((d) => d.address));
    const ownState = state.filter((s) => addresses.has(s.address) || byProvider.size === 1);
    if (mode === '--check-destroy') {
      const foreign = findForeignEndpoints(ownState, engine, serviceIds);
      for (const f of foreign) {
        console.log(
          `foreign endpoint: container ${f.container.name} (${f.container.id}) is on network ${f.network.name} (${f.network.address}), which this stack does not manage; ` +
            `terraform destroy would retry for 30 s and fail "timeout while waiting for state to become 'removed'". ` +
            `Fix: docker network disconnect -f ${f.network.name} ${f.container.name} (or docker rm -f ${f.container.name}), then destroy.`,
        );
      }
      found += foreign.length;
      continue;
    }
    // Containers first: a network cannot be removed while a container is on it.
    const orphans = findOrphans(stack, decl, ownState, engine).sort((a, b) => (a.object.type === b.object.type ? 0 : a.object.type === 'docker_container' ? -1 : 1));
    found += orphans.length;
    console.log(`stack ${stack || '?'} on the ${where}: ${state.length} networks and containers in the state, ${orphans.length} orphan(s)`);
    for (const o of orphans) {
      const what = o.object.type === 'docker_network' ? 'network' : 'container';
      const target = o.address ? `declared as ${o.address}` : 'no resource of the stack left to import it as';
      console.log(`orphan ${what} ${o.object.name} (${o.object.id.slice(0, 12)}): on the engine, not in the state; found by ${o.by}; ${target}`);
      if (mode === '--adopt') {
        if (!o.address) {
          console.log(`  not adopted: nothing to import it as (remove it with --remove)`);
          failed++;
          continue;
        }
        const r = sh(terraform, ['import', '-input=false', '-no-color', o.address, o.object.id], tfEnv, dir, 300_000);
        console.log(r.code === 0 ? `  adopted: terraform import ${o.address} ${o.object.id.slice(0, 12)}` : `  terraform import ${o.address} failed:\n${r.stdout}${r.stderr}`);
        if (r.code !== 0) failed++;
      } else if (mode === '--remove') {
        const args = o.object.type === 'docker_network' ? ['network', 'rm', o.object.id] : ['rm', '-f', o.object.id];
        const r = sh('docker', args, env, undefined, 60_000);
        console.log(r.code === 0 ? `  removed: docker ${args.slice(0, -1).join(' ')} ${o.object.name}` : `  docker ${args.join(' ')} failed: ${r.stderr.trim()}`);
        if (r.code !== 0) failed++;
      }
    }
  }
  if (mode === '--check-destroy') {
    console.log(found === 0 ? 'no foreign endpoints: terraform destroy will not wait for anything it does not manage' : `${found} foreign endpoint(s)`);
    return found === 0 ? 0 : 3;
  }
  if (failed > 0) return 1;
  if (mode === '--report' && found > 0) {
    console.log('adopt them into the state with --adopt (terraform import), or delete them from the engine with --remove; then terraform apply');
    return 3;
  }
  if (found > 0) console.log('done: the next terraform apply converges');
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
