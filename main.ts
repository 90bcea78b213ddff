import { App } from 'cdktf';
import { TopologyReport } from './constructs/report';
import { EXAMPLE_STACKS } from './stacks/examples';

/**
 * Every example stack, one directory each under cdktf.out/stacks/, each with its topology report.
 *
 * DNC_SYNTH_STACKS=a,b (set by scripts/demo.sh for its run) builds only those stacks: cdktf synthesizes the whole
 * app before a deploy of some of its stacks, and prints the warnings of every stack it built.
 */
const only = (process.env.DNC_SYNTH_STACKS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((name) => !(name in EXAMPLE_STACKS));
if (unknown.length > 0) {
  throw new Error(`DNC_SYNTH_STACKS names no example stack ${unknown.join(', ')}; the stacks are ${Object.keys(EXAMPLE_STACKS).join(', ')}`);
}
const app = new App();
for (const [name, build] of Object.entries(EXAMPLE_STACKS)) if (only.length === 0 || only.includes(name)) build(app, name);
TopologyReport.addToEveryStack(app);
try {
  app.synth();
} catch (e) {
  // A failed validation is the user's input, not a crash: print the list once, without a stack trace and without
  // cdktf's hint to skip validation (that would switch off every check of the library), then fail.
  const message = (e as Error).message ?? String(e);
  if (!/^Validation failed with the following errors:/.test(message)) throw e;
  process.stdout.write(`${message.replace(/\n+If you wish to ignore these validations.*$/s, '').trimEnd()}\n`);
  process.stderr.write('synth stopped: fix the problems listed above (all of them are listed)\n');
  process.exit(1);
}
