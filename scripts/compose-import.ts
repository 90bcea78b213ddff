/**
 * Turns a Compose file into a TypeScript cdktf stack built from this library's constructs, printed on stdout:
 *
 *   npm run compose:import -- examples/compose/web-app.yml > stacks/shop.ts
 *
 * Options: --project-name NAME, --class NAME, --mode secure|compose-compatible, --swarm (services become swarm
 * services), --accept-unmapped (list fields that cannot be carried over as comments instead of failing),
 * --import-from MODULE (default ../constructs, right for stacks/ of this repository; use docker-network-cdktf
 * elsewhere), --insecure service=flag[,flag] (e.g. web=defaultBridge; repeatable).
 * Variables are interpolated from the environment and `.env` beside the file, as Compose does.
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { generateStack, loadCompose } from '../constructs/compose';
import type { InsecureOptions } from '../constructs/security';

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'project-name': { type: 'string' },
      class: { type: 'string' },
      mode: { type: 'string', default: 'secure' },
      swarm: { type: 'boolean', default: false },
      'accept-unmapped': { type: 'boolean', default: false },
      'import-from': { type: 'string', default: '../constructs' },
      insecure: { type: 'string', multiple: true, default: [] },
    },
  });
  if (positionals.length !== 1) {
    process.stderr.write('usage: npm run compose:import -- <compose file> [--project-name N] [--class N] [--mode secure|compose-compatible] [--swarm] [--accept-unmapped] [--import-from M] [--insecure svc=flag,flag]\n');
    return 2;
  }
  if (values.mode !== 'secure' && values.mode !== 'compose-compatible') {
    process.stderr.write(`--mode ${values.mode} is not secure or compose-compatible\n`);
    return 2;
  }
  const insecure: Record<string, InsecureOptions> = {};
  for (const spec of values.insecure ?? []) {
    const [svc, flags] = spec.split('=');
    insecure[svc] = Object.fromEntries((flags ?? '').split(',').filter(Boolean).map((f) => [f, true]));
  }
  const file = positionals[0];
  const loaded = loadCompose({ file, projectName: values['project-name'], mode: values.mode, swarm: values.swarm, insecure });
  for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
  const fatal = [...loaded.errors, ...(values['accept-unmapped'] ? [] : loaded.unmapped.map((u) => `not carried over: ${u}`))];
  if (fatal.length > 0 || !loaded.plan) {
    for (const e of fatal) process.stderr.write(`error: ${e}\n`);
    if (!values['accept-unmapped'] && loaded.unmapped.length > 0) process.stderr.write('(--accept-unmapped lists the fields not carried over as comments instead)\n');
    return 1;
  }
  const notes = loaded.unmapped.map((u) => `NOT CARRIED OVER: ${u}`);
  process.stdout.write(
    generateStack(loaded.plan, { className: values.class, importFrom: values['import-from'], sourceFile: path.relative(process.cwd(), path.resolve(file)), notes }),
  );
  return 0;
}

process.exit(main(process.argv.slice(2)));
