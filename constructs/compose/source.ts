import { isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';

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
 * A Compose file parsed with `yaml`, keeping where every node came from, so that each message can name the
 * file, line and column.
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
  private readonly doc;

  private constructor(
    public readonly text: string,
    public readonly file: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.counter, merge: true, prettyErrors: false, uniqueKeys: true });
    this.syntaxErrors = this.doc.errors.map((e) => {
      const pos = this.counter.linePos(e.pos[0]);
      return `${file}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`;
    });
    this.data = this.syntaxErrors.length === 0 ? this.doc.toJS({ maxAliasCount: 1000 }) : undefined;
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
