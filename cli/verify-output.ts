/**
 * What `docker-network-cdktf verify` prints: the matrix (from, to, port, expectation, result, reason) as a table on
 * a terminal and plain lines otherwise, the same as JSON, and the topology diagram (constructs/report/diagram.ts)
 * with the checked pairs drawn over it in green (passed) and red (failed). The overlay only adds edges to the
 * diagram's DOT text; the diagram itself is unchanged.
 */
import Table from 'cli-table3';
import { diagramNodeId } from '../constructs/report/diagram';
import { toDot, TopologyModel } from '../constructs/report';
import { Judged, Outcome } from './verify-probe';
import { VerifyCheck } from './verify-plan';

/** One row of the matrix. */
export interface MatrixRow {
  readonly from: string;
  readonly to: string;
  /** The port tried, if any. */
  readonly port?: number;
  /** The network (a pair's shared network, a published port's interface) the check is about. */
  readonly network?: string;
  /** What was checked: resolves, reaches, isolated, no-way-out, published, published-elsewhere. */
  readonly check: string;
  readonly expect: 'allow' | 'deny';
  readonly result: Outcome;
  readonly reason: string;
  /** The host whose engine ran the probe. */
  readonly host: string;
}

/** The whole outcome, as `--json` prints it. */
export interface VerifyReport {
  readonly stack: string;
  readonly summary: { readonly pass: number; readonly fail: number; readonly skipped: number };
  readonly checks: readonly MatrixRow[];
}

export function matrix(stack: string, checks: readonly VerifyCheck[], results: ReadonlyMap<number, Judged>): VerifyReport {
  const rows: MatrixRow[] = checks.map((c) => {
    const r = results.get(c.id) ?? { result: 'skipped' as const, reason: 'not run' };
    return { from: c.from, to: c.to, port: c.port, network: c.network, check: c.kind, expect: c.expect, result: r.result, reason: r.reason, host: c.host };
  });
  const count = (o: Outcome) => rows.filter((r) => r.result === o).length;
  return { stack, summary: { pass: count('pass'), fail: count('fail'), skipped: count('skipped') }, checks: rows };
}

const MARK: Record<Outcome, string> = { pass: 'pass', fail: 'FAIL', skipped: 'skipped' };
const COLOR: Record<Outcome, string> = { pass: '\x1b[32m', fail: '\x1b[31m', skipped: '\x1b[33m' };

function summaryLine(r: VerifyReport): string {
  const { pass, fail, skipped } = r.summary;
  const verdict = fail > 0 ? `FAILED: ${fail} check(s) disagree with what the stack declares` : 'the engine does what the stack declares';
  return `stack ${r.stack}: ${pass} passed, ${fail} failed, ${skipped} skipped; ${verdict}\n`;
}

/** The matrix as text: a table when `table` (a terminal), else one plain line per check; failures named again at the end. */
export function renderMatrix(r: VerifyReport, options: { readonly table: boolean; readonly color: boolean }): string {
  const paint = (o: Outcome, text: string) => (options.color ? `${COLOR[o]}${text}\x1b[0m` : text);
  const what = (row: MatrixRow) => `${row.check}${row.network ? ` (${row.network})` : ''}`;
  let body: string;
  if (options.table) {
    const t = new Table({ head: ['from', 'to', 'port', 'check', 'expect', 'result', 'reason'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, null, null, null, null, 60] as any });
    for (const row of r.checks) t.push([row.from, row.to, row.port ?? '-', what(row), row.expect, paint(row.result, MARK[row.result]), row.reason]);
    body = `${t.toString()}\n`;
  } else {
    body = r.checks.map((row) => `${MARK[row.result].padEnd(7)} ${row.expect.padEnd(5)} ${row.from} -> ${row.to}${row.port !== undefined ? `:${row.port}` : ''}  ${what(row)}: ${row.reason}\n`).join('');
  }
  const failed = r.checks.filter((x) => x.result === 'fail');
  const named = failed.map((x) => `  ${x.from} -> ${x.to}${x.port !== undefined ? `:${x.port}` : ''}: expected ${x.expect}, ${x.check}: ${x.reason}\n`).join('');
  return `${body}${failed.length > 0 ? `\nfailed:\n${named}` : ''}${summaryLine(r)}`;
}

