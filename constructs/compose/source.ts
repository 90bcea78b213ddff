import * as fs from 'fs';
import * as path from 'path';
import { isUtf8 } from 'buffer';
import { Alias, Composer, Document, ErrorCode, isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, Node, Parser, YAMLParseError } from 'yaml';

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

/**
 * What reading one Compose file may cost. A file beyond a limit is refused with the reason, never half read:
 * real Compose files are a few kilobytes, these bound what a wrong or hostile file (a binary, a YAML alias bomb)
 * can cost to about a second.
 */
export const COMPOSE_LIMITS = {
  /** Bytes of a Compose file or of its `.env` (1 MiB): `yaml` reads about a megabyte a second. */
  maxBytes: 1024 * 1024,
  /** Problems listed per file; the rest are counted (`... and 12 more`). The YAML parser stops there too. */
  maxErrors: 50,
  /** Nesting of mappings and lists (aliases followed); the deepest Compose field is 8 levels down. */
  maxDepth: 64,
  /** Nodes of the document with every alias expanded, as compose-go's loader bounds them (100 000). */
  maxNodes: 100_000,
  /** Aliases (`*name`) written in the file: `yaml` resolves each by a scan over all of them. */
  maxAliases: 1000,
  /** `yaml`'s own alias limit (`maxAliasCount` of `toJS`), a second net behind `maxNodes`. */
  maxAliasCount: 10_000,
} as const;

const count = (n: number) => (n === Infinity ? 'more than 10^308' : String(n));
const MIB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The fix for each kind of YAML syntax error `yaml` reports (its texts name the problem, not the fix). */
const YAML_FIXES: Partial<Record<ErrorCode, string>> = {
  TAB_AS_INDENT: 'indent with spaces: YAML does not allow tabs for indentation',
  BAD_INDENT: 'check the indentation: the entries of one mapping or list start in one column, deeper than their key, and every [ or { is closed',
  MULTILINE_IMPLICIT_KEY: 'write a key and its colon on one line, and quote a value that contains ": "',
  BLOCK_AS_IMPLICIT_KEY: 'write a key and its colon on one line, and quote a value that contains ": "',
  KEY_OVER_1024_CHARS: 'shorten the key (YAML keys without "? " are at most 1024 characters)',
  DUPLICATE_KEY: 'a key appears once per mapping: remove or rename one of them',
  BAD_DQ_ESCAPE: 'use an escape YAML knows in double quotes (\\n, \\t, \\\\, \\"), or single quotes, where a backslash is literal',
  MISSING_CHAR: 'add the missing character (a closing quote or bracket, or the ":" after a key)',
  MULTIPLE_DOCS: 'a Compose file is one YAML document: remove the "---" line, or split the file',
  BAD_ALIAS: 'write an alias as *name, for an anchor &name defined before it',
  ALIAS_PROPS: 'an alias (*name) takes no anchor or tag: remove them',
  MULTIPLE_ANCHORS: 'give a value at most one anchor (&name)',
  MULTIPLE_TAGS: 'give a value at most one tag',
  BAD_PROP_ORDER: 'write the anchor and tag before the value, e.g. key: &name value',
  BAD_SCALAR_START: 'quote the value: a plain value cannot start with this character',
  BLOCK_IN_FLOW: 'inside [ ] or { } write values inline (flow style); use indented lines outside them only',
  BAD_DIRECTIVE: 'remove the "%" directive line: Compose files need none',
  TAG_RESOLVE_FAILED: 'remove the tag or make the value match it',
  RESOURCE_EXHAUSTION: `the file nests deeper than the parser can follow; Compose fields nest a few levels: flatten it (at most ${COMPOSE_LIMITS.maxDepth} levels are read)`,
  UNEXPECTED_TOKEN: 'check this line for a stray character; quote values that start with one of [ ] { } , : # & * ! | > \' " % @ `',
};

