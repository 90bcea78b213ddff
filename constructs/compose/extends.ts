import * as path from 'path';
import { COMPOSE_LIMITS } from './limits';
import { LoadMessages } from './load-messages';
import { applyTags, mergeValue } from './merge';
import { Environment } from './interpolation';
import { ComposePath, ComposeSource } from './source';
import { ComposeSources } from './source-map';
import { isObj, Obj } from './values';

/** One file read: its source, its data (interpolated, paths rebased) and the files it drew on. */
export interface LoadedFile {
  readonly source: ComposeSource;
  readonly data: Obj;
  readonly sources: ComposeSources;
}

/** Where a file is read from and what it may see. */
export interface FileContext {
  /** Relative paths of the file (bind sources, build contexts, env_file, include, extends) start here. */
  readonly base: string;
  readonly env: Environment;
  readonly depth: number;
  /** The files that include this one, to find cycles. */
  readonly chain: readonly string[];
}

/** What resolving `extends` needs of the project loader: the guard, base files, and where problems go. */
export interface BaseLoader {
  guard(what: string, written: unknown, base: string): { file?: string; error?: string; missing?: boolean };
  loadBase(file: string, ctx: FileContext): LoadedFile | undefined;
  fail(source: ComposeSource, at: ComposePath, message: string): undefined;
  /** Leaves a part out of the mapping: its problem is reported, and what it lacks would only repeat it. */
  leaveOut(path: ComposePath): void;
}

/**
 * Resolves `extends` of a file's services on demand (a base file's other services are not read), merging each
 * base under the service that extends it, as compose-go does; a cycle or a missing base is an error at `extends`.
 */
export class ExtendsResolver {
  private readonly done = new Set<string>();

  constructor(
    private readonly loader: BaseLoader,
    private readonly source: ComposeSource,
    private readonly sources: ComposeSources,
    private readonly ctx: FileContext,
  ) {}

  public apply(data: Obj): Obj {
    if (!isObj(data.services)) return data;
    const services: Obj = { ...data.services };
    for (const name of Object.keys(services)) this.resolve(name, services, this.source, this.ctx, []);
    return { ...data, services };
  }

  private resolve(name: string, services: Obj, source: ComposeSource, ctx: FileContext, chain: string[]): unknown {
    const s = services[name];
    const key = `${source.file}#${name}`;
    if (!isObj(s) || s.extends === undefined || this.done.has(key)) return s;
    const resolved = this.merge(name, s, services, source, ctx, chain);
    // A service whose base could not be read is left out of the mapping: "neither image nor build" and "extends is
    // not carried over" would only repeat the one problem already reported at its extends.
    if (resolved === undefined || resolved === s) this.loader.leaveOut(['services', name]);
    return resolved;
  }

  private merge(name: string, s: Obj, services: Obj, source: ComposeSource, ctx: FileContext, chain: string[]): unknown {
    const key = `${source.file}#${name}`;
    const at: ComposePath = ['services', name, 'extends'];
    if (chain.includes(key)) return this.loader.fail(source, at, LoadMessages.extendsCycle([...chain, key].map((k) => k.split('#')[1])));
    if (chain.length >= COMPOSE_LIMITS.maxFileNesting) return this.loader.fail(source, at, LoadMessages.tooDeep());
    const ext = typeof s.extends === 'string' ? { service: s.extends } : isObj(s.extends) ? s.extends : {};
    const ref = ext.service;
    if (typeof ref !== 'string') return this.loader.fail(source, at, LoadMessages.badShape('extends', 'a service name, or { service: base, file: common.yaml }'));
    let baseServices = services;
    let baseSource = source;
    let baseCtx = ctx;
    if (ext.file !== undefined) {
      const g = this.loader.guard('the extends file', ext.file, ctx.base);
      if (g.error) return this.loader.fail(source, [...at, 'file'], g.error);
      baseCtx = { ...ctx, base: path.dirname(g.file!), depth: ctx.depth + 1 };
      if (baseCtx.depth > COMPOSE_LIMITS.maxFileNesting) return this.loader.fail(source, at, LoadMessages.tooDeep());
      const base = this.loader.loadBase(g.file!, ctx);
      if (!base) return undefined;
      baseServices = isObj(base.data.services) ? { ...base.data.services } : {};
      baseSource = base.source;
    }
    if (!(ref in baseServices)) return this.loader.fail(source, at, LoadMessages.extendsNotFound(name, ref, ext.file === undefined ? 'this file' : String(ext.file), Object.keys(baseServices)));
    const base = this.resolve(ref, baseServices, baseSource, baseCtx, [...chain, key]);
    if (!isObj(base)) return s;
    this.sources.addBelow(baseSource, ['services', name], ['services', ref]);
    const tagged = (applyTags({ services: { [name]: structuredClone(base) } }, source.tags).services as Obj)[name];
    const merged = mergeValue(tagged, s, ['services', name]) as Obj;
    delete merged.extends;
    services[name] = merged;
    this.done.add(key);
    return merged;
  }
}

