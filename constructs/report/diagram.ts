/**
 * The topology as a Graphviz diagram: one box per host with its networks (Linux bridges) and containers,
 * overlays and swarm services beside the hosts they span, published ports as entry points. `toDot` is pure;
 * the layout is Graphviz compiled to WebAssembly (@viz-js/viz), so nothing needs installing.
 */
import { Difference } from './diff';
import { ReportErrors } from './errors';
import { ContainerModel, HostModel, NetworkModel, reachability, ServiceModel, taskCount, TopologyModel } from './model';
import { layOutInWorker } from './svg-worker';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const id = (...parts: string[]) => JSON.stringify(parts.join('/'));

/** The DOT id of a container's node (of a swarm service's, with `host` undefined) in {@link toDot}'s diagram, for overlays. */
export function diagramNodeId(host: string | undefined, name: string): string {
  return host === undefined ? id('svc', name) : id('ctr', host, name);
}

const COLORS = {
  network: '#dbeafe',
  networkBorder: '#1d4ed8',
  internal: '#fef3c7',
  internalBorder: '#b45309',
  builtin: '#e5e7eb',
  builtinBorder: '#6b7280',
  overlay: '#ede9fe',
  overlayBorder: '#6d28d9',
  container: '#ffffff',
  service: '#f5f3ff',
  port: '#dcfce7',
  portBorder: '#15803d',
  missing: '#dc2626',
  extra: '#ea580c',
  changed: '#9333ea',
};

/** Options of {@link toDot}. */
export interface DotOptions {
  /**
   * Differences from the declared topology (live diagrams): missing objects drawn dashed red where they should
   * be, extra ones orange, changed ones purple.
   * @default - none
   */
  readonly differences?: readonly Difference[];
}

function networkLabel(n: NetworkModel): string {
  const lines = [`<B>${esc(n.name)}</B>`];
  const sub = n.subnets.map((s) => s.subnet).join('  ') || (n.driver === 'host' ? "the host's namespace" : n.driver === 'null' ? 'loopback only' : 'subnet picked by Docker');
  lines.push(esc(sub));
  const facts: string[] = [];
  if (n.driver === 'bridge') facts.push(`bridge ${esc(n.linuxBridge ?? 'br-<id>')}`);
  else facts.push(`${n.driver}${n.encrypted ? ', encrypted' : ''}`);
  if (n.tiers) facts.push(`tiers ${esc(n.tiers.join(' + '))}`);
  lines.push(...facts);
  if (n.internal) lines.push('<I>internal: no route out</I>');
  if (!n.icc) lines.push('<I>icc off: members cannot talk</I>');
  if (n.builtin && n.driver === 'bridge') lines.push('<I>no DNS: by address only</I>');
  return `<${lines.join('<BR/>')}>`;
}

function networkNode(key: string, n: NetworkModel, changed = false): string {
  const overlay = n.scope === 'swarm';
  const fill = n.builtin ? COLORS.builtin : overlay ? COLORS.overlay : n.internal ? COLORS.internal : COLORS.network;
  const border = changed ? COLORS.changed : n.builtin ? COLORS.builtinBorder : overlay ? COLORS.overlayBorder : n.internal ? COLORS.internalBorder : COLORS.networkBorder;
  const style = n.internal ? 'filled,dashed,bold' : 'filled,bold';
  const label = changed ? networkLabel(n).replace(/>$/, `<BR/><FONT COLOR="${COLORS.changed}">changed: see the report</FONT>>`) : networkLabel(n);
  return `${key} [shape=box, style="${style}", fillcolor="${fill}", color="${border}", penwidth=${changed ? 2.5 : 1.5}, margin="0.3,0.1", label=${label}];`;
}

function containerNode(key: string, c: ContainerModel, extra = false): string {
  const note = extra ? `<BR/><FONT POINT-SIZE="10" COLOR="${COLORS.extra}">not declared</FONT>` : '';
  const label = `<<B>${esc(c.name)}</B>${c.tier ? `<BR/><FONT POINT-SIZE="10">tier ${esc(c.tier)}</FONT>` : ''}${note}>`;
  return `${key} [shape=box, style="rounded,filled", fillcolor="${COLORS.container}", color="${extra ? COLORS.extra : '#000000'}", penwidth=${extra ? 2.5 : 1}, margin="0.25,0.06", label=${label}];`;
}