/** Messages of reading a Compose file (syntax, size, encoding, limits), before any Compose meaning. */
export const SourceMessages = {
  yamlError: (message: string, code: ErrorCode) => {
    const text = message.split('\n')[0].replace(/; please use YAML\.parseAllDocuments\(\)$/, '');
    return `${text}; ${YAML_FIXES[code] ?? 'check the YAML syntax at this place'}`;
  },
  moreErrors: (shown: number, more: number | undefined, what: string) =>
    more === undefined
      ? `reading stopped after ${shown} ${what}; fix these and load again`
      : `... and ${more} more ${what} not shown; fix these first and load again`,
  tooLarge: (bytes: number, what: string) =>
    `${what} is ${MIB(bytes)}, more than the ${MIB(COMPOSE_LIMITS.maxBytes)} a Compose file may have (COMPOSE_LIMITS.maxBytes); is it the right file? Split a large project with several files (or YAML anchors)`,
  notUtf8: () => 'is not UTF-8 text (a binary file?); give the Compose file (YAML), saved as UTF-8',
  controlCharacter: (ch: string) =>
    `holds the control character ${JSON.stringify(ch)} (U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}), which YAML does not allow (a binary file?); remove it, or write it as an escape in double quotes ("\\t", "\\x1b")`,
  tooManyNodes: (nodes: number, alias?: { name: string; nodes: number }) =>
    alias
      ? `the document has ${count(nodes)} values once its aliases are expanded (*${alias.name} here alone stands for ${count(alias.nodes)}), more than the ${COMPOSE_LIMITS.maxNodes} a Compose file may have (COMPOSE_LIMITS.maxNodes; a YAML "alias bomb"?); write the values out, or alias fewer nested anchors`
      : `the document has ${count(nodes)} values, more than the ${COMPOSE_LIMITS.maxNodes} a Compose file may have (COMPOSE_LIMITS.maxNodes); is it the right file? Split a large project into several`,
  tooDeep: () =>
    `values nest more than ${COMPOSE_LIMITS.maxDepth} levels deep here (COMPOSE_LIMITS.maxDepth; Compose fields nest at most 8); flatten the value`,
  duplicateKey: (key: string, firstLine: number) =>
    `the key ${JSON.stringify(key)} is already in this mapping (line ${firstLine}); map keys must be unique: remove or merge one of them`,
  tooManyAliases: () =>
    `this is alias number ${COMPOSE_LIMITS.maxAliases + 1}: a Compose file may use at most ${COMPOSE_LIMITS.maxAliases} (COMPOSE_LIMITS.maxAliases); write values out, or merge a larger anchor once (<<: *name)`,
  aliasCycle: (name: string) => `the alias *${name} is inside the value anchored as &${name}, so the value would contain itself; move the alias out of it`,
  unresolvedAlias: (name: string) => `the alias *${name} has no anchor &${name} before it; define the anchor first (anchors are read top to bottom)`,
  aliasLimit: (message: string) =>
    `${message} (more than ${COMPOSE_LIMITS.maxAliasCount} alias uses, COMPOSE_LIMITS.maxAliasCount); write the values out, or alias fewer nested anchors`,
  noFile: (file: string, cwd: string) =>
    `${file}: no such file${path.isAbsolute(file) ? '' : ` (relative paths start at ${cwd})`}; give the path of the Compose file, e.g. compose.yaml`,
  isDirectory: (file: string, inside: string[]) =>
    `${file} is a directory, not a Compose file; give the file in it${inside.length > 0 ? `: ${inside.map((f) => path.join(file, f)).join(' or ')}` : ' (compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml)'}`,
  unreadable: (file: string, message: string) => `${file} cannot be read (${message}); check the path and its permissions`,
};

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
    let node: unknown = this.doc.contents;
    let offset = isNode(node) ? node.range?.[0] ?? 0 : 0;
    for (let i = 0; i < path.length; i++) {
      const step = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        const last = i === path.length - 1;
        if (last && key && isNode(pair.key)) {
          offset = pair.key.range?.[0] ?? offset;
          node = undefined;
          break;
        }
        node = pair.value;
        if (isNode(node) && node.range) offset = node.range[0];
        else if (isNode(pair.key) && pair.key.range) offset = pair.key.range[0];
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        if (isNode(node) && node.range) offset = node.range[0];
        else break;
      } else {
        break;
      }
    }
    const pos = this.counter.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col };
  }

  /** `file:line:column: path: message`. */
  public describe(problem: ComposeProblem, key = false): string {
    const p = this.position(problem.path, key);
    return `${p.file}:${p.line}:${p.column}: ${formatPath(problem.path)}: ${problem.message}`;
  }
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && 'range' in x;
}

/** Where a document is beyond what is read, and why. */
interface DocumentProblem {
  readonly offset: number;
  readonly message: string;
}

/** The nodes a node contains directly: a mapping's keys and values, a list's items. */
function children(node: Node): Node[] {
  if (!isCollection(node)) return [];
  const out: Node[] = [];
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      if (isNode(item.key)) out.push(item.key);
      if (isNode(item.value)) out.push(item.value);
    } else if (isNode(item)) {
      out.push(item);
    }
  }
  return out;
}

const offsetOf = (node: Node) => node.range?.[0] ?? 0;

/**
 * Resolves the Compose tags and checks the document before it becomes data: no key twice in a mapping, every
 * alias has an anchor before it and is not inside it, and within {@link COMPOSE_LIMITS} the document with its
 * aliases expanded has at most `maxNodes` values and nests at most `maxDepth` levels. `!reset` removes the value
 * it tags (and its key), as Compose does for one file; `!override` keeps it. Iterative, linear in the file.
 */
function checkDocument(doc: Document, lineOf: (offset: number) => number): DocumentProblem[] {
  const root = doc.contents;
  if (!isNode(root)) return [];
  const duplicates = duplicateKeys(root, lineOf);
  if (duplicates.length > 0) return duplicates;
  const problem = checkAliasesAndLimits(root);
  return problem ? [problem] : [];
}

