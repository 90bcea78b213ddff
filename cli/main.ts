#!/usr/bin/env node
/**
 * `docker-network-cdktf`: the package's command-line tool (its `bin`), one command per way in or out of a stack:
 *
 *   docker-network-cdktf report <stack dir> [--live] ...   the topology as declared, or beside the engines
 *   docker-network-cdktf orphans <stack dir> [--adopt|--remove|--check-destroy]
 *   docker-network-cdktf compose import <compose file> [--out FILE] ...
 *   docker-network-cdktf verify <stack> [--image IMAGE] ...    the declared topology measured on its engines
 *
 * Every command answers `--help` (and starts no work then), parses its arguments with the one parser (cli/args.ts),
 * exits with the statuses of {@link EXIT}, prints plain text when its output is not a terminal and a progress line
 * on stderr when it is. In this repository `npm run report`, `npm run orphans` and `npm run compose:import` are
 * aliases of the same commands.
 */
import * as fs from 'fs';
import * as path from 'path';
import { didYouMean } from '../constructs/private/did-you-mean';
import { EXIT } from './args';
import { main as composeImport } from './compose-import';
import { main as orphans } from './orphans';
import { CommandIo, processIo } from './output';
import { REPORT_COMMAND, reportMain } from './report';
import { verifyMain } from './verify';

export const PROGRAM = 'docker-network-cdktf';

/** What each command does, for the tool's usage. */
const COMMANDS: readonly (readonly [string, string])[] = [
  ['report <stack dir>', 'the topology of a synthesized stack as declared; with --live, as its engines hold it and what differs'],
  ['orphans <stack dir>', 'what an interrupted apply left on the engines, outside the state: list, --adopt or --remove'],
  ['compose import <file>', 'a TypeScript cdktf stack built from these constructs, from a Compose file'],
  ['verify <stack>', 'the declared reachability, isolation and published ports measured on the engines with probes'],
];

export const USAGE = `usage: ${PROGRAM} <command> [options]    (${PROGRAM} <command> --help: the command's options)

commands:
${COMMANDS.map(([c, d]) => `  ${c.padEnd(24)}${d}`).join('\n')}

options:
  -h, --help              this text
  --version               the package's version

Each engine is the one the stack's provider deploys to: its declared host (and TLS material) wins over DOCKER_HOST.
Output is plain text when it is not a terminal; on a terminal, a progress line on stderr.

exit status (every command):
  ${EXIT.ok}  done, nothing that needs attention
  ${EXIT.failed}  failed: the input has problems, something could not be read, an action failed (verify: a check failed)
  ${EXIT.usage}  wrong arguments (the usage on stderr)
  ${EXIT.found}  found what needs attention (report --live: differences; orphans: orphans, foreign endpoints)
  ${EXIT.refused}  refused (orphans: no deployment id in the state proves anything ours)
  ${EXIT.unavailable}  could not check (verify: the stack is not synthesized, an engine cannot be reached, no probe ran)
`;

function version(): string {
  for (const dir of [path.join(__dirname, '..'), path.join(__dirname, '..', '..')]) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === PROGRAM) return String(pkg.version);
    }
  }
  return 'unknown';
}

/** The tool: `argv` without node and the script. Returns the exit status. */
export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  const usageError = (message: string) => {
    io.stderr(`${message}\n${USAGE}`);
    return EXIT.usage;
  };
  switch (command) {
    case undefined:
      return usageError('which command?');
    case '-h':
    case '--help':
    case 'help':
      if (command === 'help' && rest.length > 0) return main([...rest, '--help'], io);
      io.stdout(USAGE);
      return EXIT.ok;
    case '--version':
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    case 'report':
      return reportMain(rest, REPORT_COMMAND, io);
    case 'orphans':
      return orphans(rest, io, `${PROGRAM} orphans`);
    case 'verify':
      return verifyMain(rest, `${PROGRAM} verify`, io);
    case 'compose': {
      const [sub, ...args] = rest;
      const composeUsage = `usage: ${PROGRAM} compose import <compose file> [options]    (${PROGRAM} compose import --help: the options)\n`;
      if (sub === 'import') return composeImport(args, io, `${PROGRAM} compose import`);
      if (sub === undefined || sub === '--help' || sub === '-h') {
        (sub === undefined ? io.stderr : io.stdout)(composeUsage);
        return sub === undefined ? EXIT.usage : EXIT.ok;
      }
      io.stderr(`unknown command compose ${sub}${didYouMean(sub, ['import']) ? ' (did you mean compose import?)' : ''}\n${composeUsage}`);
      return EXIT.usage;
    }
    default: {
      const near = didYouMean(command, ['report', 'orphans', 'compose', 'verify', 'help']);
      return usageError(`unknown ${command.startsWith('-') ? 'option' : 'command'} ${command}${near ? ` (did you mean ${near}?)` : ''}`);
    }
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(EXIT.failed);
    },
  );
}