/** A node for something declared that the engine lacks. */
function ghostNode(key: string, name: string, rounded: boolean): string {
  const label = `<<B>${esc(name)}</B><BR/><FONT POINT-SIZE="10" COLOR="${COLORS.missing}">missing on the engine</FONT>>`;
  return `${key} [shape=box, style="${rounded ? 'rounded,' : ''}dashed,bold", color="${COLORS.missing}", fontcolor="#6b7280", margin="0.25,0.06", label=${label}];`;
}

function attrs(parts: Record<string, string | undefined>): string {
  return Object.entries(parts)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The legend: only the kinds of nodes the diagram has. */
function legend(model: TopologyModel, differences: readonly Difference[]): string {
  const nets = [...model.hosts.flatMap((h) => h.networks), ...model.overlays];
  const cell = (fill: string, border: string, text: string, dashed = false) =>
    `<TD BGCOLOR="${fill}" COLOR="${border}" BORDER="1"${dashed ? ' STYLE="dashed"' : ''}> ${esc(text)} </TD>`;
  const cells: string[] = [];
  if (nets.some((n) => n.scope === 'local' && !n.builtin && !n.internal)) cells.push(cell(COLORS.network, COLORS.networkBorder, 'bridge network'));
  if (nets.some((n) => n.internal)) cells.push(cell(COLORS.internal, COLORS.internalBorder, 'internal network (no route out)', true));
  if (nets.some((n) => n.builtin)) cells.push(cell(COLORS.builtin, COLORS.builtinBorder, 'built-in network'));
  if (nets.some((n) => n.scope === 'swarm')) cells.push(cell(COLORS.overlay, COLORS.overlayBorder, 'overlay (spans hosts)'));
  cells.push(cell(COLORS.container, '#000000', 'container'));
  if (differences.some((d) => d.kind === 'missing')) cells.push(cell('#ffffff', COLORS.missing, 'missing on the engine', true));
  if (differences.some((d) => d.kind === 'extra')) cells.push(cell('#ffffff', COLORS.extra, 'not declared'));
  if (differences.some((d) => d.kind === 'changed')) cells.push(cell('#ffffff', COLORS.changed, 'changed'));
  if (model.hosts.some((h) => h.containers.some((c) => c.ports.length > 0)) || model.services.some((s) => s.ports.length > 0)) cells.push(cell(COLORS.port, COLORS.portBorder, 'published port'));
  const apart = reachability(model).filter((r) => r.from < r.to && r.via.length === 0);
  const pairs = reachability(model).filter((r) => r.from < r.to).length;
  const noteText =
    apart.length === 0 ? undefined
    : apart.length === pairs && pairs > 1 ? 'no two containers share a network: none reaches another'
    : apart.length <= 3 ? `no shared network, no traffic: ${apart.map((r) => `${r.from} / ${r.to}`).join(', ')}`
    : `${apart.length} pairs share no network (see topology.txt)`;
  const note = noteText ? `<TR><TD COLSPAN="${cells.length}">${esc(noteText)}</TD></TR>` : '';
  const title = `stack ${model.stack}, ${model.source === 'declared' ? 'as declared' : 'as read from the engine'}`;
  const rule = 'containers reach each other only over a network they share';
  return `<<TABLE BORDER="0" CELLSPACING="4"><TR><TD COLSPAN="${cells.length}"><B>${esc(title)}</B></TD></TR><TR><TD COLSPAN="${cells.length}">${rule}</TD></TR>${note}<TR>${cells.join('')}</TR></TABLE>>`;
}

/** An edge between a member (container, service) and a network, directed at the end by the flow depth. */
interface Link {
  readonly a: string;
  readonly b: string;
  readonly label?: string;
  readonly color?: string;
  readonly style?: string;
}

/** What toDot collects while it walks the model: node lines, member-network links, flow roots, port edges. */
interface DotParts {
  readonly model: TopologyModel;
  readonly diffs: readonly Difference[];
  readonly overlayNames: ReadonlySet<string>;
  readonly out: string[];
  readonly links: Link[];
  readonly roots: string[];
  readonly portEdges: string[];
}

const onHost = (parts: DotParts, host: string | undefined, kind: Difference['kind'], object: Difference['object']) =>
  parts.diffs.filter((d) => d.host === host && d.kind === kind && d.object === object);

/** Graphviz DOT text for the topology. */
export function toDot(model: TopologyModel, options: DotOptions = {}): string {
  // Differences read back from JSON may predate the container/network fields: fall back on the name.
  const diffs = (options.differences ?? []).map((d) => {
    const [c, n] = d.object === 'attachment' ? d.name.split(' on ') : [d.name, d.name];
    return { ...d, container: d.container ?? (d.object === 'network' ? undefined : c), network: d.network ?? (d.object === 'attachment' || d.object === 'network' ? n : undefined) };
  });
  const out: string[] = [];
  out.push(`digraph ${JSON.stringify(model.stack)} {`);
  out.push('  graph [rankdir=LR, fontname="Verdana", fontsize=12, nodesep=0.3, ranksep=0.9, newrank=true, pad=0.3, labelloc=b,');
  out.push(`         label=${legend(model, diffs)}];`);
  out.push('  node [fontname="Verdana", fontsize=11];');
  out.push('  edge [fontname="Verdana", fontsize=9, dir=none, color="#475569"];');
  // Nodes, and the links between members and networks (with their edge labels).
  const parts: DotParts = { model, diffs, overlayNames: new Set(model.overlays.map((o) => o.name)), out, links: [], roots: [], portEdges: [] };
  for (const h of model.hosts) hostCluster(parts, h);
  for (const n of model.overlays) out.push(`  ${networkNode(id('overlay', n.name), n, onHost(parts, undefined, 'changed', 'network').some((d) => d.network === n.name))}`);
  for (const d of onHost(parts, undefined, 'missing', 'network')) out.push(`  ${ghostNode(id('overlay', d.network!), d.network!, false)}`);
  for (const s of model.services) serviceNode(parts, s);
  const depth = flowDepths(parts.roots, parts.links);
  for (const l of parts.links) {
    const [from, to] = (depth.get(l.a) ?? 0) <= (depth.get(l.b) ?? 0) ? [l.a, l.b] : [l.b, l.a];
    const label = l.label ? l.label : undefined;
    out.push(`  ${from} -> ${to} [${attrs({ label: label && `"${label.replace(/"/g, '\"')}"`, color: l.color && `"${l.color}"`, fontcolor: l.color && `"${l.color}"`, style: l.style, penwidth: l.color ? '2' : undefined })}];`);
  }
  out.push(...parts.portEdges);
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** One host's cluster: its networks, containers and published ports, and its containers' links to networks. */
function hostCluster(parts: DotParts, h: HostModel): void {
  const { out, links, diffs, overlayNames } = parts;
  out.push(`  subgraph ${JSON.stringify(`cluster_host_${h.name}`)} {`);
  out.push(`    label=${JSON.stringify(`host ${h.name}: ${h.endpoint}`)}; labelloc=t; style="rounded"; color="#64748b"; fontsize=12;`);
  // Under rankdir=LR, Graphviz stacks the nodes of a rank bottom-up in the order it meets them: declare them
  // backwards, so that what the code declares first is drawn on top.
  const changedNets = new Set(onHost(parts, h.name, 'changed', 'network').map((d) => d.network));
  const extraCtrs = new Set(onHost(parts, h.name, 'extra', 'container').map((d) => d.container));
  for (const d of [...onHost(parts, h.name, 'missing', 'network')].reverse()) out.push(`    ${ghostNode(id('net', h.name, d.network!), d.network!, false)}`);
  for (const n of [...h.networks].reverse()) out.push(`    ${networkNode(id('net', h.name, n.name), n, changedNets.has(n.name))}`);
  for (const d of [...onHost(parts, h.name, 'missing', 'container')].reverse()) out.push(`    ${ghostNode(id('ctr', h.name, d.container!), d.container!, true)}`);
  for (const c of [...h.containers].reverse()) out.push(`    ${containerNode(id('ctr', h.name, c.name), c, extraCtrs.has(c.name))}`);
  for (const c of h.containers) {
    for (const p of c.ports) {
      const key = id('port', h.name, c.name, `${p.port}/${p.protocol}`);
      out.push(`    ${key} [shape=cds, style=filled, fillcolor="${COLORS.port}", color="${COLORS.portBorder}", fontsize=10, label=${JSON.stringify(`${p.hostIp}:${p.hostPort ?? '?'}\n${p.kind}`)}];`);
      parts.portEdges.push(`  ${key} -> ${id('ctr', h.name, c.name)} [dir=forward, color="${COLORS.portBorder}", label=${JSON.stringify(`${p.port}/${p.protocol}`)}];`);
    }
  }
  out.push('  }');
  const withPorts = h.containers.filter((c) => c.ports.length > 0);
  for (const c of [...withPorts, ...h.containers.filter((x) => !withPorts.includes(x))]) parts.roots.push(id('ctr', h.name, c.name));
  for (const c of h.containers) {
    for (const a of c.networks) {
      const target = overlayNames.has(a.network) ? id('overlay', a.network) : id('net', h.name, a.network);
      const label = [a.ipv4, a.ipv6, a.aliases.length > 0 ? `aliases ${a.aliases.join(', ')}` : undefined].filter(Boolean).join('\n');
      const extra = diffs.some((d) => d.host === h.name && d.kind === 'extra' && d.object === 'attachment' && d.container === c.name && d.network === a.network);
      const changed = diffs.some((d) => d.host === h.name && d.kind === 'changed' && d.object === 'attachment' && d.container === c.name && d.network === a.network);
      const color = extra || extraCtrs.has(c.name) ? COLORS.extra : changed ? COLORS.changed : undefined;
      links.push({ a: id('ctr', h.name, c.name), b: target, label: extra ? `${label}\nnot declared` : changed ? `${label}\nchanged` : label, color });
    }
  }
  for (const d of onHost(parts, h.name, 'missing', 'attachment')) {
    const target = overlayNames.has(d.network!) || diffs.some((x) => !x.host && x.network === d.network) ? id('overlay', d.network!) : id('net', h.name, d.network!);
    links.push({ a: id('ctr', h.name, d.container!), b: target, label: 'missing', color: COLORS.missing, style: 'dashed' });
  }
}

/** A swarm service: its node, its links to overlays, its published ports (on every node). */
function serviceNode(parts: DotParts, s: ServiceModel): void {
  const key = id('svc', s.name);
  parts.roots.push(key);
  parts.out.push(
    `  ${key} [shape=component, style=filled, fillcolor="${COLORS.service}", label=<<B>${esc(s.name)}</B><BR/><FONT POINT-SIZE="10">service, ${taskCount(s)}, ${s.endpointMode}</FONT>>];`,
  );
  for (const a of s.networks) parts.links.push({ a: key, b: id('overlay', a.network), label: a.aliases.length ? `aliases ${a.aliases.join(', ')}` : undefined });
  for (const p of s.ports) {
    const pk = id('port', 'swarm', s.name, `${p.port}/${p.protocol}`);
    parts.out.push(`  ${pk} [shape=cds, style=filled, fillcolor="${COLORS.port}", color="${COLORS.portBorder}", fontsize=10, label=${JSON.stringify(`every node :${p.hostPort}\n${p.kind}`)}];`);
    parts.portEdges.push(`  ${pk} -> ${key} [dir=forward, color="${COLORS.portBorder}", label=${JSON.stringify(`${p.port}/${p.protocol}`)}];`);
  }
}

/**
 * Left to right in the order traffic would flow: from entry points (containers with published ports, then the
 * first declared) across the networks they share, each edge pointing away from where the walk started. For tiers
 * this lays out edge | edge network | app | data network | data.
 */
function flowDepths(roots: readonly string[], links: readonly Link[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const root of roots) {
    if (depth.has(root)) continue;
    depth.set(root, 0);
    const queue = [root];
    while (queue.length > 0) {
      const n = queue.shift()!;
      for (const l of links) {
        const other = l.a === n ? l.b : l.b === n ? l.a : undefined;
        if (other !== undefined && !depth.has(other)) {
          depth.set(other, depth.get(n)! + 1);
          queue.push(other);
        }
      }
    }
  }
  return depth;
}

/** Where @viz-js/viz's CommonJS build is. */
function vizModule(): string {
  return require.resolve('@viz-js/viz');
}

/** The SVG of a DOT text, laid out in this process. */
export async function renderSvg(dot: string): Promise<string> {
  const viz = await (require(vizModule()) as { instance(): Promise<{ renderString(dot: string, o: { format: string }): string }> }).instance();
  return viz.renderString(dot, { format: 'svg' });
}

/**
 * The SVG of a DOT text, synchronously: Graphviz's WebAssembly loads asynchronously, so this lays it out in a
 * worker thread and waits (svg-worker.ts; no process is started). For synth, which is synchronous.
 */
export function renderSvgSync(dot: string): string {
  const answer = layOutInWorker(dot, vizModule());
  if ('error' in answer) throw new Error(ReportErrors.graphviz(answer.error.trim()));
  return answer.svg;
}
