/**
 * The one engine reader of the tooling (the command-line tool's `report --live` and `orphans`, the real-engine
 * suite, the benchmarks): which engine a stack talks to, decided in one place ({@link providerEnvironment}: the
 * stack's declared host wins over DOCKER_HOST, as in the provider), the docker CLI run there through the one process
 * runner, and what it holds read as an {@link EngineSnapshot}. Turning a snapshot into a topology is pure and lives
 * with the report (`liveTopology` in constructs/report/live.ts); the published constructs never reach an engine.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { DockerHost } from '../constructs/docker-host';
import { declaredTopology, diffTopology, EngineSnapshot, LiveComparison, liveTopology, TopologyModel } from '../constructs/report';
import { endpointCredentials } from '../constructs/private/endpoint-url';
import { readTemplateLiteral } from '../constructs/private/terraform-literal';
import { EngineMessages } from './messages';
import { makePrivateDir, removePrivateDir } from './private-dirs';
import { run } from './process';
import { checkedSshOptions, withSshWrapper } from './ssh-wrapper';

export type { EngineSnapshot, LiveComparison } from '../constructs/report';

/** Runs `docker` with arguments and returns stdout; throws on failure. */
export type DockerCli = (args: readonly string[]) => string;

/** A `docker` runner for one environment (DOCKER_HOST, DOCKER_CERT_PATH...). */
export function dockerCli(env: NodeJS.ProcessEnv): DockerCli {
  return (args) => {
    const r = run('docker', args, { env, timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(EngineMessages.docker(args, r.stderr.trim() || `exit status ${r.code}`));
    return r.stdout;
  };
}

/**
 * A `provider.docker` configuration as cdk.tf.json holds it (or a {@link DockerHost}'s provider, resolved): the
 * fields that decide which engine it talks to, and with which TLS material.
 */
export interface DockerProviderEndpoint {
  readonly host?: unknown;
  readonly cert_path?: unknown;
  readonly ca_material?: unknown;
  readonly cert_material?: unknown;
  readonly key_material?: unknown;
  readonly ssh_opts?: unknown;
}

const VARIABLE_REFERENCE = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/;

/**
 * The one place that decides which engine a stack's provider talks to, for every tool that runs the docker CLI
 * beside Terraform (`docker-network-cdktf report --live` and `orphans`, their `npm run` aliases, the real-engine
 * suite): the environment under which the CLI reaches the engine the provider reaches, named `name` in messages.
 * The stack's declared host wins over DOCKER_HOST, as it does in the provider.
 *
 * - no `host`: unchanged, DOCKER_HOST or the local socket, as the provider reads them;
 * - a literal `host`: DOCKER_HOST set to it (whatever DOCKER_HOST said before: the provider's own host wins, as in
 *   the provider), DOCKER_CONTEXT dropped;
 * - `ssh_opts` (an `ssh://` host): each checked against the library's allowlist of connection settings (refused,
 *   nothing run, when one is not), then given to ssh by a wrapper script in a private temporary directory first on
 *   PATH (cli/ssh-wrapper.ts), since the docker CLI runs `ssh` with arguments of its own only;
 * - `cert_path`: DOCKER_CERT_PATH and DOCKER_TLS_VERIFY=1;
 * - `ca_material`, `cert_material`, `key_material` as Terraform variables (`${var.NAME}`): read from `TF_VAR_NAME`
 *   and written to a private temporary directory (mode 0700, files 0600).
 *
 * The temporary directories are deleted by {@link releaseEngineEnvironment}, at exit, or on SIGINT/SIGTERM/SIGHUP.
 *
 * A host or TLS material the tools cannot know (a reference to another resource or data source) is an error,
 * never a silent fall-back to another engine or to no TLS.
 */
export function providerEnvironment(provider: DockerProviderEndpoint, name: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // cdk.tf.json holds literal text escaped for Terraform (`$${`): read it as Terraform does; an expression is no literal.
  const literal = (v: unknown): string | undefined => (typeof v === 'string' ? readTemplateLiteral(v) : undefined);
  const env: NodeJS.ProcessEnv = { ...base };
  if (provider.host !== undefined && provider.host !== null) {
    const host = literal(provider.host);
    if (host === undefined) throw new Error(EngineMessages.endpointUnknown(name, 'host', provider.host));
    env.DOCKER_HOST = host;
    delete env.DOCKER_CONTEXT;
  }
  const sshOptions = checkedSshOptions(provider.ssh_opts, name); // refused before anything is written
  if (provider.cert_path !== undefined && provider.cert_path !== null) {
    const certPath = literal(provider.cert_path);
    if (certPath === undefined) throw new Error(EngineMessages.endpointUnknown(name, 'cert_path', provider.cert_path));
    Object.assign(env, { DOCKER_CERT_PATH: certPath, DOCKER_TLS_VERIFY: '1' });
  }
  const parts = [
    ['ca.pem', provider.ca_material, 'ca_material'],
    ['cert.pem', provider.cert_material, 'cert_material'],
    ['key.pem', provider.key_material, 'key_material'],
  ] as const;
  if (parts.every(([, v]) => v === undefined || v === null)) return withSshWrapper(env, sshOptions, name);
  const material = parts.map(([file, value, field]) => {
    if (typeof value !== 'string') throw new Error(EngineMessages.endpointUnknown(name, field, value));
    const text = literal(value);
    if (text !== undefined) return [file, text] as const;
    const ref = VARIABLE_REFERENCE.exec(value);
    if (!ref) throw new Error(EngineMessages.endpointUnknown(name, field, value));
    const variable = `TF_VAR_${ref[1]}`;
    if (base[variable] === undefined) throw new Error(EngineMessages.tlsVariableMissing(name, variable));
    return [file, base[variable]!] as const;
  });
  const dir = makePrivateDir('dnc-tls-');
  for (const [file, pem] of material) fs.writeFileSync(path.join(dir, file), pem, { mode: 0o600 });
  Object.assign(env, { DOCKER_CERT_PATH: dir, DOCKER_TLS_VERIFY: '1' });
  return withSshWrapper(env, sshOptions, name);
}

/**
 * The environment under which the docker CLI reaches `host` as its provider does ({@link providerEnvironment} on
 * the host's provider configuration): unchanged for `HostEndpoint.fromEnvironment()`, else DOCKER_HOST set to the
 * endpoint, with DOCKER_CERT_PATH and DOCKER_TLS_VERIFY for TLS (certificates from a directory, or from the
 * `TF_VAR_<prefix>_*_material` variables written to a private temporary directory, deleted by
 * {@link releaseEngineEnvironment} or when the process exits or is stopped).
 */
export function engineEnvironment(host: DockerHost, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const p = host.provider;
  const config = { host: p.host, ssh_opts: p.sshOpts, cert_path: p.certPath, ca_material: p.caMaterial, cert_material: p.certMaterial, key_material: p.keyMaterial };
  const resolved = Tokenization.resolve(config, { scope: host, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
  return providerEnvironment(resolved, host.displayName, base);
}

/**
 * Deletes the temporary directories that {@link engineEnvironment} wrote for `env`, if any: the TLS material
 * (DOCKER_CERT_PATH) and the ssh wrapper (first on PATH). They are also deleted when the process exits or is
 * stopped by SIGINT, SIGTERM or SIGHUP. Directories it did not create are left alone.
 */
export function releaseEngineEnvironment(env: NodeJS.ProcessEnv): void {
  removePrivateDir(env.DOCKER_CERT_PATH);
  removePrivateDir(env.PATH?.split(path.delimiter)[0]);
}

/** Everything `docker` shows about networks, containers and (on a manager) services. */
export function readEngine(docker: DockerCli): EngineSnapshot {
  const ids = (args: string[]) => docker(args).split('\n').map((s) => s.trim()).filter(Boolean);
  const inspect = (kind: string, list: string[]) => (list.length === 0 ? [] : (JSON.parse(docker([kind, 'inspect', ...list])) as any[]));
  const networks = inspect('network', ids(['network', 'ls', '-q', '--no-trunc']));
  const containers = inspect('container', ids(['ps', '-aq', '--no-trunc']));
  const manager = docker(['info', '--format', '{{.Swarm.ControlAvailable}}']).trim() === 'true';
  const services = manager ? inspect('service', ids(['service', 'ls', '-q'])) : [];
  return { networks, containers, services };
}

/**
 * The `provider.docker` configuration of provider reference `ref` (`docker` or `docker.<alias>`) in a synthesized
 * cdk.tf.json; empty (DOCKER_HOST or the local socket) when the stack configures none.
 */
export function providerConfig(doc: any, ref: string): DockerProviderEndpoint {
  const alias = ref.includes('.') ? ref.split('.')[1] : undefined;
  const providers: any[] = Array.isArray(doc?.provider?.docker) ? doc.provider.docker : doc?.provider?.docker ? [doc.provider.docker] : [];
  return providers.find((x) => (x.alias ?? undefined) === alias) ?? {};
}

/** The provider reference of a host by its report name: `default` is the provider without alias. */
export function providerRef(host: string): string {
  return host === 'default' ? 'docker' : `docker.${host}`;
}

/**
 * The docker CLI's environment for host `host` (its alias, or `default`) of a synthesized stack (its cdk.tf.json
 * parsed): {@link providerEnvironment} on that host's provider configuration.
 */
export function stackEnvironment(doc: any, host: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return providerEnvironment(providerConfig(doc, providerRef(host)), host, base);
}

/** How an environment reaches its engine, for messages: DOCKER_HOST without credentials, or the local default. */
export function engineShown(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_HOST !== undefined && env.DOCKER_HOST !== '' ? endpointCredentials(env.DOCKER_HOST).redacted : 'at the local default socket';
}

/**
 * Reads every host of a declared topology from its engine (`environment(host)` gives the docker CLI's environment:
 * {@link stackEnvironment} or {@link engineEnvironment}) and compares them. TLS material written for a host is
 * deleted once it has been read; `onHost` hears which host is read next (progress).
 */
export function compareModelWithEngines(
  declared: TopologyModel,
  environment: (host: string) => NodeJS.ProcessEnv,
  options: { readonly cli?: (env: NodeJS.ProcessEnv) => DockerCli; readonly onHost?: (host: string, env: NodeJS.ProcessEnv) => void } = {},
): LiveComparison {
  const snapshots: Record<string, EngineSnapshot> = {};
  for (const h of declared.hosts) {
    const env = environment(h.name);
    try {
      options.onHost?.(h.name, env);
      snapshots[h.name] = readEngine((options.cli ?? dockerCli)(env));
    } catch (e) {
      throw new Error(`cannot read host ${h.name} (engine ${engineShown(env)}): ${(e as Error).message}`);
    } finally {
      releaseEngineEnvironment(env);
    }
  }
  return compareSnapshots(declared, snapshots);
}

/** Options of {@link compareWithEngines}. */
export interface CompareOptions {
  /**
   * The environment of the docker CLI for each host, by host name (alias or `default`).
   * @default - from each host's endpoint ({@link engineEnvironment})
   */
  readonly environments?: Readonly<Record<string, NodeJS.ProcessEnv>>;
  /** @default - a docker CLI per environment */
  readonly cli?: (env: NodeJS.ProcessEnv) => DockerCli;
}

/** Reads every host of `stack` from its engine and compares it with what the stack declares. */
export function compareWithEngines(stack: IConstruct, options: CompareOptions = {}): LiveComparison {
  const declared = declaredTopology(stack);
  const hosts = stack.node.findAll().filter((c): c is DockerHost => c instanceof DockerHost);
  const snapshots: Record<string, EngineSnapshot> = {};
  for (const h of hosts) {
    const given = options.environments?.[h.displayName];
    const env = given ?? engineEnvironment(h);
    try {
      snapshots[h.displayName] = readEngine((options.cli ?? dockerCli)(env));
    } finally {
      if (!given) releaseEngineEnvironment(env);
    }
  }
  return compareSnapshots(declared, snapshots);
}

/** The live topology of `declared` from one snapshot per host (by host name), and their differences. */
export function compareSnapshots(declared: TopologyModel, snapshots: Readonly<Record<string, EngineSnapshot>>): LiveComparison {
  const live = liveTopology(declared, snapshots);
  return { declared, live, differences: diffTopology(declared, live) };
}
