import { App } from 'cdktf';
import { TopologyReport } from './constructs/report';
import { EXAMPLE_STACKS } from './stacks/examples';

/** Every example stack, one directory each under cdktf.out/stacks/, each with its topology report. */
const app = new App();
for (const [name, build] of Object.entries(EXAMPLE_STACKS)) build(app, name);
TopologyReport.addToEveryStack(app);
app.synth();
