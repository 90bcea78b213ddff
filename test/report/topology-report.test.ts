import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { TopologyReport } from '../../constructs/report';
import { EXAMPLE_STACKS } from '../../stacks/examples';

describe('TopologyReport', () => {
  test('synth writes topology.txt, topology.json and topology.svg beside cdk.tf.json, and the plan is unchanged', () => {
    const plain = Testing.synth(EXAMPLE_STACKS.tiers(Testing.app(), 'tiers'), true);
    const stack = EXAMPLE_STACKS.tiers(Testing.app(), 'tiers');
    const report = TopologyReport.of(stack);
    expect(TopologyReport.of(stack)).toBe(report); // one per stack
    expect(Testing.synth(stack, true)).toBe(plain);
    const dir = path.join(Testing.fullSynth(stack), 'stacks', 'tiers');
    expect(fs.readdirSync(dir).sort()).toEqual(['cdk.tf.json', 'topology.json', 'topology.svg', 'topology.txt']);
    expect(fs.readFileSync(path.join(dir, 'topology.txt'), 'utf8')).toContain('shop-app-edge  bridge  local  10.50.1.0/24');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'topology.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(report.model())));
    expect(fs.readFileSync(path.join(dir, 'topology.svg'), 'utf8')).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*shop&#45;app&#45;data[\s\S]*<\/svg>\s*$/);
  });

  test('addToEveryStack: one report per stack of the app; diagram: false skips the SVG', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-app-')) });
    EXAMPLE_STACKS['custom-bridge'](app, 'custom-bridge');
    EXAMPLE_STACKS.exposure(app, 'exposure');
    expect(TopologyReport.addToEveryStack(app, { diagram: false })).toHaveLength(2);
    app.synth();
    for (const name of ['custom-bridge', 'exposure']) {
      expect(fs.readdirSync(path.join(app.outdir, 'stacks', name)).sort()).toEqual(['cdk.tf.json', 'topology.json', 'topology.txt']);
    }
  });

  test('a stack that fails validation writes no report', () => {
    const stack = EXAMPLE_STACKS.tiers(Testing.app(), 'tiers');
    TopologyReport.of(stack);
    stack.node.addValidation({ validate: () => ['broken on purpose'] });
    expect(() => Testing.fullSynth(stack)).toThrow(/broken on purpose/);
  });
});
