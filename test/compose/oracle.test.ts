/**
 * The library loads Compose projects as Compose does, proved by Compose's own loader: every project of
 * test/compose/corpus is loaded by the library (loadComposeModel: files merged, include, extends, profiles,
 * env_file, interpolation, .env, normalisation) and by compose-go v2.16.2 (test/oracle, built into the cache by
 * scripts/compose-oracle.sh), and the two models are compared field by field.
 *
 * The fields compared are the ones the library reads: per service image, container_name, hostname, user,
 * working_dir, restart, command, entrypoint, environment (env_file and bare entries resolved), labels, ports (host
 * address, published, target, protocol), expose, networks (aliases, ipv4_address), volumes (type, source, target,
 * read-only), depends_on (condition), healthcheck test, cap_add, cap_drop, dns, dns_search, tmpfs, extra_hosts,
 * privileged, network_mode, secrets and configs (source and the path docker compose up gives each); which services
 * are active (profiles); the networks' and volumes' Docker names and external; the top-level secrets' and configs'
 * sources (file, environment, content). Without Go the comparison is skipped with a notice.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadComposeModel } from '../../constructs/compose/load';
import { NormalizedProject } from '../../constructs/compose/normalize';

const CORPUS = path.join(__dirname, 'corpus');
const CASES = fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()).sort();

interface Case {
  readonly files?: string[];
  readonly profiles?: string[];
  readonly env?: Record<string, string>;
}

type Model = Record<string, unknown>;

function oracle(): string | undefined {
  try {
    const out = execFileSync('bash', [path.join(__dirname, '..', '..', 'scripts', 'compose-oracle.sh')], { encoding: 'utf8', timeout: 900_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim().split('\n').pop();
  } catch (e) {
    if ((e as { status?: number }).status === 3) return undefined;
    throw e;
  }
}

const sorted = (list: string[]) => [...list].sort();
const listOf = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
/** Fields that are lists of words, a single word allowed (`dns: 1.1.1.1`). */
const lists = (capAdd: unknown, capDrop: unknown, dns: unknown, dnsSearch: unknown, tmpfs: unknown) =>
  ({ cap_add: sorted(listOf(capAdd)), cap_drop: sorted(listOf(capDrop)), dns: listOf(dns), dns_search: listOf(dnsSearch), tmpfs: listOf(tmpfs) });
const bool = (v: unknown) => v === true || v === 'true';

/**
 * The path `docker compose up` gives a service's secret or config without a swarm: `target` (a relative one under
 * /run/secrets or /), else the name. compose-go fills in a secret's default target, the library leaves it to the mapping.
 */
function refPaths(kind: 'secrets' | 'configs', refs: unknown): string[] {
  const base = kind === 'secrets' ? '/run/secrets/' : '/';
  const list = (Array.isArray(refs) ? refs : []).map((r: any) => (typeof r === 'string' ? { source: r } : r));
  return sorted(list.map((r: any) => `${r.source} -> ${!r.target ? base + r.source : String(r.target).startsWith('/') ? r.target : base + r.target}`));
}

/** Where each top-level secret or config comes from. */
function sources(m: any, dir: string): Model {
  return Object.fromEntries(Object.entries<any>(m ?? {}).map(([k, v]) => [k, { file: v.file === undefined ? undefined : path.resolve(dir, v.file), environment: v.environment, content: v.content }]));
}

/** One expose entry (`9100-9101/udp`) as `port/protocol` entries. */
function exposeEntries(v: string): string[] {
  const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(v);
  if (!m) return [v];
  const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
  return Array.from({ length: b - a + 1 }, (_, k) => `${a + k}/${m[3] ?? 'tcp'}`);
}

/** compose-go's project JSON in the compared shape. */
function fromCompose(p: any, dir: string): Model {
  const services: Model = {};
  for (const [key, s] of Object.entries<any>(p.services ?? {})) {
    services[key] = {
      image: s.image, container_name: s.container_name, hostname: s.hostname, user: s.user, working_dir: s.working_dir, restart: s.restart,
      command: s.command ?? undefined, entrypoint: s.entrypoint ?? undefined,
      environment: s.environment ?? {}, labels: s.labels ?? {},
      ports: sorted((s.ports ?? []).map((x: any) => `${x.host_ip ?? ''}:${x.published ?? ''}:${x.target}/${x.protocol ?? 'tcp'}`)),
      expose: sorted((s.expose ?? []).flatMap((x: string) => exposeEntries(String(x)))),
      networks: Object.fromEntries(Object.entries<any>(s.networks ?? {}).map(([n, c]) => [n, { aliases: sorted(c?.aliases ?? []), ipv4: c?.ipv4_address }])),
      volumes: sorted((s.volumes ?? []).map((v: any) => `${v.type}|${v.type === 'bind' ? path.resolve(dir, v.source) : v.source ?? ''}|${v.target}|${bool(v.read_only)}`)),
      // An optional dependency on a service of a profile not chosen stays in compose-go's model, which `up` then
      // ignores; the library leaves it out (there is no container to wait for).
      depends_on: Object.fromEntries(Object.entries<any>(s.depends_on ?? {}).filter(([d]) => d in p.services).map(([d, c]) => [d, c.condition])),
      healthcheck: s.healthcheck?.test,
      ...lists(s.cap_add, s.cap_drop, s.dns, s.dns_search, s.tmpfs),
      extra_hosts: Array.isArray(s.extra_hosts) ? sorted(s.extra_hosts.map(String)) : sorted(Object.entries<any>(s.extra_hosts ?? {}).flatMap(([h, ips]) => (Array.isArray(ips) ? ips : [ips]).map((ip: string) => `${h}=${ip}`))),
      privileged: s.privileged === true, network_mode: s.network_mode,
      secrets: refPaths('secrets', s.secrets), configs: refPaths('configs', s.configs),
    };
  }
  const named = (m: any) => Object.fromEntries(Object.entries<any>(m ?? {}).map(([k, v]) => [k, { name: v.name, external: bool(v.external) }]));
  return { name: p.name, services, networks: named(p.networks), volumes: named(p.volumes), secrets: sources(p.secrets, dir), configs: sources(p.configs, dir) };
}

