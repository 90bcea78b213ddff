import { App } from 'cdktf';
import { TopologyReport } from './constructs/report';
import { EXAMPLE_STACKS } from './stacks/examples';

/** Every example stack, one directory each under cdktf.out/stacks/, each with its topology report. */
const app = new App();
for (const [name, build] of Object.entries(EXAMPLE_STACKS)) build(app, name);
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
