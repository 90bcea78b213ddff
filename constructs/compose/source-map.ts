import { ComposePath, ComposeProblem, ComposeSource, formatPath, SourcePosition } from './source';

/** Where part of the merged document was written: `at` in the merged document is `from` in `source`. */
interface Origin {
  readonly at: ComposePath;
  readonly source: ComposeSource;
  readonly from: ComposePath;
}

const startsWith = (path: ComposePath, prefix: ComposePath) => prefix.length <= path.length && prefix.every((x, i) => x === path[i]);

/**
 * The files a project was merged from (several `-f` files, an override file, `include`d and `extends` files), so
 * that a problem found in the merged document is reported at the file, line and column where the value was
 * written. A path is looked up in every file that contributed to it; the file that holds most of it wins, and
 * among equals the one merged last (whose value Compose keeps).
 */
export class ComposeSources {
  private readonly origins: Origin[] = [];

  constructor(public readonly main: ComposeSource) {
    this.origins.push({ at: [], source: main, from: [] });
  }

  /** The first file's name (messages about the project as a whole). */
  public get file(): string {
    return this.main.file;
  }

  /** Every file read, in the order they were read. */
  public get files(): string[] {
    return [...new Set(this.origins.map((o) => o.source.file))];
  }

  /** A file merged over what is there: its values win at equal depth. */
  public add(source: ComposeSource, at: ComposePath = [], from: ComposePath = at): void {
    if (this.origins.some((o) => o.source === source && o.at.join('\0') === at.join('\0'))) return;
    this.origins.push({ at, source, from });
  }

  /** A file that lies under what is there (an `extends` base, an `include`d file): the others win at equal depth. */
  public addBelow(source: ComposeSource, at: ComposePath = [], from: ComposePath = at): void {
    this.origins.unshift({ at, source, from });
  }

  /** The sources of a file merged over this one (the next `-f` file): its files win at equal depth. */
  public mergeAbove(other: ComposeSources): void {
    for (const o of other.origins) this.origins.push(o);
  }

  /** The sources of another project (an `include`d one), below this project's own files. */
  public includeBelow(other: ComposeSources): void {
    this.origins.unshift(...other.origins);
  }

  private pick(path: ComposePath): { source: ComposeSource; path: ComposePath } {
    let best = { source: this.main, path, depth: -1 };
    for (const o of this.origins) {
      if (!startsWith(path, o.at)) continue;
      const translated = [...o.from, ...path.slice(o.at.length)];
      const depth = o.source.depth(translated) - o.from.length + o.at.length;
      if (depth >= best.depth && (depth > o.at.length || o.at.length === 0 || best.depth < 0)) best = { source: o.source, path: translated, depth };
    }
    return best;
  }

  /** Where `path` of the merged document is written (see {@link ComposeSource.position}). */
  public position(path: ComposePath, key = false): SourcePosition {
    const p = this.pick(path);
    return p.source.position(p.path, key);
  }

  /** `file:line:column: path: message`, the path as it is in the merged document. */
  public describe(problem: ComposeProblem, key = false): string {
    const p = this.position(problem.path, key);
    return `${p.file}:${p.line}:${p.column}: ${formatPath(problem.path)}: ${problem.message}`;
  }
}
