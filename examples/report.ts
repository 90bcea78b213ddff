import { App } from 'cdktf';
import { synthOrExplain, TopologyReport } from '../constructs';
import { QuickstartStack } from './quickstart';

/** An app whose every stack writes its topology (txt, json, svg) beside cdk.tf.json at synth. */
export function synthWithReports(outdir?: string): App {
  const app = new App({ outdir });
  new QuickstartStack(app, 'quickstart');
  TopologyReport.addToEveryStack(app); // after the stacks, before synth
  synthOrExplain(app); // cdktf.out/stacks/quickstart/{cdk.tf.json,topology.txt,topology.json,topology.svg}
  return app;
}
