import { ComposePlan } from './plan';
import type { VariableSource } from './interpolation';

/**
 * How text of a Compose file becomes TypeScript in `generateStack`: only through {@link quote} (string literals)
 * and {@link comment} (one `//` line), numbers through {@link num}, closed sets through {@link member}. Nothing from
 * the file becomes code any other way.
 */

const RESERVED = new Set(
  [
    ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(' '),
    // Not declarable in strict code (`arguments`, `eval`), or globals TypeScript will not let a constant shadow.
    ...'arguments eval undefined NaN Infinity globalThis'.split(' '),
    // Names of the generated code itself: the constructor's parameters (a constant of that name would redeclare one).
    ...'host app scope id'.split(' '),
  ],
);

/** A TypeScript keyword, a name strict code cannot declare, or a name the generated code uses itself (`host`, `scope`). */
export const isReserved = (name: string) => RESERVED.has(name);

export function camel(key: string): string {
  const parts = key.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  let out = parts.map((p, i) => (i === 0 ? p[0].toLowerCase() + p.slice(1) : p[0].toUpperCase() + p.slice(1))).join('');
  if (!/^[a-zA-Z_$]/.test(out)) out = `_${out}`;
  return out || '_';
}

export function pascal(key: string): string {
  const c = camel(key).replace(/^_/, '');
  // A class name cannot start with a digit (project 3tier: Compose3tierStack).
  return /^[0-9]/.test(c) ? `Compose${c}` : c[0].toUpperCase() + c.slice(1);
}

/**
 * The one way text becomes TypeScript: a double-quoted string literal. JSON.stringify escapes quotes, backslashes
 * and control characters; U+2028 and U+2029, which JSON leaves alone but TypeScript reads as line breaks, are
 * escaped too. Nothing inside can end the literal or start a template (`${` has no meaning in double quotes).
 */
