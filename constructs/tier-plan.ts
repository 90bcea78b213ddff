/**
 * Network planning for tiers, as pure logic: given tiers and the pairs allowed to talk, the fewest networks
 * (each a set of tiers) such that two tiers share a network exactly when they are allowed to talk, and every
 * tier is on at least one network. A network is a clique of the "may talk" graph, so this is a minimum
 * edge-and-vertex clique cover: exact for the handful of tiers real topologies have, greedy past that.
 */

/** The networks for a set of tiers: each entry lists the tiers on one network, sorted by name. */
export interface TierNetworkPlan {
  readonly networks: readonly (readonly string[])[];
}

/** At most this many maximal cliques are searched exhaustively; beyond, a greedy cover is used. */
const EXACT_LIMIT = 16;

/** Plans the networks; `allowed` pairs are unordered (Docker networks are symmetric). */
export function planTierNetworks(tiers: readonly string[], allowed: readonly (readonly [string, string])[]): TierNetworkPlan {
  const names = [...new Set(tiers)].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const adj: Set<number>[] = names.map(() => new Set<number>());
  const edges: [number, number][] = [];
  for (const [a, b] of allowed) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new Error(`allowed pair ${a}-${b} names an unknown tier`);
    if (i === j || adj[i].has(j)) continue;
    adj[i].add(j);
    adj[j].add(i);
    edges.push(i < j ? [i, j] : [j, i]);
  }
  const cliques = maximalCliques(names.length, adj);
  const covers = (chosen: number[][]) =>
    edges.every(([i, j]) => chosen.some((c) => c.includes(i) && c.includes(j))) && names.every((_, v) => chosen.some((c) => c.includes(v)));
  let best: number[][] | undefined;
  if (cliques.length <= EXACT_LIMIT) {
    for (let k = 1; k <= cliques.length && !best; k++) {
      for (const combo of combinations(cliques, k)) {
        if (covers(combo)) {
          best = combo;
          break;
        }
      }
    }
  }
  if (!best) best = greedyCover(cliques, edges, names.length);
  const networks = best.map((c) => c.map((v) => names[v]).sort()).sort((x, y) => (x.join() < y.join() ? -1 : x.join() > y.join() ? 1 : 0));
  return { networks };
}

/** Bron-Kerbosch with pivoting; cliques as sorted vertex lists, in a deterministic order. */
function maximalCliques(n: number, adj: Set<number>[]): number[][] {
  const out: number[][] = [];
  const bk = (r: number[], p: Set<number>, x: Set<number>) => {
    if (p.size === 0 && x.size === 0) {
      out.push([...r].sort((a, b) => a - b));
      return;
    }
    const pivot = [...p, ...x].reduce((best, u) => (adj[u].size > adj[best].size ? u : best), [...p, ...x][0]);
    for (const v of [...p].filter((v) => !adj[pivot].has(v))) {
      bk([...r, v], new Set([...p].filter((u) => adj[v].has(u))), new Set([...x].filter((u) => adj[v].has(u))));
      p.delete(v);
      x.add(v);
    }
  };
  bk([], new Set(Array.from({ length: n }, (_, i) => i)), new Set());
  return out.sort((a, b) => b.length - a.length || a.join().localeCompare(b.join()));
}

function* combinations<T>(items: T[], k: number, start = 0, acc: T[] = []): Generator<T[]> {
  if (acc.length === k) {
    yield [...acc];
    return;
  }
  for (let i = start; i <= items.length - (k - acc.length); i++) {
    acc.push(items[i]);
    yield* combinations(items, k, i + 1, acc);
    acc.pop();
  }
}

function greedyCover(cliques: number[][], edges: [number, number][], n: number): number[][] {
  const chosen: number[][] = [];
  const uncoveredEdges = new Set(edges.map(([i, j]) => `${i},${j}`));
  const uncoveredNodes = new Set(Array.from({ length: n }, (_, i) => i));
  while (uncoveredEdges.size > 0 || uncoveredNodes.size > 0) {
    let best = cliques[0];
    let bestGain = -1;
    for (const c of cliques) {
      let gain = c.filter((v) => uncoveredNodes.has(v)).length;
      for (let a = 0; a < c.length; a++) for (let b = a + 1; b < c.length; b++) if (uncoveredEdges.has(`${c[a]},${c[b]}`)) gain += n;
      if (gain > bestGain) {
        best = c;
        bestGain = gain;
      }
    }
    chosen.push(best);
    for (const v of best) uncoveredNodes.delete(v);
    for (let a = 0; a < best.length; a++) for (let b = a + 1; b < best.length; b++) uncoveredEdges.delete(`${best[a]},${best[b]}`);
  }
  return chosen;
}
