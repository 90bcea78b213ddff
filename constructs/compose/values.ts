import { parseDockerSize, parseGoDuration } from '../private/grammar';
import { StageContext } from './context';
import { ComposePath } from './source';

/** A mapping as the stages read it: keys to unknown values (checked where they are read). */
export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A value or a list of values as text; undefined stays undefined. */
export const listOf = (v: unknown): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v.map(String) : [String(v)]);

/** The field name of a path for messages: `privileged`, `deploy.endpoint_mode`. */
export const formatField = (path: ComposePath) => path.slice(path[0] === 'services' ? 2 : 0).filter((x) => typeof x === 'string').join('.');

/** `KEY=value` lists or mappings (environment, labels) as a record; entries without a value are passed to `bare`. */
export function keyValues(v: unknown, bare: (key: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      const i = s.indexOf('=');
      put(i >= 0 ? s.slice(0, i) : s, i >= 0 ? s.slice(i + 1) : bare(s));
    }
  } else if (isObj(v)) {
    for (const [k, val] of Object.entries(v)) put(k, val === null || val === undefined ? bare(k) : String(val));
  }
  return out;
}

/** Text values of a mapping (driver options, aux addresses). */
export const stringRecord = (v: Obj): Record<string, string> => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));

/**
 * A boolean as Compose reads one (compose-go): true and false, or the strings y, yes, true, on and n, no, false,
 * off in any case. Anything else is refused (Compose refuses it too), never taken as false.
 */
export function composeBool(ctx: StageContext, v: unknown, path: ComposePath): boolean | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  const text = String(v).toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(text)) return true;
  if (['n', 'no', 'false', 'off'].includes(text)) return false;
  ctx.fail(path, ctx.M.badBoolean(formatField(path), v));
  return undefined;
}

/** A number written in the file (or as text): refused at `path` unless finite (never NaN into a construct or code). */
export function composeNumber(ctx: StageContext, v: unknown, path: ComposePath, integer = true): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    ctx.fail(path, ctx.M.notOneOf(formatField(path), v, [integer ? 'a whole number' : 'a number']));
    return undefined;
  }
  return n;
}

/** `value` when it is one of `allowed`; otherwise refused at `path` (a closed set is never passed on unchecked). */
export function oneOf<T extends string>(ctx: StageContext, value: unknown, allowed: readonly T[], path: ComposePath): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  ctx.fail(path, ctx.M.notOneOf(formatField(path), value, allowed));
  return undefined;
}

/** `30s`, `1m30s`, `500ms`, `2h`: a Go duration as Compose writes it; undefined when it is not one. */
export function parseDuration(text: string): string | undefined {
  return parseGoDuration(text).ok ? text : undefined;
}

/**
 * `512m`, `1g`, `1024`, `64k`, `1.5gb`, `512MiB` as Compose writes sizes (Docker's notation, read by the library's
 * one size parser, the one `Size.parse` reads through); bytes, or undefined for the caller to report.
 */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  const parsed = parseDockerSize(String(v));
  return parsed.ok ? parsed.value : undefined;
}

/** A size at `path`, refused with the fix when it is not one. */
export function composeSize(ctx: StageContext, v: unknown, path: ComposePath): number | undefined {
  if (v === undefined) return undefined;
  const bytes = parseSize(v);
  if (bytes === undefined) ctx.fail(path, ctx.M.badSize(String(v)));
  return bytes;
}
