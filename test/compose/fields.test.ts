import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { loadCompose } from '../../constructs/compose';
import { CORPUS_OPTIONS } from './corpus-options';
import { COMPOSE_FIELDS, ComposeField, renderFieldTable } from '../../constructs/compose/fields';
import { README_BEGIN, README_END, readmeFieldSection } from '../../scripts/docs-update';

/**
 * The README's Compose field table (constructs/compose/fields.ts) against the code: every row's status as the
 * mapping reports it for the row's corpus file, every schema field a row, every named test there, README in step.
 */

const ROOT = path.join(__dirname, '..', '..');
const CORPUS = path.join(__dirname, 'corpus');


type Loaded = ReturnType<typeof loadCompose>;
const loadedCache = new Map<string, Loaded>();
function loadCorpus(name: string): Loaded {
  if (!loadedCache.has(name)) loadedCache.set(name, loadCompose({ file: path.join(CORPUS, `${name}.yml`), env: {}, ...CORPUS_OPTIONS[name] }));
  return loadedCache.get(name)!;
}

/** `services.web.ports[0].host_ip` as segments: services, web, ports, [], host_ip. */
function segments(p: string): string[] {
  return p.replace(/\[\d*\]/g, '.[]').split('.').filter(Boolean);
}

/** The path a message names (`file:line:col: <path>: text`), as segments, or undefined. */
function messagePath(message: string): string[] | undefined {
  const m = /^.*?:\d+:\d+: ([^\s:]+): /.exec(message);
  return m ? segments(m[1]) : undefined;
}

const matches = (pattern: string[], actual: string[]) => pattern.length === actual.length && pattern.every((s, i) => s === '*' || s === actual[i]);

/**
 * How a message relates to a row: `at` (the row's path or under it), `above` (a field above it that is not the
 * service, network... itself, e.g. all of `deploy` or all of `secrets`), or undefined.
 */
function relation(row: string[], message: string): 'at' | 'above' | 'item' | undefined {
  const p = messagePath(message);
  if (!p) return undefined;
  // A top-level collection (services) is only what is said about it, not about each service.
  if (row.length === 1) return p.length === 1 && p[0] === row[0] ? 'at' : undefined;
  if (p.length >= row.length && matches(row, p.slice(0, row.length))) return 'at';
  if (p.length < row.length && matches(row.slice(0, p.length), p)) return p.length === 2 ? 'item' : 'above';
  return undefined;
}

/** The status the mapping shows for `row` in its corpus file, and the messages that say so. */
function observed(f: ComposeField): { status: string; messages: string[] } {
  const loaded = loadCorpus(f.proof);
  // A capped list ("... and 3 more") could hide the row's message: a corpus file stays under the cap.
  const capped = [...loaded.errors, ...loaded.unmapped, ...loaded.warnings].filter((m) => / and \d+ more/.test(m));
  if (capped.length > 0) return { status: 'capped: split the corpus file', messages: capped };
  const row = segments(f.path);
  const refusals = [...loaded.errors, ...loaded.unmapped].filter((m) => ['at', 'above'].includes(relation(row, m) ?? ''));
  if (refusals.length > 0) return { status: 'refused', messages: refusals };
  const field = row[row.length - 1];
  // A warning on the item itself counts when it names the field (volumes.cache: "... driver_opts ... removed"); the
  // secure-defaults note on every service is not about one field.
  const aboutField = (m: string) => relation(row, m) === 'item' && row.length === 3 && m.includes(field) && !m.includes('[ack: docker-network-cdktf:compose-secure-defaults]');
  const warnings = loaded.warnings.filter((m) => ['at', 'above'].includes(relation(row, m) ?? '') || aboutField(m));
  if (warnings.length > 0) return { status: 'warned', messages: warnings };
  return { status: loaded.plan ? 'mapped' : 'no plan', messages: loaded.errors };
}