/** The library's loaded project in the compared shape. */
function fromLibrary(p: NormalizedProject, env: Record<string, string | undefined>, dir: string): Model {
  const services: Model = {};
  for (const s of p.services) {
    const raw = s.raw as any;
    services[s.key] = {
      image: raw.image, container_name: raw.container_name, hostname: raw.hostname, user: raw.user, working_dir: raw.working_dir, restart: raw.restart,
      command: s.command?.words, entrypoint: s.entrypoint?.words,
      environment: Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, v ?? env[k] ?? null])),
      labels: s.labels ?? {},
      ports: sorted(s.ports.map((x) => `${x.hostIp ?? ''}:${x.published ?? ''}:${x.target}/${x.protocol}`)),
      expose: sorted(s.expose.map((x) => `${x.target}/${x.protocol}`)),
      networks: Object.fromEntries(s.attachments.map((a) => [a.network, { aliases: sorted(a.aliases.filter((x) => x !== s.key)), ipv4: a.ipv4Address }])),
      volumes: sorted(s.mounts.filter((m) => m.path[2] !== 'tmpfs').map((m) => `${m.type}|${m.type === 'bind' ? path.resolve(dir, m.source ?? '') : m.source ?? ''}|${m.target}|${bool(m.readOnly)}`)),
      depends_on: Object.fromEntries((s.dependsOn ?? []).map((d) => [d.service, d.condition])),
      healthcheck: s.healthCheck?.test,
      ...lists(raw.cap_add, raw.cap_drop, raw.dns, raw.dns_search, raw.tmpfs),
      extra_hosts: sorted((s.extraHosts ?? []).flatMap((h) => (Array.isArray(h.ip) ? h.ip : [h.ip]).map((ip) => `${h.name}=${ip}`))),
      privileged: bool(raw.privileged), network_mode: raw.network_mode,
      secrets: refPaths('secrets', raw.secrets), configs: refPaths('configs', raw.configs),
    };
  }
  const networks = Object.fromEntries(p.networks.map((n) => [n.key, { name: n.name, external: bool(n.raw.external) || typeof n.raw.external === 'object' }]));
  const volumes = Object.fromEntries(p.volumes.map((v) => [v.key, { name: v.name, external: v.external }]));
  const raw = p.raw as any;
  return { name: p.name, services, networks, volumes, secrets: sources(raw.secrets, dir), configs: sources(raw.configs, dir) };
}

/** Every place the two models differ, as `path: library X, compose-go Y`. */
function differences(lib: unknown, go: unknown, at = ''): string[] {
  const isMap = (x: unknown): x is Model => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isMap(lib) && isMap(go)) {
    const keys = [...new Set([...Object.keys(lib), ...Object.keys(go)])].sort();
    return keys.flatMap((k) => differences(lib[k], go[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(lib) === JSON.stringify(go) ? [] : [`${at}: library ${JSON.stringify(lib)}, compose-go ${JSON.stringify(go)}`];
}

const binary = oracle();
if (!binary) console.warn('compose oracle: Go is not installed; the comparison of loading with compose-go is skipped');
const maybe = binary ? test : test.skip;

describe('loading equals compose-go v2.16.2 on the corpus', () => {
  maybe.each(CASES)('corpus/%s: the library loads what compose-go loads', (name) => {
    const dir = path.join(CORPUS, name);
    const spec: Case = fs.existsSync(path.join(dir, 'case.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) : {};
    const args = ['-project-dir', dir];
    for (const f of spec.files ?? []) args.push('-f', path.join(dir, f));
    for (const p of spec.profiles ?? []) args.push('-profile', p);
    for (const [k, v] of Object.entries(spec.env ?? {})) args.push('-env', `${k}=${v}`);
    const go = JSON.parse(execFileSync(binary!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const loaded = loadComposeModel({
      ...(spec.files ? { files: spec.files.map((f) => path.join(dir, f)) } : { file: path.join(dir, fs.existsSync(path.join(dir, 'compose.yaml')) ? 'compose.yaml' : 'docker-compose.yml') }),
      profiles: spec.profiles,
      env: spec.env ?? {},
    });
    expect(loaded.errors).toEqual([]);
    const diff = differences(fromLibrary(loaded.project!, loaded.env ?? {}, dir), fromCompose(go, dir));
    expect(diff.map((d) => `corpus/${name}: ${d}`)).toEqual([]);
  });
});
