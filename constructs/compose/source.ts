import * as fs from 'fs';
import * as path from 'path';
import { isUtf8 } from 'buffer';
import { Composer, Document, isMap, isPair, isScalar, isSeq, LineCounter, Parser, YAMLParseError } from 'yaml';
import { SourceMessages } from './errors';
import { COMPOSE_LIMITS } from './limits';
import { checkDocument, isNode, mostUsedAlias, offsetOf, TaggedPath, taggedPaths } from './yaml-limits';

/** A path into a Compose document: keys and list indexes, e.g. `['services', 'web', 'ports', 0]`. */
export type ComposePath = readonly (string | number)[];

/** A place in a Compose file, 1-based as editors show it. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Something wrong (or not carried over) at one place of a Compose file. */
export interface ComposeProblem {
  readonly path: ComposePath;
  readonly message: string;
  /** A notice that the library's secure defaults differ from Compose for a service. */
  readonly secureDefaults?: boolean;
}

/** `services.web.ports[0]`, the way the Compose documentation names fields. */
export function formatPath(path: ComposePath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || '(top level)';
}

export { COMPOSE_LIMITS } from './limits';

/** The file names Compose looks for in a directory, in its order. */
const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** A text file read within {@link COMPOSE_LIMITS}: its text, or why not (named by `file`). */
export type TextFile = { readonly text: string; readonly error?: undefined } | { readonly text?: undefined; readonly error: string };

/**
 * Reads a Compose file (or `.env`) as UTF-8 text, refusing what is not one: missing, a directory, unreadable,
 * larger than {@link COMPOSE_LIMITS.maxBytes} (checked before reading), or not UTF-8.
 */
export function readTextFile(file: string): TextFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return { error: SourceMessages.noFile(file, process.cwd()) };
    return { error: SourceMessages.unreadable(file, err.code ?? err.message) };
  }
  if (stat.isDirectory()) {
    let inside: string[] = [];
    try {
      inside = DEFAULT_FILE_NAMES.filter((f) => fs.statSync(path.join(file, f)).isFile());
    } catch {
      inside = DEFAULT_FILE_NAMES.filter((f) => fs.existsSync(path.join(file, f)));
    }
    return { error: SourceMessages.isDirectory(file, inside) };
  }
  if (stat.size > COMPOSE_LIMITS.maxBytes) return { error: `${file}:1:1: ${SourceMessages.tooLarge(stat.size, 'the file')}` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { error: SourceMessages.unreadable(file, err.code ?? err.message) };
  }
  if (bytes.length > COMPOSE_LIMITS.maxBytes) return { error: `${file}:1:1: ${SourceMessages.tooLarge(bytes.length, 'the file')}` };
  const text = bytes.toString('utf8');
  if (!isUtf8(bytes)) {
    const at = Math.max(0, text.indexOf('\uFFFD'));
    const line = text.slice(0, at).split('\n').length;
    return { error: `${file}:${line}:${at - text.lastIndexOf('\n', at - 1)}: ${SourceMessages.notUtf8()}` };
  }
  return { text };
}

/** Characters YAML does not allow in a stream (outside its printable set): most C0 and C1 controls, U+FFFE/F. */
const NOT_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

/**
 * A Compose file parsed with `yaml`, keeping where every node came from, so that each message can name the
 * file, line and column. Parsing never throws and stays within {@link COMPOSE_LIMITS}: a file beyond them is
 * refused with the reason in {@link syntaxErrors}.
 */
export class ComposeSource {
  /** Parses `text`; YAML syntax errors are in {@link syntaxErrors}. */
  public static parse(text: string, file: string): ComposeSource {
    return new ComposeSource(text, file);
  }

  /** The document as plain data (anchors and merge keys resolved), or undefined when it is not a mapping. */
  public readonly data: unknown;
  /** YAML syntax errors, already formatted with file, line and column. */
  public readonly syntaxErrors: string[];
  /** Entries tagged `!reset`/`!override`: what they replace when this file is merged onto others. */
  public readonly tags: TaggedPath[] = [];
  private readonly counter = new LineCounter();
  private readonly doc: Document;

  private constructor(
    public readonly text: string,
    public readonly file: string,
  ) {
    const refused = this.refuse(text);
    if (refused !== undefined) {
      this.doc = new Document(null);
      this.syntaxErrors = [refused];
      return;
    }
    const parsed = this.parseBounded(text);
    this.doc = parsed.doc;
    this.syntaxErrors = parsed.errors;
    if (this.syntaxErrors.length > 0) return;
    this.tags = taggedPaths(this.doc);
    const problems = checkDocument(this.doc, (offset) => this.counter.linePos(offset).line);
    if (problems.length > 0) {
      this.syntaxErrors = problems.slice(0, COMPOSE_LIMITS.maxErrors).map((p) => this.at(p.offset, p.message));
      if (problems.length > COMPOSE_LIMITS.maxErrors) {
        this.syntaxErrors.push(`${file}: ${SourceMessages.moreErrors(COMPOSE_LIMITS.maxErrors, problems.length - COMPOSE_LIMITS.maxErrors, 'YAML errors')}`);
      }
      return;
    }
    try {
      this.data = this.doc.toJS({ maxAliasCount: COMPOSE_LIMITS.maxAliasCount });
    } catch (e) {
      // `yaml` throws a ReferenceError when its alias limit is hit; checkDocument catches what is known first.
      const isAliasLimit = e instanceof ReferenceError && /alias/i.test(e.message);
      const at = isAliasLimit ? mostUsedAlias(this.doc) : undefined;
      this.syntaxErrors = [this.at(at ? offsetOf(at) : 0, isAliasLimit ? SourceMessages.aliasLimit(e.message) : `${(e as Error).message}; check the YAML at this place`)];
    }
  }

