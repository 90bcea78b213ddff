import { IResolvable, IResolveContext, Token, Tokenization } from 'cdktf';

/**
 * Literal text for Terraform. Terraform reads every string of a JSON configuration as a template: `${...}`
 * interpolates and `%{...}` runs a directive, so a value such as `${file("~/.ssh/id_rsa")}` in a label or an
 * environment variable would be evaluated at plan time. Its rule for the escapes (hclsyntax's template scanner,
 * checked against Terraform 1.11 in test/terraform-literal.test.ts): a run of `$` directly before `{` loses one
 * `$` and stays literal (`$${` gives `${`, `$$${` gives `$${`), and the same for `%` (`%%{` gives `%{`); every other
 * `$` and `%` is literal. Writing each `${` as `$${` and each `%{` as `%%{` inverts that exactly.
 *
 * Tokens (references, `Fn.*`, variables) are the way to write an expression; this module leaves them alone and
 * escapes only the literal text around them.
 */

/** `text` escaped so that Terraform's template reading gives back `text` (no tokens in it). */
export function escapeTemplate(text: string): string {
  // A function, not a replacement string: in those `$$` means one `$`.
  return text.replace(/([$%])\{/g, (_, c: string) => `${c}${c}{`);
}

/**
 * What Terraform reads from `text` when it holds no expression (the inverse of {@link escapeTemplate}), or
 * undefined when it interpolates or runs a directive: for tools that read a synthesized cdk.tf.json.
 */
export function readTemplateLiteral(text: string): string | undefined {
  if (/(^|[^$])\$\{|(^|[^%])%\{/.test(text)) return undefined;
  return text.replace(/([$%])\1+\{/g, (run) => run.slice(1));
}

/**
 * `value` with every literal string in it (keys of plain objects too) escaped for Terraform, and the tokens in
 * mixed strings kept as expressions. Plain objects and arrays are walked; tokens and other objects (cdktf's lazy
 * values, dynamic blocks) are returned as they are, so what a lazy value produces must go through this function
 * in its producer.
 */
export function literalValue<T>(value: T): T {
  if (typeof value === 'string') return literalString(value) as T;
  if (Array.isArray(value)) return value.map(literalValue) as T;
  if (value !== null && typeof value === 'object' && !Tokenization.isResolvable(value)) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    // Unset attributes are left out here rather than carried as undefined: a generated binding lists every
    // attribute of its schema (about 60 of a docker_container, most unset), and cdktf walks each of them again
    // in every later pass (dynamic attributes, merge, two resolves). Terraform JSON omits undefined anyway.
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[literalString(k)] = literalValue(v);
    }
    return out as T;
  }
  return value;
}

/** A string's literal parts escaped, its tokens kept; a string that is one token comes back as it is. */
export function literalString(text: string): string {
  // Without a `{` a string is neither a token (cdktf encodes them as `${TfToken[...]}`, `#{...}`) nor a template: as
  // it is. The common case, and the two regular expressions below were a tenth of a large synth.
  if (!text.includes('{')) return text;
  if (!Token.isUnresolved(text)) return escapeTemplate(text);
  const pieces = splitTokens(text);
  if (pieces.every((p) => p.token)) return text;
  return Token.asString(new LiteralTemplate(pieces));
}

/**
 * `text` as an HCL quoted string (with its quotes), for literal text placed inside a Terraform expression
 * (a `for` filter, an `Fn.*` argument). cdktf's own quoting escapes `${` and newlines but not `%{`, quotes or
 * backslashes.
 */
export function hclQuoted(text: string): string {
  const body = text.replace(/[\\"\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  return `"${escapeTemplate(body)}"`;
}

/**
 * An HCL string expression holding `text` (literal), for an `Fn.*` argument: cdktf inserts a token argument as
 * it resolves, so the quoting above is what Terraform reads. Tokens are passed through.
 */
export function hclStringArg(text: string): string {
  if (Token.isUnresolved(text)) return text;
  const quoted = hclQuoted(text);
  return Token.asString({ creationStack: [], resolve: () => quoted, toString: () => quoted } satisfies IResolvable);
}

/**
 * Makes `element` (a provider resource, data source or provider) write its attributes as literals: every string
 * it synthesizes, however it was set (props, setters, `put*`), goes through {@link literalValue}. Meta-arguments
 * (`depends_on`, `lifecycle`) and overrides are not attributes and are not touched.
 */
export function literalAttributes<T extends object>(element: T): T {
  const e = element as unknown as Record<'synthesizeAttributes' | 'synthesizeHclAttributes', (() => unknown) | undefined>;
  for (const method of ['synthesizeAttributes', 'synthesizeHclAttributes'] as const) {
    const original = e[method];
    if (typeof original !== 'function') continue;
    e[method] = () => literalValue(original.call(element));
  }
  LITERAL_ELEMENTS.add(element);
  return element;
}

/** Elements made literal by {@link literalAttributes}, and prototypes of classes that are by their own methods. */
const LITERAL_ELEMENTS = new WeakSet<object>();

/**
 * Declares that the instances of `cls` write their attributes as literals: its own `synthesizeAttributes()` and
 * `synthesizeHclAttributes()` pass what they return through {@link literalValue} (a class made once, where
 * {@link literalAttributes} would install two closures on each of many resources).
 */
export function literalAttributesClass<C extends abstract new (...args: any[]) => object>(cls: C): C {
  LITERAL_ELEMENTS.add(cls.prototype);
  return cls;
}

/** True when `element` writes its attributes through the literal escaper (either way above). */
export function writesLiterals(element: object): boolean {
  for (let p: object | null = element; p; p = Object.getPrototypeOf(p)) {
    if (LITERAL_ELEMENTS.has(p)) return true;
  }
  return false;
}

interface Piece {
  readonly text: string;
  /** True when `text` is an encoded token. */
  readonly token: boolean;
}

/** The literal and token parts of a string, in order (cdktf's fragments, read through the public API). */
function splitTokens(text: string): Piece[] {
  const pieces: Piece[] = [];
  const piece = (v: unknown): Piece => {
    const s = String(v);
    return { text: s, token: Token.isUnresolved(s) };
  };
  const fragments = Tokenization.reverseString(text);
  if (fragments.length === 1) return [piece(fragments.firstValue)];
  const ACC = Symbol('pieces');
  fragments.join({
    join: (left: unknown, right: unknown) => {
      if (!(left !== null && typeof left === 'object' && ACC in left)) pieces.push(piece(left));
      pieces.push(piece(right));
      return { [ACC]: true };
    },
  });
  return pieces;
}

/**
 * A string of literal parts and tokens, resolved here rather than by cdktf's string resolution (which reads a
 * literal `${` before a token as the start of an expression): literal parts escaped, tokens resolved as cdktf
 * resolves them. A literal ending in `$` or `%` right before a token would merge with the token's `${` into an
 * escape, so that run is written as an expression of its own (`${"$"}`).
 */
class LiteralTemplate implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly pieces: readonly Piece[]) {}

  public resolve(context: IResolveContext): string {
    const parts = this.pieces.map((p) => (p.token ? String(context.resolve(p.text)) : escapeTemplate(p.text)));
    let out = '';
    parts.forEach((part, i) => {
      const next = parts[i + 1];
      const run = /[$%]+$/.exec(part);
      if (!this.pieces[i].token && run && next !== undefined && /^[$%{]/.test(next)) {
        out += part.slice(0, run.index) + '${' + hclQuoted(run[0]) + '}';
      } else {
        out += part;
      }
    });
    return out;
  }

  public toString(): string {
    return Token.asString(this);
  }
}
