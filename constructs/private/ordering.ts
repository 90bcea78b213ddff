/**
 * The order Terraform creates containers in, as far as the library sets it: pure graph logic over nodes that
 * say which others they reference. Two kinds of edges:
 * - reference edges (a container uses another's address, read from its network_data: docker0 links, link
 *   variables): Terraform follows them by itself, and a cycle among them fails apply with "Error: Cycle";
 * - ordering edges the library adds (`depends_on`): on a network whose dynamic addresses come from the whole
 *   subnet (no ipRange), containers with a static address are created before those without, so that no dynamic
 *   container takes a static address first ("Address already in use"). An ordering edge that would close a
 *   cycle is left out.
 */
/** Every cycle among `edges` (each once, as the list of its nodes from the smallest key), in key order. */
export function findCycles<T extends object>(nodes: readonly T[], edges: (n: T) => readonly T[], keyOf: (n: T) => string): T[][] {
  const key = (n: T) => keyOf(n);
  const sorted = [...nodes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const seen = new Set<string>();
  const cycles: T[][] = [];
  for (const start of sorted) {
    // The shortest cycle through `start` whose nodes all sort after it (so each cycle is found from its first node).
    const prev = new Map<T, T>();
    const queue: T[] = [start];
    let found: T[] | undefined;
    while (queue.length > 0 && !found) {
      const cur = queue.shift()!;
      for (const next of edges(cur)) {
        if (next === start) {
          const path = [cur];
          for (let p = prev.get(cur); p !== undefined; p = prev.get(p)) path.push(p);
          found = path.reverse();
          if (found[0] !== start) found.unshift(start);
          break;
        }
        if (key(next) < key(start) || prev.has(next) || next === cur) continue;
        prev.set(next, cur);
        queue.push(next);
      }
    }
    if (found) {
      const id = found.map(key).join('>');
      if (!seen.has(id)) {
        seen.add(id);
        cycles.push(found);
      }
    }
  }
  return cycles;
}

/** True when `to` is reachable from `from`. */
export function reaches<T>(from: T, to: T, edges: (n: T) => readonly T[]): boolean {
  const stack = [from];
  const visited = new Set<T>();
  while (stack.length > 0) {
    const cur = stack.pop()!;
    if (cur === to) return true;
    if (visited.has(cur)) continue;
    visited.add(cur);
    stack.push(...edges(cur));
  }
  return false;
}

/**
 * Adds the candidate ordering edges (in the order given) that keep the graph acyclic, on top of the fixed
 * reference edges. Returns the accepted edges by node.
 */
export function acceptOrdering<T>(fixed: (n: T) => readonly T[], candidates: readonly [T, T][]): Map<T, T[]> {
  const accepted = new Map<T, T[]>();
  const all = (n: T) => [...fixed(n), ...(accepted.get(n) ?? [])];
  for (const [from, to] of candidates) {
    if (from === to || (accepted.get(from) ?? []).includes(to)) continue;
    if (reaches(to, from, all)) continue; // would close a cycle
    accepted.set(from, [...(accepted.get(from) ?? []), to]);
  }
  return accepted;
}

/**
 * The candidate ordering edges of one host, in order: for each container (in the order given, by path), for each
 * network it takes a dynamic address on from the whole subnet (in the order attached), an edge to each other
 * container with a static address there (in the order given). Networks are compared by identity.
 */
export function addressOrderCandidates<T, N>(sorted: readonly T[], roles: (n: T) => { readonly dynamicOn: readonly N[]; readonly staticOn: readonly N[] }): [T, T][] {
  const of = new Map(sorted.map((n) => [n, roles(n)]));
  const staticBy = new Map<N, T[]>();
  for (const n of sorted) {
    for (const net of of.get(n)!.staticOn) {
      const list = staticBy.get(net);
      if (list) list.push(n);
      else staticBy.set(net, [n]);
    }
  }
  const out: [T, T][] = [];
  for (const d of sorted) {
    for (const net of of.get(d)!.dynamicOn) for (const s of staticBy.get(net) ?? []) if (s !== d) out.push([d, s]);
  }
  return out;
}