  /** `file:line:column: message` for an offset into the text. */
  private at(offset: number, message: string): string {
    const pos = this.counter.linePos(offset);
    return `${this.file}:${pos.line}:${pos.col}: ${message}`;
  }

  /** Why `text` is not read at all: too large, or characters YAML does not allow (a binary file). */
  private refuse(text: string): string | undefined {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > COMPOSE_LIMITS.maxBytes) return `${this.file}:1:1: ${SourceMessages.tooLarge(bytes, 'the text')}`;
    const bad = NOT_PRINTABLE.exec(text);
    if (bad) {
      const line = text.slice(0, bad.index).split('\n').length;
      return `${this.file}:${line}:${bad.index - text.lastIndexOf('\n', bad.index - 1)}: ${SourceMessages.controlCharacter(bad[0])}`;
    }
    return undefined;
  }

  /**
   * `yaml`'s parseDocument, fed token by token so that reading stops after {@link COMPOSE_LIMITS.maxErrors}
   * syntax errors (a file that is not YAML would otherwise make one error object per token).
   */
  private parseBounded(text: string): { doc: Document; errors: string[] } {
    const max = COMPOSE_LIMITS.maxErrors;
    let tokenErrors = 0;
    let stopped = false;
    function* bounded(tokens: Iterable<import('yaml').CST.Token>) {
      for (const token of tokens) {
        if (token.type === 'error' && ++tokenErrors > max) {
          stopped = true;
          return;
        }
        yield token;
      }
    }
    let doc: Document | undefined;
    try {
      // Duplicate keys are found by checkDocument: yaml's own check compares every pair of keys of a mapping.
      const composer = new Composer({ merge: true, prettyErrors: false, uniqueKeys: false });
      for (const d of composer.compose(bounded(new Parser(this.counter.addNewLine).parse(text)), true, text.length)) {
        if (!doc) {
          doc = d;
        } else {
          doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
          break;
        }
      }
    } catch (e) {
      // `yaml` catches stack overflows in collections itself; anything else it throws is reported the same way.
      return { doc: doc ?? new Document(null), errors: [this.at(0, `${(e as Error).message}; check the YAML syntax`)] };
    }
    doc = doc ?? new Document(null);
    const errors: YAMLParseError[] = doc.errors;
    const lines = errors.slice(0, max).map((e) => this.at(e.pos[0], SourceMessages.yamlError(e.message, e.code)));
    if (stopped) lines.push(`${this.file}: ${SourceMessages.moreErrors(lines.length, undefined, 'YAML errors')}`);
    else if (errors.length > max) lines.push(`${this.file}: ${SourceMessages.moreErrors(max, errors.length - max, 'YAML errors')}`);
    return { doc, errors: lines };
  }

  /**
   * Where `path` is written: the value's node, or with `key` the key naming it. Falls back to the nearest
   * ancestor that exists (e.g. a field the document lacks is reported at its parent).
   */
  public position(path: ComposePath, key = false): SourcePosition {
    const { offset } = this.locate(path, key);
    const pos = this.counter.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col };
  }

  /** How many steps of `path` this document holds (the whole path when it is written here). */
  public depth(path: ComposePath): number {
    return this.locate(path, false).depth;
  }

  private locate(path: ComposePath, key: boolean): { offset: number; depth: number } {
    let node: unknown = this.doc.contents;
    let depth = 0;
    let offset = isNode(node) ? node.range?.[0] ?? 0 : 0;
    for (let i = 0; i < path.length; i++) {
      const step = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        const last = i === path.length - 1;
        if (last && key && isNode(pair.key)) {
          offset = pair.key.range?.[0] ?? offset;
          depth = i + 1;
          node = undefined;
          break;
        }
        depth = i + 1;
        node = pair.value;
        if (isNode(node) && node.range) offset = node.range[0];
        else if (isNode(pair.key) && pair.key.range) offset = pair.key.range[0];
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        if (isNode(node) && node.range) offset = node.range[0];
        else break;
        depth = i + 1;
      } else {
        break;
      }
    }
    return { offset, depth };
  }

  /** `file:line:column: path: message`. */
  public describe(problem: ComposeProblem, key = false): string {
    const p = this.position(problem.path, key);
    return `${p.file}:${p.line}:${p.column}: ${formatPath(problem.path)}: ${problem.message}`;
  }
}
