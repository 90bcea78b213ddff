/**
 * `npm run report -- <stack> [--live] [--json] [--svg file] [--color|--no-color]`
 *
 * Prints the topology of an example stack as declared; with --live, as the engine holds it (each host reached
 * like its provider: DOCKER_HOST or the local socket, or the host's endpoint) followed by the differences
 * (exit code 3 when there are some). --json prints the same as data; --svg writes the diagram.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { compareWithEngines, declaredTopology, renderDifferences, renderSvg, renderText, toDot } from '../constructs/report';
import { EXAMPLE_STACKS } from '../stacks/app';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(`usage: npm run report -- <stack> [--live] [--json] [--svg file] [--color|--no-color]\nstacks: ${Object.keys(EXAMPLE_STACKS).join(', ')}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  let stackName: string | undefined;
  let live = false;
  let json = false;
  let svg: string | undefined;
  let color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--live') live = true;
    else if (a === '--json') json = true;
    else if (a === '--svg') svg = argv[++i] ?? usage('--svg needs a file name');
    else if (a === '--color') color = true;
    else if (a === '--no-color') color = false;
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (stackName) usage(`one stack at a time (got ${stackName} and ${a})`);
    else stackName = a;
  }
  if (!stackName) usage('which stack?');
  const build = EXAMPLE_STACKS[stackName];
  if (!build) usage(`no stack ${stackName}`);
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'report-')) });
  const stack = build(app, stackName);
  // Validate first: a report of a stack that cannot synthesize would mislead.
  stack.runAllValidations();

  if (!live) {
    const model = declaredTopology(stack);
    if (svg) fs.writeFileSync(svg, await renderSvg(toDot(model)));
    process.stdout.write(json ? `${JSON.stringify(model, null, 2)}\n` : renderText(model, { color }));
    return 0;
  }
  const cmp = compareWithEngines(stack);
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
