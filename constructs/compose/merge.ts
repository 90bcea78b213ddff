import { parseShortPort } from './canonical';
import { isObj, Obj } from './values';
import type { TaggedPath } from './yaml-limits';

/**
 * Compose's merge rules (compose-go `override`), for several files (`-f a -f b`, an override file), `extends` and
 * `include`: mappings merge key by key and the later value wins; lists are appended without duplicates; some
 * fields have their own rule (below). Pure: returns new values, never changes its inputs.
 */

type Merger = (base: unknown, over: unknown, path: readonly string[]) => unknown;

/** `a.*.b` against a path: `*` stands for any one key. */
const matches = (pattern: readonly string[], path: readonly string[]) => pattern.length === path.length && pattern.every((p, i) => p === '*' || p === path[i]);

/** A mapping or `KEY=value` list (environment, labels) as a list of `KEY=value`, mapping entries sorted as Compose does. */
function toSequence(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [v];
  if (!isObj(v)) return [];
  const seq: string[] = [];
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) seq.push(k);
    else if (Array.isArray(val)) for (const x of val) seq.push(`${k}=${String(x)}`);
    else seq.push(`${k}=${String(val)}`);
  }
  return seq.sort();
}

/** A list of keys or a mapping as a mapping; list entries take `defaults` (a copy each). */
function toMapping(v: unknown, defaults?: Obj): Obj {
  if (v === null || v === undefined) return {};
  if (isObj(v)) return { ...v };
  const keys = Array.isArray(v) ? v : [v];
  return Object.fromEntries(keys.map((k) => [String(k), defaults ? { ...defaults } : null]));
}

const keyValueKey = (v: unknown) => (typeof v === 'string' ? v.split('=')[0] : JSON.stringify(v));

const appendWithoutDuplicates = (base: unknown[], over: unknown[]) => {
  const out = [...base];
  for (const v of over) if (!out.some((e) => JSON.stringify(e) === JSON.stringify(v))) out.push(v);
  return out;
};

/** Entries with the same key: the later one replaces the earlier, in the earlier one's place. */
function uniqueEntries(entries: unknown[], key: (v: unknown) => string): unknown[] {
  const out: unknown[] = [];
  const at = new Map<string, number>();
  for (const e of entries) {
    const k = key(e);
    const i = at.get(k);
    if (i === undefined) at.set(k, out.push(e) - 1);
    else out[i] = e;
  }
  return out;
}

const keyValueSequence: Merger = (b, o) => uniqueEntries([...toSequence(b), ...toSequence(o)], keyValueKey);
const sequence: Merger = (b, o) => appendWithoutDuplicates(toSequence(b), toSequence(o));
const replace: Merger = (_b, o) => o;
const asMapping = (defaults?: Obj): Merger => (b, o, p) => mergeMappings(toMapping(b, defaults), toMapping(o, defaults), p);
const build: Merger = (b, o, p) => mergeMappings(typeof b === 'string' ? { context: b } : toMapping(b), typeof o === 'string' ? { context: o } : toMapping(o), p);
const logging: Merger = (b, o, p) => {
  const [base, over] = [toMapping(b), toMapping(o)];
  return over.driver === undefined || base.driver === undefined || over.driver === base.driver ? mergeMappings(base, over, p) : over;
};
const ulimit: Merger = (b, o, p) => (isObj(b) && isObj(o) ? mergeMappings(b, o, p) : o);
const ipamConfig: Merger = (b, o) => {
  if (!Array.isArray(b) || !Array.isArray(o)) return o;
  const out: Obj[] = b.filter(isObj).map((x) => ({ ...x }));
  for (const x of o.filter(isObj)) {
    const i = out.findIndex((e) => e.subnet === x.subnet);
    if (i < 0) out.push(x);
    else out[i] = { ...out[i], ...x };
  }
  return out;
};

