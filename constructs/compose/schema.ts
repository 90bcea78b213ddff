import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { SchemaMessages } from './errors';
import { ComposePath, ComposeProblem } from './source';
import { didYouMean } from '../private/did-you-mean';

/** Where the build puts the schema: beside the compiled importer (`npm run build`, scripts/compose-schema.js). */
const SCHEMA_FILE = 'compose-spec.schema.json';

/**
 * The Compose specification's JSON schema, as a file. The built library reads the copy the build put beside this
 * module; a source checkout (tests, tsx) reads it where the build takes it from, the dev dependency `dclint` (a
 * maintained Compose linter that tracks compose-spec's `compose-spec.json`; its package `exports` do not list the
 * schema, so it is read from disk). No package is needed at run time for one JSON file.
 */
function loadSchema(): object {
  const beside = path.join(__dirname, SCHEMA_FILE);
  const file = fs.existsSync(beside) ? beside : path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    // The schema names draft-07 by an https URL ajv does not know; it is plain draft-07, so skip the meta check.
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, verbose: true });
    compiled = ajv.compile(loadSchema());
  }
  return compiled;
}

/** `/services/web/ports/0` to `['services', 'web', 'ports', 0]`. */
function toPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let node: any = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(node) && /^\d+$/.test(seg) ? Number(seg) : seg;
    out.push(step);
    node = node?.[step];
  }
  return out;
}

function isPrefix(a: ComposePath, b: ComposePath): boolean {
  return a.length < b.length && a.every((x, i) => x === b[i]);
}

/** One schema violation: where (with `key` when the key itself is wrong) and what. */
export interface SchemaProblem extends ComposeProblem {
  /** True when the problem is a key (an unknown field), so the position is the key's. */
  readonly key: boolean;
}

/**
 * Validates interpolated Compose data against the Compose specification. Returns every problem, reduced to the
 * ones a person can act on: the branches of `oneOf` that do not apply are dropped when a deeper error explains
 * the value, and alternatives at one place are merged ("must be string or object").
 */
export function validateCompose(data: unknown): SchemaProblem[] {
  const validate = validator();
  if (validate(data)) return [];
  const errors = (validate.errors ?? []) as ErrorObject[];
  // An unknown field is a problem one level down: at the field, not at the object holding it.
  const items = errors.map((e) => {
    const path = toPath(e.instancePath, data);
    const deeper = e.keyword === 'additionalProperties' ? [...path, (e.params as { additionalProperty: string }).additionalProperty] : path;
    return { e, path, deeper };
  });
  const structural = (e: ErrorObject) => ['oneOf', 'anyOf', 'if', 'not'].includes(e.keyword);
  const branchy = (e: ErrorObject) => structural(e) || e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum' || e.keyword === 'required';
  // Drop alternatives explained by a deeper, more specific error.
  const kept = items.filter(({ e, path }) => !(branchy(e) && items.some((o) => !branchy(o.e) && isPrefix(path, o.deeper))));
  const byPlace = new Map<string, { path: ComposePath; key: boolean; messages: string[]; types: string[] }>();
  for (const { e, path } of kept) {
    let p: ComposePath = path;
    let key = false;
    let msg: string | undefined;
    switch (e.keyword) {
      case 'additionalProperties': {
        const prop = (e.params as { additionalProperty: string }).additionalProperty;
        p = [...path, prop];
        key = true;
        const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
        const guess = didYouMean(prop, known);
        msg = SchemaMessages.unknownField(prop, guess);
        break;
      }
      case 'type':
        break;
      case 'oneOf':
      case 'anyOf':
        if (kept.some((o) => o.e !== e && o.path.join('\0') === path.join('\0'))) continue;
        msg = SchemaMessages.noForm();
        break;
      case 'enum':
        msg = SchemaMessages.notOneOf(e.data, (e.params as { allowedValues: unknown[] }).allowedValues ?? []);
        break;
      case 'required':
        msg = SchemaMessages.required((e.params as { missingProperty: string }).missingProperty);
        break;
      case 'uniqueItems':
        msg = SchemaMessages.duplicateItems();
        break;
      case 'pattern':
        msg = SchemaMessages.pattern(e.data, (e.params as { pattern: string }).pattern);
        break;
      default:
        msg = e.message ?? e.keyword;
    }
    const k = `${p.join('\0')}|${key}`;
    const entry = byPlace.get(k) ?? { path: p, key, messages: [], types: [] };
    if (e.keyword === 'type') {
      const t = (e.params as { type: string | string[] }).type;
      entry.types.push(...(Array.isArray(t) ? t : [t]));
    } else if (msg && !entry.messages.includes(msg)) {
      entry.messages.push(msg);
    }
    byPlace.set(k, entry);
  }
  const out: SchemaProblem[] = [];
  for (const entry of byPlace.values()) {
    const messages = [...entry.messages];
    if (entry.types.length > 0) {
      const types = [...new Set(entry.types)];
      const value = valueAt(data, entry.path);
      messages.unshift(SchemaMessages.wrongType(describeValue(value), types));
    }
    out.push({ path: entry.path, key: entry.key, message: messages.join('; ') });
  }
  return out;
}

function valueAt(data: unknown, path: ComposePath): unknown {
  let node: any = data;
  for (const p of path) node = node?.[p];
  return node;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
