/**
 * `npm run report -- <stack> [--live] [--engine host=DOCKER_HOST]... [--json] [--svg file] [--color|--no-color]`
 *
 * Prints the topology of an example stack as declared; with --live, as the engine holds it (each host reached
 * like its provider: DOCKER_HOST or the local socket, or the host's endpoint) followed by the differences
 * (exit code 3 when there are some); `--engine a=unix:///run/a.sock` reads host `a` (its alias, or `default`) at
 * another address. --json prints the same as data; --svg writes the diagram (a relative file name is taken from
 * the directory the command was run in, npm's INIT_CWD, not the package root `npm run` starts in).
 *
 * Exit status: see {@link USAGE}.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { DockerHost } from '../constructs';
import { compareWithEngines, declaredTopology, engineEnvironment, releaseEngineEnvironment, renderDifferences, renderSvg, renderText, toDot } from '../constructs/report';
import { userPath } from '../cli/env';
import { endpointCredentials } from '../constructs/private/endpoint-url';
import { EXAMPLE_STACKS } from '../stacks/examples';

/** The usage text (`--help`), with the exit statuses. */
const USAGE = `usage: npm run report -- <stack> [--live] [--engine host=DOCKER_HOST]... [--json] [--svg file] [--color|--no-color]

  <stack>                 one of: ${Object.keys(EXAMPLE_STACKS).join(', ')}
  --live                  read the engine(s) and list what differs from the declared topology
  --engine host=ADDRESS   with --live: reach host (its alias, or default) at ADDRESS, e.g. a=unix:///run/a.sock
  --json                  the same as data
  --svg file              also write the diagram to file (relative to where you run the command)
  --color, --no-color     colour (default: on a terminal, unless NO_COLOR is set)
  -h, --help              this text

exit status:
  0  done (with --live: no difference)
  1  the stack does not validate, or an engine could not be read
  2  wrong arguments (this text on stderr)
  3  with --live: differences found
`;

function usage(message?: string): never {
  process.stderr.write(`${message ? `${message}\n` : ''}${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  let stackName: string | undefined;
  let live = false;
  let json = false;
  let svg: string | undefined;
  const engines: Record<string, NodeJS.ProcessEnv> = {};
  let color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--live') live = true;
    else if (a === '--json') json = true;
    else if (a === '--svg') svg = userPath(argv[++i] ?? usage('--svg needs a file name'));
    else if (a === '--engine') {
      const spec = argv[++i] ?? usage('--engine needs host=DOCKER_HOST');
      const eq = spec.indexOf('=');
      if (eq < 1) usage(`--engine ${endpointCredentials(spec).redacted}: write it as host=DOCKER_HOST, e.g. a=unix:///run/a.sock`);
      const creds = endpointCredentials(spec.slice(eq + 1));
      if (creds.secret) usage(`--engine ${spec.slice(0, eq)}=${creds.redacted}: a password or token in the endpoint URL (left out here) would show in process lists and logs; use an SSH key (agent or ~/.ssh/config) for ssh://, TLS client certificates (DOCKER_CERT_PATH) for tcp://`);
      engines[spec.slice(0, eq)] = { ...process.env, DOCKER_HOST: spec.slice(eq + 1) };
    } else if (a === '--color') color = true;
    else if (a === '--no-color') color = false;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (stackName) usage(`one stack at a time (got ${stackName} and ${a})`);
    else stackName = a;
  }
  if (!stackName) usage('which stack?');
  const build = EXAMPLE_STACKS[stackName];
  if (!build) usage(`no stack ${stackName}`);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-')); // cdktf wants one; nothing is synthesized into it
  process.once('exit', () => fs.rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir });
  const stack = build(app, stackName);
  // Validate first: a report of a stack that cannot synthesize would mislead.
  stack.runAllValidations();

  if (!live) {
    const model = declaredTopology(stack);
    if (svg) fs.writeFileSync(svg, await renderSvg(toDot(model)));
    process.stdout.write(json ? `${JSON.stringify(model, null, 2)}\n` : renderText(model, { color }));
    return 0;
  }
  const hosts = stack.node.findAll().filter((c): c is DockerHost => c instanceof DockerHost);
  const unknown = Object.keys(engines).filter((h) => !hosts.some((x) => x.displayName === h));
  if (unknown.length > 0) usage(`--engine: stack ${stackName} has no host ${unknown.join(', ')} (its hosts: ${hosts.map((h) => h.displayName).join(', ')})`);
  const environments = Object.fromEntries(hosts.map((h) => [h.displayName, engines[h.displayName] ?? engineEnvironment(h)]));
  let cmp;
  try {
    cmp = compareWithEngines(stack, { environments });
  } finally {
    Object.values(environments).forEach(releaseEngineEnvironment);
  }
  if (svg) fs.writeFileSync(svg, await renderSvg(toDot(cmp.live, { differences: cmp.differences })));
  if (json) process.stdout.write(`${JSON.stringify(cmp, null, 2)}\n`);
  else process.stdout.write(`${renderText(cmp.live, { color })}\n${renderDifferences(cmp.differences, { color })}`);
  return cmp.differences.length > 0 ? 3 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
