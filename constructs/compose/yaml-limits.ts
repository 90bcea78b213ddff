import { Alias, Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Node } from 'yaml';
import { SourceMessages } from './errors';
import { COMPOSE_LIMITS } from './limits';

/**
 * The checks of a parsed Compose document before it becomes data (stage 1, load): duplicate keys, aliases and
 * their anchors, the size and depth of the document with its aliases expanded, and Compose's `!reset` tag.
 */

export function isNode(x: unknown): x is Node {
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

export const offsetOf = (node: Node) => node.range?.[0] ?? 0;

/**
 * Resolves the Compose tags and checks the document before it becomes data: no key twice in a mapping, every
 * alias has an anchor before it and is not inside it, and within {@link COMPOSE_LIMITS} the document with its
 * aliases expanded has at most `maxNodes` values and nests at most `maxDepth` levels. `!reset` removes the value
 * it tags (and its key), as Compose does for one file; `!override` keeps it. Iterative, linear in the file.
 */
export function checkDocument(doc: Document, lineOf: (offset: number) => number): DocumentProblem[] {
  const root = doc.contents;
  if (!isNode(root)) return [];
  const duplicates = duplicateKeys(root, lineOf);
  if (duplicates.length > 0) return duplicates;
  const problem = checkAliasesAndLimits(root);
  return problem ? [problem] : [];
}

/** Keys written twice in one mapping (merge keys `<<` aside), at the second, naming the first's line; and keys that are mappings or lists. */
function duplicateKeys(root: Node, lineOf: (offset: number) => number): DocumentProblem[] {
  const out: DocumentProblem[] = [];
  const pending: Node[] = [root];
  const badKeys = new Set<Node>(); // reported once, not their insides
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (badKeys.has(node)) continue;
    if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        // A mapping or list as a key (`{{ .Values.x }}: ...`, a Helm template): Compose keys are names, and yaml
        // would turn it into "[object Object]" with a Node warning on stderr.
        if (isMap(pair.key) || isSeq(pair.key)) {
          out.push({ offset: offsetOf(pair.key), message: SourceMessages.collectionKey(isMap(pair.key) ? 'mapping' : 'list') });
          badKeys.add(pair.key);
        }
        if (!isScalar(pair.key) || pair.key.value === '<<') continue;
        const key = String(pair.key.value);
        if (key === '__proto__') out.push({ offset: offsetOf(pair.key), message: SourceMessages.protoKey() });
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
export function mostUsedAlias(doc: Document): Alias | undefined {
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

/** A mapping entry tagged `!reset` or `!override`: what it replaces in the files merged before this one. */
export interface TaggedPath {
  readonly path: readonly string[];
  readonly tag: 'reset' | 'override';
}

/**
 * The mapping entries of a document tagged `!reset` or `!override` (directly or through an alias), by path: when
 * several files are merged, Compose removes these paths from what the files before this one hold before merging it (a `!reset`
 * entry then stays absent, an `!override` value replaces instead of merging). Aliases are not followed (their
 * target is walked where it is written), so this is linear in the file.
 */
export function taggedPaths(doc: Document): TaggedPath[] {
  const out: TaggedPath[] = [];
  const tagOf = (n: unknown): string | undefined => (isAlias(n) ? (n.resolve(doc) as Node | undefined)?.tag : isNode(n) ? n.tag : undefined);
  const pending: { node: unknown; path: string[] }[] = [{ node: doc.contents, path: [] }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (!isMap(node) || path.length > COMPOSE_LIMITS.maxDepth) continue;
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.key.value === '<<') continue;
      const p = [...path, String(pair.key.value)];
      const tag = tagOf(pair.value);
      if (tag === '!reset' || tag === '!override') out.push({ path: p, tag: tag === '!reset' ? 'reset' : 'override' });
      if (tag !== '!reset') pending.push({ node: pair.value, path: p });
    }
  }
  return out;
}
