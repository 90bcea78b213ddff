/**
 * `npm run report -- <stack> ...`: this repository's alias of `docker-network-cdktf report` (cli/report.ts, the same
 * options, output and exit statuses), where <stack> may also be one of the example stacks (stacks/examples.ts),
 * built in memory and validated instead of read from cdktf.out. Relative paths are taken from the directory the
 * command was run in (npm's INIT_CWD), not the package root `npm run` starts in.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { DockerHost } from '../constructs';
import { declaredTopology } from '../constructs/report';
import { EXIT, UsageError } from '../cli/args';
import { engineEnvironment } from '../cli/engine';
import { EngineMessages } from '../cli/messages';
import { CommandIo } from '../cli/output';
import { ReportTarget, reportMain, stackDirectory } from '../cli/report';
import { EXAMPLE_STACKS } from '../stacks/examples';

/** An example stack by name, built and validated in memory; anything else as a synthesized stack's directory. */
function exampleOrDirectory(arg: string, io: CommandIo): ReportTarget {
  const build = EXAMPLE_STACKS[arg];
  if (!build && !fs.existsSync(path.resolve(io.cwd, arg))) throw new UsageError(`no stack ${arg}: name an example stack or a synthesized stack's directory`);
  if (!build) return stackDirectory(arg, io);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-')); // cdktf wants one; nothing is synthesized into it
  process.once('exit', () => fs.rmSync(outdir, { recursive: true, force: true }));
  const stack = build(new App({ outdir }), arg);
  // Validate first: a report of a stack that cannot synthesize would mislead.
  stack.runAllValidations();
  const hosts = stack.node.findAll().filter((c): c is DockerHost => c instanceof DockerHost);
  return {
    declared: declaredTopology(stack),
    environment: (name, base) => {
      const host = hosts.find((h) => h.displayName === name);
      if (!host) throw new Error(EngineMessages.noHost(name, hosts.map((h) => h.displayName)));
      return engineEnvironment(host, base);
    },
  };
}

if (require.main === module) {
  reportMain(process.argv.slice(2), {
    program: 'npm run report --',
    stackArg: '<stack>',
    stackHelp: `one of: ${Object.keys(EXAMPLE_STACKS).join(', ')}; or a synthesized stack's directory`,
    resolve: exampleOrDirectory,
  }).then(
    (code) => process.exit(code),
    (e) => {
      console.error((e as Error).message);
      process.exit(EXIT.failed);
    },
  );
}
