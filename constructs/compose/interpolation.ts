import { ComposeMessages, ComposeMessageSet, InterpolationMessages } from './errors';
import { ComposePath, ComposeProblem } from './source';

/** Variables for interpolation: a value, or undefined when unset. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A run of an interpolated string: literal text, or the value of the variable `name`. */
export interface TextSegment {
  readonly text: string;
  readonly name?: string;
}

/** The result of interpolating one string. */
export interface Interpolated {
  readonly value: string;
  /** Where in `value` each variable's value was substituted: the runs of `value`, in order. */
  readonly segments: readonly TextSegment[];
  /** Fatal: `${VAR:?message}` with VAR unset, or a malformed `$` expression. */
  readonly errors: string[];
  /** Variables used without a default while unset: Compose substitutes an empty string and warns. */
  readonly unset: string[];
  /** Variables whose values were substituted, by name. */
  readonly used: Record<string, string>;
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/**
 * Substitutes variables in one string as Compose does (compose-spec "Interpolation"):
 * `$VAR` and `${VAR}`; `${VAR:-default}` (unset or empty) and `${VAR-default}` (unset); `${VAR:?error}` and
 * `${VAR?error}` fail; `${VAR:+replacement}` and `${VAR+replacement}`; defaults may nest (`${A:-${B}}`);
 * `$$` is a literal `$`, and so is a `$` that starts none of these (`$(hostname)`, `price $ 5`, a trailing `$`);
 * `${` that is not a valid expression is an error, as in Compose ("Invalid interpolation format").
 */
export function interpolate(text: string, env: Environment, M: ComposeMessageSet = ComposeMessages): Interpolated {
  const errors: string[] = [];
  const unset: string[] = [];
  const used: Record<string, string> = {};
  // Every read of a set variable goes through this view, so that what the file used is known.
  const seen = new Proxy(env, {
    get: (target, name) => {
      const v = typeof name === 'string' && Object.prototype.hasOwnProperty.call(target, name) ? target[name] : undefined;
      if (v !== undefined) used[name as string] = v;
      return v;
    },
  });
  const segments = expand(text, seen, errors, unset, M);
  return { value: segments.map((s) => s.text).join(''), segments, errors, unset, used };
}

/** Runs of text, adjacent literal runs joined. */
class Runs {
  public readonly list: TextSegment[] = [];
  public literal(text: string): void {
    if (text === '') return;
    const last = this.list[this.list.length - 1];
    if (last && last.name === undefined) this.list[this.list.length - 1] = { text: last.text + text };
    else this.list.push({ text });
  }
  public add(runs: readonly TextSegment[]): void {
    for (const r of runs) if (r.name === undefined) this.literal(r.text);
    else if (r.text !== '') this.list.push(r);
  }
}

function expand(text: string, env: Environment, errors: string[], unset: string[], M: ComposeMessageSet): TextSegment[] {
  const out = new Runs();
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out.literal(c);
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out.literal('$');
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = matchingBrace(text, i + 1);
      if (end < 0) {
        errors.push(InterpolationMessages.unclosed(text));
        out.literal(text.slice(i));
        return out.list;
      }
      out.add(braced(text.slice(i + 2, end), text, env, errors, unset, M));
      i = end + 1;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (m) {
      out.add(lookup(m[0], env, unset));
      i += 1 + m[0].length;
      continue;
    }
    // Not `$$`, `${` or a name: compose-go's pattern does not match here, the `$` stays (`$(hostname)`, `$ 5`).
    out.literal(c);
    i++;
  }
  return out.list;
}

/** Index of the `}` closing the `{` at `open`, allowing nested `${...}`; -1 when none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '$' && text[j + 1] === '$') {
      j++;
      continue;
    }
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function lookup(name: string, env: Environment, unset: string[]): TextSegment[] {
  const v = env[name];
  if (v === undefined) {
    if (!unset.includes(name)) unset.push(name);
    return [];
  }
  return [{ text: v, name }];
}

function braced(inner: string, whole: string, env: Environment, errors: string[], unset: string[], M: ComposeMessageSet): TextSegment[] {
  const m = NAME.exec(inner);
  if (!m) {
    errors.push(InterpolationMessages.noName(whole, inner));
    return [];
  }
  const name = m[0];
  const rest = inner.slice(name.length);
  if (rest === '') return lookup(name, env, unset);
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest);
  if (!op) {
    errors.push(InterpolationMessages.noOperator(whole, inner, name));
    return [];
  }
  const arg = rest.slice(op[0].length);
  const v = env[name];
  const isSet = v !== undefined;
  const nonEmpty = isSet && v !== '';
  const own: TextSegment[] = [{ text: v ?? '', name }];
  switch (op[0]) {
    case ':-':
      return nonEmpty ? own : expand(arg, env, errors, unset, M);
    case '-':
      return isSet ? own : expand(arg, env, errors, unset, M);
    case ':?':
    case '?': {
      const ok = op[0] === ':?' ? nonEmpty : isSet;
      if (ok) return own;
      const why = expand(arg, env, errors, unset, M).map((s) => s.text).join('');
      errors.push(M.requiredVariable(name, isSet, why));
      return [];
    }
    case ':+':
      return nonEmpty ? expand(arg, env, errors, unset, M) : [];
    default:
      return isSet ? expand(arg, env, errors, unset, M) : [];
  }
}

/** The outcome of interpolating a whole document. */
export interface InterpolatedDocument {
  readonly data: unknown;
  readonly errors: ComposeProblem[];
  readonly warnings: ComposeProblem[];
  /** Variables whose values were substituted anywhere in the document, by name. */
  readonly used: Record<string, string>;
  /** Each interpolated string that holds values of variables, with their names. */
  readonly sources: VariableSource[];
}

/** A string of the document after interpolation, and the variables whose values it holds. */
export interface VariableSource {
  readonly text: string;
  readonly names: readonly string[];
  /** The runs of `text`: where each variable's value is (not wherever the same text happens to be). */
  readonly segments: readonly TextSegment[];
  /** Where the string is in its document. */
  readonly path?: ComposePath;
}

/**
 * Interpolates every string value of a Compose document (keys are left alone, as Compose does), reporting
 * each problem with its path.
 */
export function interpolateDocument(data: unknown, env: Environment, M: ComposeMessageSet = ComposeMessages): InterpolatedDocument {
  const errors: ComposeProblem[] = [];
  const warnings: ComposeProblem[] = [];
  const used: Record<string, string> = {};
  const sources: VariableSource[] = [];
  const walk = (node: unknown, path: ComposePath): unknown => {
    if (typeof node === 'string') {
      const r = interpolate(node, env, M);
      Object.assign(used, r.used);
      if (Object.keys(r.used).length > 0) sources.push({ text: r.value, names: Object.keys(r.used), segments: r.segments, path });
      for (const message of r.errors) errors.push({ path, message });
      for (const name of r.unset) {
        warnings.push({ path, message: M.unsetVariable(name) });
      }
      return r.value;
    }
    if (Array.isArray(node)) return node.map((x, i) => walk(x, [...path, i]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return node;
  };
  return { data: walk(data, []), errors, warnings, used, sources };
}