const SPECIAL: [string[], Merger][] = [
  [['networks', '*', 'ipam', 'config'], ipamConfig],
  ...['networks', 'volumes', 'secrets', 'configs'].map((k): [string[], Merger] => [[k, '*', 'labels'], keyValueSequence]),
  ...Object.entries({
    annotations: keyValueSequence, build: build, 'build.args': keyValueSequence, 'build.additional_contexts': keyValueSequence,
    'build.extra_hosts': sequence, 'build.labels': keyValueSequence, command: replace, depends_on: asMapping({ condition: 'service_started', required: true }),
    dns: sequence, dns_opt: sequence, dns_search: sequence, entrypoint: replace, env_file: sequence, label_file: sequence,
    environment: keyValueSequence, extra_hosts: sequence, 'healthcheck.test': replace, labels: keyValueSequence,
    'volumes.*.volume.labels': keyValueSequence, logging, networks: asMapping(), sysctls: keyValueSequence, tmpfs: sequence,
    'ulimits.*': ulimit, 'deploy.labels': keyValueSequence,
  }).map(([field, m]): [string[], Merger] => [['services', '*', ...field.split('.')], m]),
];

/** `over` merged onto `base` at `path` (see the module comment). */
export function mergeValue(base: unknown, over: unknown, path: readonly string[] = []): unknown {
  const special = SPECIAL.find(([pattern]) => matches(pattern, path));
  if (special) return special[1](base, over, path);
  if (over === null || over === undefined) return base;
  if (isObj(base) && isObj(over)) return mergeMappings(base, over, path);
  if (Array.isArray(base) && Array.isArray(over)) return appendWithoutDuplicates(base, over);
  return over;
}

function mergeMappings(base: Obj, over: Obj, path: readonly string[]): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeValue(base[k], v, [...path, k]) : v;
  return out;
}

/** A whole Compose document merged onto another, then every list made unique as Compose does. */
export function mergeDocuments(base: Obj, over: Obj): Obj {
  return enforceUnicity(mergeMappings(base, over, [])) as Obj;
}

/** `base` with every path a later file tags `!reset` or `!override` removed (Compose applies the tags before merging). */
export function applyTags(base: Obj, tags: readonly TaggedPath[]): Obj {
  if (tags.length === 0) return base;
  const strip = (node: unknown, path: string[]): unknown => {
    if (!isObj(node)) return node;
    const out: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      const p = [...path, k];
      if (tags.some((t) => matches(t.path, p))) continue;
      out[k] = strip(v, p);
    }
    return out;
  };
  return strip(base, []) as Obj;
}

const volumeTarget = (v: unknown) => (isObj(v) ? String(v.target) : String(v).split(':')[1] ?? String(v));
const portKey = (v: unknown) => {
  if (isObj(v)) return `${v.host_ip ?? '0.0.0.0'}:${v.published ?? ''}:${v.target}/${v.protocol ?? 'tcp'}`;
  const p = parseShortPort(String(v));
  if (!p || p.containerPorts[0] !== p.containerPorts[1]) return String(v);
  return `${p.hostIp ?? '0.0.0.0'}:${p.hostPorts?.[0] ?? ''}:${p.containerPorts[0]}/${p.protocol}`;
};
const mountKey = (dir: string) => (v: unknown) => (isObj(v) ? (v.target !== undefined ? String(v.target) : `${dir}/${v.source}`) : `${dir}/${v}`);

const UNIQUE: [string[], (v: unknown) => string][] = [
  [['networks', '*', 'labels'], keyValueKey],
  ...['cap_add', 'cap_drop', 'dns', 'dns_opt', 'dns_search', 'environment', 'labels', 'links', 'profiles', 'sysctls', 'tmpfs', 'annotations', 'build.args', 'build.labels', 'deploy.labels', 'networks.*.aliases']
    .map((f): [string[], (v: unknown) => string] => [['services', '*', ...f.split('.')], keyValueKey]),
  [['services', '*', 'volumes'], volumeTarget],
  [['services', '*', 'ports'], portKey],
  [['services', '*', 'expose'], (v) => String(v)],
  [['services', '*', 'env_file'], (v) => (isObj(v) ? String(v.path) : String(v))],
  [['services', '*', 'secrets'], mountKey('/run/secrets')],
  [['services', '*', 'configs'], mountKey('')],
];

/** Lists Compose keeps unique (environment by key, volumes by target, ports by address...): the later entry wins. */
export function enforceUnicity(node: unknown, path: string[] = []): unknown {
  if (Array.isArray(node)) {
    const rule = UNIQUE.find(([pattern]) => matches(pattern, path));
    return rule ? uniqueEntries(node, rule[1]) : node;
  }
  if (!isObj(node)) return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, enforceUnicity(v, [...path, k])]));
}