export function quote(text: string): string {
  return JSON.stringify(String(text)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The one way text becomes a comment: a single `//` line. Line terminators of every kind (\n \r U+2028 U+2029,
 * and the other control characters) are written as `\uXXXX` escapes and `*` followed by `/` as `* /`, so that
 * nothing in `text` can end the comment or add a line.
 */
export function comment(text: string, redact: (text: string) => string = (t) => t): string {
  const safe = redact(String(text))
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\*\//g, '* /');
  return `// ${safe}`;
}

/** Messages of the code generator: a plan the mapping would not have made (built by hand). */
export const CodegenMessages = {
  notFinite: (n: unknown) => `generateStack: ${quote(String(n))} is not a finite number (the mapping should have refused it)`,
  notMember: (what: string, value: string, allowed: string[]) => `generateStack: ${what} ${quote(value)} is not one of ${allowed.join(', ')} (the mapping should have refused it)`,
  badClassName: (name: string) => `generateStack: class name ${quote(name)} is not a TypeScript identifier; give another`,
};

/** A number as TypeScript: only finite numbers (the mapping refuses others before codegen). */
export function num(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(CodegenMessages.notFinite(n));
  return JSON.stringify(n);
}

/** A value of a closed set, as the member name of the library's enumeration (checked, never pasted). */
export function member<T extends Record<string, string>>(table: T, value: string, what: string): T[keyof T] {
  if (!Object.prototype.hasOwnProperty.call(table, value)) throw new Error(CodegenMessages.notMember(what, value, Object.keys(table)));
  return table[value as keyof T];
}

/**
 * The text helpers of one generated stack: values that hold a variable's value refer to its Terraform variable,
 * comments name variables instead of their values.
 */
export class StackText {
  /** Variables a value referred to (declared in the generated code). */
  public readonly referenced = new Set<string>();
  /** The classes of the library the code uses (imported). */
  public readonly used = new Set<string>(['DockerHost']);
  /** Variables whose values the file used, non-empty, by name. */
  public readonly variables: [string, string][];
  private readonly refs = new Map<string, string>();
  private readonly byLength: [string, string][];
  private readonly sources: readonly VariableSource[];

  constructor(plan: ComposePlan, variableName: (name: string) => string) {
    this.variables = Object.entries(plan.variables ?? {}).filter(([, value]) => value !== '');
    for (const [name] of this.variables) this.refs.set(name, `${variableName(name)}.stringValue`);
    // Longest values first, so that a value inside another is not split out of it.
    this.byLength = [...this.variables].sort(([, a], [, b]) => b.length - a.length);
    this.sources = plan.variableSources ?? [];
  }

  /**
   * Comments name values too (a refused `pid: ${X}`, a `cap_add` entry): the values of variables are written there
   * as `${NAME}`, inside quoted values always, elsewhere when at least 4 characters long (so that `TAG=1` does not
   * garble `compose.yml:1:5`).
   */
  public comment(text: string): string {
    const hide = (t: string, all: boolean) => this.byLength.reduce((x, [name, value]) => (all || value.length >= 4 ? x.split(value).join(`\${${name}}`) : x), t);
    return comment(text, (t) => t.split(/("(?:[^"\\]|\\.)*")/).map((part, i) => hide(part, i % 2 === 1)).join(''));
  }

  /**
   * Text that may hold the value of a variable, as TypeScript: literal parts through {@link quote}, each
   * variable's value as a reference to its Terraform variable, joined with `+`. The references are where
   * interpolation put the values, in the file's string this text is (or a part the mapping split off): the same
   * text elsewhere stays literal (`postgres://` with DB_USER=postgres), and two variables with one value are not
   * mistaken for each other. `key` is the name of an environment entry the text is the value of: it picks the
   * string that entry was written in when several strings read the same.
   */
  public value(text: string, key?: string, after?: Map<VariableSource, number>): string {
    const source = text === '' ? undefined : this.sourceOf(text, key);
    if (!source) return quote(text);
    // Words of one string (a command split as a shell would) are found in order, each after the one before.
    const from = source.text.indexOf(text, after?.get(source) ?? 0);
    const start = from >= 0 ? from : source.text.indexOf(text);
    const end = start + text.length;
    after?.set(source, end);
    const parts: string[] = [];
    let literal = '';
    let at = 0;
    for (const seg of source.segments) {
      const [a, b] = [at, at + seg.text.length];
      at = b;
      const [lo, hi] = [Math.max(a, start), Math.min(b, end)];
      if (lo >= hi) continue;
      const ref = seg.name === undefined || lo !== a || hi !== b ? undefined : this.refs.get(seg.name);
      if (ref === undefined) {
        literal += seg.text.slice(lo - a, hi - a);
        continue;
      }
      if (literal !== '') parts.push(quote(literal));
      literal = '';
      parts.push(ref);
      this.referenced.add(seg.name!);
    }
    if (literal !== '' || parts.length === 0) parts.push(quote(literal));
    return parts.join(' + ');
  }

  /** The file's string `text` comes from: the one it is, else one holding it; `key` ranks an environment entry's own. */
  private sourceOf(text: string, key?: string): VariableSource | undefined {
    const holding = this.sources.filter((s) => s.text.includes(text));
    const rank = (s: VariableSource): number => {
      if (key !== undefined && s.text === text && s.segments.length === 1 && s.segments[0].name === key) return 0; // KEY: ${KEY}, or a bare KEY
      if (key !== undefined && s.text === text && s.path?.[s.path.length - 1] === key) return 1; // KEY: ...${OTHER}...
      if (key !== undefined && s.text === `${key}=${text}`) return 2; // - KEY=...
      return s.text === text ? 3 : 4;
    };
    return holding.map((s, i) => [rank(s), i, s] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1])[0]?.[2];
  }

  public list(xs: readonly string[]): string {
    const after = new Map<VariableSource, number>();
    return `[${xs.map((x) => this.value(x, undefined, after)).join(', ')}]`;
  }

  public record(r: Record<string, string>): string {
    const key = (k: string) => {
      const v = this.value(k);
      if (v !== quote(k)) return `[${v}]`;
      return /^[a-zA-Z_$][\w$]*$/.test(k) ? k : v;
    };
    return `{ ${Object.entries(r).map(([k, v]) => `${key(k)}: ${this.value(v, k)}`).join(', ')} }`;
  }
}

/** An object literal of the entries with a value, one per line. */
export function props(entries: [string, string | undefined][], indent: string): string {
  const lines = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${indent}  ${k}: ${v},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

export function bool(b: boolean | undefined): string | undefined {
  return b === undefined ? undefined : b === true ? 'true' : 'false';
}

/**
 * A construct nobody refers to needs no constant (noUnusedLocals): `const x = ` is dropped from the statements
 * (each starts a line, indented by `indent`) of the constants not in `used`. Values never start a line: quote()
 * escapes line breaks.
 */
export function withoutUnusedConstants(code: string, used: ReadonlySet<string>, indent: string): string {
  return code.replace(new RegExp(`^${indent}const ([\\w$]+) = `, 'gm'), (statement, name: string) => (used.has(name) ? statement : indent));
}
