import * as fs from 'fs';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { renderSvg, renderSvgSync, toDot } from '../../constructs/report';
import { EXAMPLE_NAMES, exampleModel } from './examples';

/** The texts of an SVG document; throws when it is not well-formed XML. */
function svgTexts(svg: string): string[] {
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') throw new Error(`SVG does not parse: ${msg}`);
    },
  }).parseFromString(svg, 'image/svg+xml');
  expect(doc.documentElement?.nodeName).toBe('svg');
  const out: string[] = [];
  const texts = doc.getElementsByTagName('text');
  for (let i = 0; i < texts.length; i++) out.push(texts[i].textContent ?? '');
  return out;
}

describe('diagram', () => {
  test.each(EXAMPLE_NAMES)('%s: the SVG parses and names every host, network, container and service', async (name) => {
    const model = exampleModel(name);
    const texts = svgTexts(await renderSvg(toDot(model)));
    const names = [
      ...model.hosts.flatMap((h) => [...h.networks.map((n) => n.name), ...h.containers.map((c) => c.name)]),
      ...model.overlays.map((o) => o.name),
      ...model.services.map((s) => s.name),
    ];
    expect(names.length).toBeGreaterThan(1);
    for (const n of names) expect(texts).toContain(n);
    for (const h of model.hosts) expect(texts.some((t) => t.startsWith(`host ${h.name}:`))).toBe(true);
  });

  test('tiers: the containers are laid out in tier order, left to right', async () => {
    const svg = await renderSvg(toDot(exampleModel('tiers')));
    const x = (label: string) => Number(new RegExp(`<text[^>]*x="([\\d.-]+)"[^>]*>${label.replace(/-/g, '&#45;')}</text>`).exec(svg)![1]);
    expect(x('tier-edge')).toBeLessThan(x('shop-app-edge'));
    expect(x('shop-app-edge')).toBeLessThan(x('tier-app'));
    expect(x('tier-app')).toBeLessThan(x('shop-app-data'));
    expect(x('shop-app-data')).toBeLessThan(x('tier-data'));
  });

  test('published ports are drawn as entry points', async () => {
    const texts = svgTexts(await renderSvg(toDot(exampleModel('exposure'))));
    expect(texts).toContain('127.0.0.1:18080');
  });

  test('live diagrams mark what differs: missing dashed red where it belongs, extra orange, changed purple', async () => {
    const model = exampleModel('tiers');
    const live = { ...model, source: 'live' as const, hosts: [{ ...model.hosts[0], networks: model.hosts[0].networks.filter((n) => n.name !== 'shop-app-data') }] };
    const differences = [
      { kind: 'missing' as const, object: 'network' as const, host: 'default', name: 'shop-app-data', detail: '', network: 'shop-app-data' },
      { kind: 'missing' as const, object: 'attachment' as const, host: 'default', name: 'tier-data on shop-app-data', detail: '', container: 'tier-data', network: 'shop-app-data' },
      { kind: 'extra' as const, object: 'container' as const, host: 'default', name: 'tier-data', detail: '', container: 'tier-data' },
      { kind: 'changed' as const, object: 'network' as const, host: 'default', name: 'shop-app-edge', detail: '', network: 'shop-app-edge' },
    ];
    const dot = toDot(live, { differences });
    expect(dot).toMatch(/"net\/default\/shop-app-data" \[shape=box, style="dashed,bold", color="#dc2626"/);
    expect(dot).toMatch(/"net\/default\/shop-app-data" -> "ctr\/default\/tier-data" \[label="missing", color="#dc2626", fontcolor="#dc2626", style=dashed/);
    const texts = svgTexts(await renderSvg(dot));
    for (const t of ['missing on the engine', 'not declared', 'changed: see the report', 'shop-app-data']) expect(texts).toContain(t);
    expect(toDot(model)).not.toContain('#dc2626');
  });

  test('renderSvgSync gives the same SVG as renderSvg', async () => {
    const dot = toDot(exampleModel('links'));
    expect(renderSvgSync(dot)).toBe(await renderSvg(dot));
  });

  test("the README's docs/tiers.svg is the tiers example as the code declares it", async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'tiers.svg'), 'utf8');
    const current = await renderSvg(toDot(exampleModel('tiers')));
    // Regenerate with: npm run report -- tiers --svg docs/tiers.svg
    expect(committed).toBe(current);
  });
});

describe('renderSvgSync (a worker thread, no process)', () => {
  test('starts no process', () => {
    const dot = toDot(exampleModel('tiers')); // building the example stack asks cdktf, which runs terraform
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cp = require('child_process') as typeof import('child_process');
    const calls = ['spawnSync', 'spawn', 'execFileSync', 'execFile', 'execSync', 'exec', 'fork'].map((name) => jest.spyOn(cp, name as 'spawn'));
    try {
      expect(renderSvgSync(dot)).toMatch(/^<\?xml[\s\S]*<\/svg>\s*$/);
      for (const c of calls) expect(c).not.toHaveBeenCalled();
    } finally {
      for (const c of calls) c.mockRestore();
    }
  });

  test('a DOT text Graphviz rejects fails with the Graphviz message', () => {
    expect(() => renderSvgSync('digraph { a -> }')).toThrow(/Graphviz \(@viz-js\/viz\) failed to lay out the diagram: .*syntax error/);
  });
});
