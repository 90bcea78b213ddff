import { App } from 'cdktf';
import { TopologyReport } from './constructs/report';
import { synthOrExplain } from './constructs/synth';
import { Warnings } from './constructs/warnings';
import { EXAMPLE_STACKS } from './stacks/examples';

/**
 * Every example stack, one directory each under cdktf.out/stacks/, each with its topology report.
 *
 * DNC_SYNTH_STACKS=a,b (set by scripts/demo.sh for its run) builds only those stacks: cdktf synthesizes the whole
 * app before a deploy of some of its stacks, and prints the warnings of every stack it built. scripts/cdktf.sh
 * sets DNC_ASKED_STACKS to the stacks a `diff`/`deploy`/`destroy` names, with the same effect.
 */
const words = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
// scripts/cdktf.sh: the words after `diff`/`deploy`/`destroy`; used only when each one names an example stack.
const asked = words(process.env.DNC_ASKED_STACKS);
const askedStacks = asked.length > 0 && asked.every((name) => name in EXAMPLE_STACKS) ? asked : [];
const only = words(process.env.DNC_SYNTH_STACKS).length > 0 ? words(process.env.DNC_SYNTH_STACKS) : askedStacks;
const unknown = only.filter((name) => !(name in EXAMPLE_STACKS));
if (unknown.length > 0) {
  throw new Error(`DNC_SYNTH_STACKS names no example stack ${unknown.join(', ')}; the stacks are ${Object.keys(EXAMPLE_STACKS).join(', ')}`);
}
const app = new App();
for (const [name, build] of Object.entries(EXAMPLE_STACKS)) if (only.length === 0 || only.includes(name)) build(app, name);
// The application example reuses names of custom-bridge (app-net, app-web, app-client) and the subnet of a tier of
// tiers: it is deployed on its own, not beside the demo (the README says so); the library would warn otherwise.
const appExample = app.node.tryFindChild('app');
if (appExample) Warnings.of(appExample).acknowledge('docker-network-cdktf:other-stack-same-engine', 'the app example is deployed alone: npm run demo:destroy first');
TopologyReport.addToEveryStack(app);
// A failed validation is the user's input, not a crash: one list, no stack trace, no hint to skip validation.
synthOrExplain(app);