/** True when the corpus file holds the row's field somewhere (a proof that does not use the field proves nothing). */
function holds(node: unknown, pattern: string[]): boolean {
  if (pattern.length === 0) return true;
  const [head, ...rest] = pattern;
  if (head === '[]') return Array.isArray(node) && node.some((x) => holds(x, rest));
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  const o = node as Record<string, unknown>;
  return head === '*' ? Object.values(o).some((x) => holds(x, rest)) : head in o && holds(o[head], rest);
}

/** The fields of the schema the table must list, with their paths. */
function schemaFields(): string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json'), 'utf8'));
  const d = schema.definitions;
  const keys = (o: any) => Object.keys(o?.properties ?? {});
  const longPort = d.service.properties.ports.items.oneOf.find((x: any) => x.type === 'object');
  const build = d.service.properties.build.oneOf.find((x: any) => x.type === 'object');
  return [
    ...keys(schema),
    ...keys(d.service).map((k) => `services.*.${k}`),
    ...keys(longPort).map((k) => `services.*.ports[].${k}`),
    ...keys(d.healthcheck).map((k) => `services.*.healthcheck.${k}`),
    ...keys(build).map((k) => `services.*.build.${k}`),
    ...keys(d.deployment).map((k) => `services.*.deploy.${k}`),
    ...keys(d.network).map((k) => `networks.*.${k}`),
    ...keys(d.volume).map((k) => `volumes.*.${k}`),
    ...keys(d.secret).map((k) => `secrets.*.${k}`),
    ...keys(d.config).map((k) => `configs.*.${k}`),
  ];
}

describe('the Compose field table', () => {
  test('one row per field of the Compose schema (top level, service, long port, healthcheck, build, deploy, network, volume, secret, config)', () => {
    const rows = COMPOSE_FIELDS.map((f) => f.path);
    const duplicates = rows.filter((p, i) => rows.indexOf(p) !== i);
    expect(duplicates).toEqual([]);
    const missing = schemaFields().filter((p) => !rows.includes(p));
    expect(missing).toEqual([]);
    // Rows beyond the schema's lists are notable sub-fields of a listed one (deploy.resources.limits.pids).
    const known = schemaFields();
    const orphans = rows.filter((p) => !known.includes(p) && !known.some((k) => p.startsWith(`${k}.`)));
    expect(orphans).toEqual([]);
  });

  test('every row names a proof that exists: a corpus file, or a test file holding that test name', () => {
    const missing = COMPOSE_FIELDS.filter((f) => {
      const m = /^(test\/[\w./-]+\.test\.ts): (.+)$/.exec(f.proof);
      if (m) return !fs.existsSync(path.join(ROOT, m[1])) || !fs.readFileSync(path.join(ROOT, m[1]), 'utf8').includes(m[2]);
      return !fs.existsSync(path.join(CORPUS, `${f.proof}.yml`));
    }).map((f) => `${f.path}: ${f.proof}`);
    expect(missing).toEqual([]);
  });

  test.each(COMPOSE_FIELDS.filter((f) => !f.proof.startsWith('test/')).map((f) => [f.path, f] as const))('%s: the mapping does what the table says', (_, f) => {
    expect({ field: f.path, inCorpus: holds(parse(fs.readFileSync(path.join(CORPUS, `${f.proof}.yml`), 'utf8')), segments(f.path)) }).toEqual({ field: f.path, inCorpus: true });
    const seen = observed(f);
    expect({ field: f.path, corpus: f.proof, status: seen.status }).toEqual({ field: f.path, corpus: f.proof, status: f.status });
    if (f.status !== 'mapped') expect(seen.messages.length).toBeGreaterThan(0);
  });

  test('the README section is the table (npm run docs:update rewrites it)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(README_BEGIN);
    expect(readme).toContain(README_END);
    expect(readmeFieldSection(readme)).toBe(renderFieldTable());
  });
});