const EDGE: Record<Outcome, string> = { pass: '#16a34a', fail: '#dc2626', skipped: '#9ca3af' };

/** The worst outcome of a group: fail over pass over skipped. */
function worst(rows: readonly MatrixRow[]): Outcome {
  return rows.some((r) => r.result === 'fail') ? 'fail' : rows.some((r) => r.result === 'pass') ? 'pass' : 'skipped';
}

/**
 * The diagram's DOT text with one edge per checked pair drawn over it: green when every check of the pair passed,
 * red when one failed (grey: skipped); solid for an allowed pair, dashed for a denied one. Checks towards the
 * outside and from the host get nodes of their own.
 */
export function verifyDot(model: TopologyModel, checks: readonly VerifyCheck[], report: VerifyReport): string {
  const multi = model.hosts.length > 1;
  const node = (host: string, label: string) => (label.startsWith('service ') ? diagramNodeId(undefined, label.slice(8)) : diagramNodeId(host, multi ? label.slice(label.indexOf('/') + 1) : label));
  const groups = new Map<string, { a: string; b: string; expect: string; rows: MatrixRow[] }>();
  const extra: string[] = [];
  report.checks.forEach((row, i) => {
    const c = checks[i];
    let a: string;
    let b: string;
    if (c.kind === 'no-way-out' || c.kind === 'published' || c.kind === 'published-elsewhere') {
      const outside = JSON.stringify(`verify/${c.kind === 'no-way-out' ? 'outside' : 'host'}/${c.host}`);
      if (!extra.includes(outside)) extra.push(outside);
      [a, b] = c.kind === 'no-way-out' ? [node(c.host, c.from), outside] : [outside, node(c.host, c.to)];
    } else {
      const [x, y] = [node(c.host, c.from), node(c.host, c.to)].sort();
      [a, b] = [x, y];
    }
    const key = `${a} ${b} ${c.expect}`;
    const g = groups.get(key) ?? { a, b, expect: c.expect, rows: [] };
    g.rows.push(row);
    groups.set(key, g);
  });
  const { pass, fail, skipped } = report.summary;
  const legend = `verify: ${pass} passed, ${fail} failed, ${skipped} skipped\ngreen: passed, red: failed, grey: skipped\nsolid: must reach, dashed: must not`;
  const lines = [`  "verify/legend" [shape=note, color="${fail > 0 ? EDGE.fail : EDGE.pass}", fontcolor="${fail > 0 ? EDGE.fail : EDGE.pass}", label=${JSON.stringify(legend)}];`];
  lines.push(...extra.map((n) => `  ${n} [shape=note, style=dashed, color="#6b7280", label=${JSON.stringify(n.includes('/outside/') ? 'outside (no route expected)' : 'host loopback')}];`));
  for (const g of groups.values()) {
    const o = worst(g.rows);
    const label = `${g.expect} ${o === 'pass' ? 'ok' : o === 'fail' ? 'FAILED' : 'skipped'}`;
    lines.push(`  ${g.a} -> ${g.b} [dir=none, constraint=false, penwidth=2.5, color="${EDGE[o]}", fontcolor="${EDGE[o]}", style=${g.expect === 'deny' ? 'dashed' : 'solid'}, label=${JSON.stringify(label)}];`);
  }
  const dot = toDot(model);
  const end = dot.lastIndexOf('}');
  return `${dot.slice(0, end)}  // verify: checked pairs (green passed, red failed, dashed: must not reach)\n${lines.join('\n')}\n}\n`;
}