/** Keys written twice in one mapping (merge keys `<<` aside), at the second, naming the first's line. */
function duplicateKeys(root: Node, lineOf: (offset: number) => number): DocumentProblem[] {
  const out: DocumentProblem[] = [];
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        if (!isScalar(pair.key) || pair.key.value === '<<') continue;
        const key = String(pair.key.value);
        const first = seen.get(key);
        if (first) out.push({ offset: offsetOf(pair.key), message: SourceMessages.duplicateKey(key, lineOf(offsetOf(first))) });
        else seen.set(key, pair.key);
      }
    }
    for (const c of children(node)) pending.push(c);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** The last use of the anchor used most often: where `yaml`'s alias limit is best explained. */
function mostUsedAlias(doc: Document): Alias | undefined {
  const uses = new Map<string, Alias[]>();
  const pending: Node[] = isNode(doc.contents) ? [doc.contents] : [];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (isAlias(node)) uses.set(node.source, [...(uses.get(node.source) ?? []), node]);
    for (const c of children(node)) pending.push(c);
  }
  let best: Alias[] = [];
  for (const list of uses.values()) if (list.length > best.length) best = list;
  return best.sort((a, b) => offsetOf(b) - offsetOf(a))[0];
}

function checkAliasesAndLimits(root: Node): DocumentProblem | undefined {
  // Anchors and aliases in document order: an alias refers to the last anchor of its name before it.
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (isAlias(node)) {
      if (targets.size >= COMPOSE_LIMITS.maxAliases) return { offset: offsetOf(node), message: SourceMessages.tooManyAliases() };
      const target = anchors.get(node.source);
      if (!target) return { offset: offsetOf(node), message: SourceMessages.unresolvedAlias(node.source) };
      targets.set(node, target);
      continue;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    const inside = children(node);
    for (let i = inside.length - 1; i >= 0; i--) pending.push(inside[i]);
  }
  removeResets(root, targets);
  // Values with aliases expanded, bottom-up and memoised (shared anchors are counted once per use, not walked).
  const size = new Map<Node, number>();
  const depth = new Map<Node, number>();
  const onPath = new Set<Node>();
  let biggest: { alias: Alias; nodes: number } | undefined;
  const stack: { node: Node; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const node = top.node;
    const next = isAlias(node) ? [targets.get(node)!] : children(node);
    if (!top.expanded) {
      top.expanded = true;
      onPath.add(node);
      for (const c of next) {
        if (onPath.has(c)) return { offset: offsetOf(node), message: SourceMessages.aliasCycle(isAlias(node) ? node.source : String(c.anchor)) };
        if (!size.has(c)) stack.push({ node: c, expanded: false });
      }
      continue;
    }
    stack.pop();
    onPath.delete(node);
    if (isAlias(node)) {
      size.set(node, size.get(next[0])!);
      depth.set(node, depth.get(next[0])!);
      if (!biggest || size.get(node)! > biggest.nodes) biggest = { alias: node, nodes: size.get(node)! };
    } else {
      size.set(node, next.reduce((n, c) => n + size.get(c)!, 1));
      depth.set(node, isCollection(node) ? 1 + next.reduce((d, c) => Math.max(d, depth.get(c)!), 0) : 0);
    }
  }
  const total = size.get(root)!;
  if (total > COMPOSE_LIMITS.maxNodes) {
    const alias = biggest && biggest.nodes > COMPOSE_LIMITS.maxNodes / 100 ? biggest.alias : undefined;
    return { offset: alias ? offsetOf(alias) : offsetOf(root), message: SourceMessages.tooManyNodes(total, alias && { name: alias.source, nodes: biggest!.nodes }) };
  }
  if (depth.get(root)! > COMPOSE_LIMITS.maxDepth) {
    // Down the deepest branch to the first value beyond the limit; through an alias, at the alias.
    let node: Node = root;
    let at = offsetOf(root);
    for (let level = 0; level < COMPOSE_LIMITS.maxDepth; level++) {
      const next: Node[] = isAlias(node) ? [targets.get(node)!] : children(node);
      const deepest = next.reduce((a, b) => (depth.get(b)! > depth.get(a)! ? b : a));
      if (isAlias(node)) level--;
      else at = offsetOf(deepest);
      node = deepest;
    }
    return { offset: at, message: SourceMessages.tooDeep() };
  }
  return undefined;
}

/** Drops every mapping entry and list item whose value is tagged `!reset` (directly or through an alias). */
function removeResets(root: Node, targets: Map<Alias, Node>): void {
  const isReset = (n: unknown) => isNode(n) && (n.tag === '!reset' || (isAlias(n) && targets.get(n)?.tag === '!reset'));
  const seen = new Set<Node>();
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (seen.has(node) || !isCollection(node)) continue;
    seen.add(node);
    node.items = (node.items as unknown[]).filter((item) => !(isPair(item) ? isReset(item.value) : isReset(item))) as typeof node.items;
    for (const c of children(node)) pending.push(c);
  }
}
