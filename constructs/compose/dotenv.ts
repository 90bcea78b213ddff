import * as fs from 'fs';
import { ComposeMessages, ComposeMessageSet } from './errors';
import { Environment, interpolate } from './interpolation';
import { readTextFile } from './source';
import { warningText } from '../private/warning-ids';

/** The variables of a `.env` file, and what is wrong in it (`file:line:column: NAME: message`). */
export interface DotEnv {
  readonly values: Readonly<Record<string, string>>;
  /** Fatal: a malformed line, an unterminated quote, `${VAR:?}` unset, an invalid `${...}`. */
  readonly errors: string[];
  /** A variable used without a default while unset: an empty string, as in Compose. */
  readonly warnings: string[];
}

/** Messages of the `.env` parser. */
const DotEnvMessages = {
  badNameCharacter: (ch: string, line: string) =>
    `unexpected character ${JSON.stringify(ch)} in the variable name of ${JSON.stringify(line)}; write NAME=value (names are letters, digits, _ . - [ ]; comments start a line with #)`,
  spaceInName: (name: string) => `the variable name ${JSON.stringify(name)} contains a space; write NAME=value with one word before the =`,
  unterminated: (quote: string) => `the value starting with ${quote} is never closed; add the closing ${quote} (a quoted value may span lines)`,
  unset: (name: string) => warningText('compose-variable-unset', `variable ${name} is not set; Compose substitutes an empty string (set it earlier in the file or in the environment, or write \${${name}:-default})`),
};

/** Whitespace inside a line (not the line break), as compose-go's dotenv parser counts it. */
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r' || c === '\u0085' || c === '\u00a0';
const NAME_CHAR = /^[\p{L}\p{N}_.\-[\]]$/u;

/**
 * Escapes of a double-quoted value, as compose-go expands them: `\n \r \t \a \b \f \v \" \\`, `\0` and up to
 * three digits as an octal byte, `\$` a literal `$` (written `$$` for the interpolation that follows); any other
 * backslash stays.
 */
function expandEscapes(text: string): string {
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };
  return text.replace(/\\(?:[abcfnrtv$"\\]|0\d{0,3})/g, (match) => {
    const c = match[1];
    if (c !== '0') return simple[c] ?? match;
    // `\0ddd` is read as Go reads `\ddd`: exactly three octal digits up to 255, else the text stays (minus the 0).
    const octal = match.slice(2);
    return /^[0-7]{3}$/.test(octal) && parseInt(octal, 8) <= 255 ? String.fromCharCode(parseInt(octal, 8)) : `\\${octal}`;
  });
}

/**
 * Parses a `.env` file as Compose does (compose-go's dotenv): `NAME=value`, `NAME: value`, `export NAME=value`,
 * a bare `NAME` taking the environment's value; `#` starts a comment line, and in an unquoted value only
 * ` #` (a space, then #) starts a comment; unquoted and double-quoted values are interpolated (`${VAR}`,
 * `${VAR:-default}`, ...) from `environment` first, then the entries above; double quotes expand escapes
 * (`\n`, `\t`, `\"`, `\$`...), single quotes keep the text as written. Quoted values may span lines.
 * Parsing stops at the first malformed line, as Compose's does.
 */
