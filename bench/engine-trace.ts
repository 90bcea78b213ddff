/**
 * Engine API calls from a dockerd debug log (`dockerd --debug` writes `msg="Calling GET /v1.41/containers/json"`
 * for every request), for the deploy benchmark's --trace: which calls a step made and how many.
 */

export interface ApiCall {
  readonly at: Date;
  readonly method: string;
  /** The path with ids and names replaced by `{id}`, the API version and query values dropped. */
  readonly route: string;
}

const LINE = /^time="([^"]+)" level=debug msg="Calling (GET|POST|PUT|DELETE|HEAD) ([^"]+)"/;

/** The calls logged between `from` and `to`. */
export function apiCalls(log: string, from: Date, to: Date): ApiCall[] {
  const out: ApiCall[] = [];
  for (const line of log.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const at = new Date(m[1]);
    if (at < from || at > to) continue;
    out.push({ at, method: m[2], route: normalizeRoute(m[3]) });
  }
  return out;
}

/** `/v1.41/containers/3f2a.../json?size=1` -> `/containers/{id}/json?size`. */
export function normalizeRoute(raw: string): string {
  const [p, q] = raw.split('?');
  const parts = p.replace(/^\/v[\d.]+/, '').split('/');
  // /containers/{id}/..., /networks/{id}, /images/{name}/json: the segment after the collection is an object.
  const objectAfter = new Set(['containers', 'networks', 'images', 'volumes', 'exec', 'services', 'tasks', 'nodes']);
  for (let i = 1; i < parts.length; i++) {
    if (objectAfter.has(parts[i - 1]) && !['json', 'create', 'prune'].includes(parts[i])) parts[i] = '{id}';
  }
  const keys = q ? q.split('&').map((kv) => kv.split('=')[0]).sort().join('&') : '';
  return parts.join('/') + (keys ? `?${keys}` : '');
}

/** A few lines: calls per route, most frequent first, and the calls per second of the step. */
export function summarizeCalls(calls: readonly ApiCall[], seconds: number): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(`${c.method} ${c.route}`, (counts.get(`${c.method} ${c.route}`) ?? 0) + 1);
  const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  const head = `      ${calls.length} calls in ${seconds.toFixed(1)} s (${(calls.length / Math.max(seconds, 0.001)).toFixed(0)}/s)`;
  return [head, ...rows.map(([k, n]) => `      ${String(n).padStart(5)}  ${k}`)].join('\n');
}