export function parseDotEnv(text: string, file: string, environment: Environment, M: ComposeMessageSet = ComposeMessages): DotEnv {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  const warnings: string[] = [];
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // What `${VAR}` in a value sees: the environment wins over the file, as in Compose.
  const scope: Record<string, string | undefined> = { ...environment };
  const where = (offset: number) => {
    const line = src.slice(0, offset).split('\n').length;
    return `${file}:${line}:${offset - src.lastIndexOf('\n', offset - 1)}`;
  };
  const expand = (value: string, name: string, offset: number) => {
    const r = interpolate(value, scope, M);
    for (const e of r.errors) errors.push(`${where(offset)}: ${name}: ${e}`);
    for (const v of r.unset) warnings.push(`${where(offset)}: ${name}: ${DotEnvMessages.unset(v)}`);
    return r.value;
  };
  const set = (name: string, value: string) => {
    values[name] = value;
    if (environment[name] === undefined) scope[name] = value;
  };

  let pos = 0;
  while (pos < src.length) {
    // The next statement: skip blank space and comment lines.
    while (pos < src.length && /\s/.test(src[pos])) pos++;
    if (pos >= src.length) break;
    if (src[pos] === '#') {
      const nl = src.indexOf('\n', pos);
      if (nl < 0) break;
      pos = nl;
      continue;
    }
    const start = pos;
    const exported = /^export[ \t]+/.exec(src.slice(pos, pos + 64));
    if (exported) pos += exported[0].length;
    // The name runs to `=`, `:` or the end of the line (a bare name); spaces are checked after.
    const { end, sep, bad } = readName(src, pos);
    if (bad !== undefined) {
      const lineEnd = src.indexOf('\n', start);
      errors.push(`${where(end)}: ${DotEnvMessages.badNameCharacter(bad, src.slice(start, lineEnd < 0 ? undefined : lineEnd).trimEnd())}`);
      return { values, errors, warnings };
    }
    const name = src.slice(pos, end).replace(/\s+$/, '');
    if (name.includes(' ')) {
      errors.push(`${where(pos)}: ${DotEnvMessages.spaceInName(name)}`);
      return { values, errors, warnings };
    }
    if (sep !== '=' && sep !== ':') {
      // A bare name (also on the last line): the environment's value, when it has one.
      const inherited = scope[name];
      if (inherited !== undefined) set(name, inherited);
      pos = end + 1;
      continue;
    }
    pos = end + 1;
    while (pos < src.length && isSpace(src[pos])) pos++;
    const quote = src[pos];
    if (quote === '"' || quote === "'") {
      const { chars, close } = readQuoted(src, pos);
      if (close < 0) {
        errors.push(`${where(pos)}: ${name}: ${DotEnvMessages.unterminated(quote)}`);
        return { values, errors, warnings };
      }
      set(name, quote === '"' ? expand(expandEscapes(chars), name, pos) : chars);
      pos = close + 1;
      continue;
    }
    const nl = src.indexOf('\n', pos);
    const raw = src.slice(pos, nl < 0 ? undefined : nl);
    const cut = raw.indexOf(' #');
    set(name, expand((cut < 0 ? raw : raw.slice(0, cut)).replace(/\s+$/u, ''), name, pos));
    pos = nl < 0 ? src.length : nl;
  }
  return { values, errors, warnings };
}

/** The name of a statement at `pos`: up to `=`, `:` or the line's end (`sep`), or the character that cannot be in one. */
function readName(src: string, pos: number): { end: number; sep: string; bad?: string } {
  let end = pos;
  for (; end < src.length; end++) {
    const c = src[end];
    if (isSpace(c)) continue;
    if (c === '=' || c === ':' || c === '\n') return { end, sep: c };
    if (!NAME_CHAR.test(c)) return { end, sep: '', bad: c };
  }
  return { end, sep: '' };
}

/**
 * The quoted value whose quote is at `pos`: its characters (`\` + quote is the quote; `\` + anything else keeps
 * both, expanded later for double quotes) and the offset of the closing quote, -1 when it is never closed.
 */
function readQuoted(src: string, pos: number): { chars: string; close: number } {
  const quote = src[pos];
  let chars = '';
  let escaped = false;
  for (let i = pos + 1; i < src.length; i++) {
    const c = src[i];
    if (c === quote && !escaped) return { chars, close: i };
    if (c === '\\' && !escaped) {
      escaped = true;
      continue;
    }
    chars += escaped && c !== quote ? `\\${c}` : c;
    escaped = false;
  }
  return { chars, close: -1 };
}

/**
 * The `.env` beside a Compose file, parsed with {@link parseDotEnv}. No file, or a directory named `.env`, is no
 * variables (Compose skips both); a file Compose could not read either (too large, not UTF-8) is an error.
 */
export function readDotEnv(file: string, environment: Environment, M: ComposeMessageSet = ComposeMessages): DotEnv {
  const none = { values: {}, errors: [], warnings: [] };
  try {
    if (!fs.statSync(file).isFile()) return none;
  } catch {
    return none;
  }
  const read = readTextFile(file);
  if (read.error !== undefined) return { ...none, errors: [read.error] };
  return parseDotEnv(read.text, file, environment, M);
}
