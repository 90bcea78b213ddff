import fc from 'fast-check';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { checkGeneratedStacks } from '../../cli/compose-check';
import { generateStack, loadCompose } from '../../constructs/compose';

/**
 * `compose import` must never write a stack that does not compile or synthesize. Project, service, network and
 * volume names become identifiers, class names and construct ids; these tests feed edge and random names (digits
 * first, dashes, dots, underscores, TypeScript keywords, names the generated code uses itself, unicode) and names
 * repeated inside strings, keys and labels, and check every generated stack with the command's own check: type-checked
 * with the compiler API (strict, noUnusedLocals) against the library's types, then synthesized with validations.
 */

const KEYWORDS = ['class', 'new', 'default', 'delete', 'function', 'let', 'yield', 'await', 'enum', 'static', 'this', 'super', 'import', 'null', 'true'];
const OWN_NAMES = ['env', 'id', 'scope', 'host', 'app', 'plan', 'swarm', 'tiers', 'arguments', 'eval', 'undefined', 'NaN', 'constructor', 'name', 'image', 'networks', 'labels', 'command', 'Container', 'synthOrExplain', 'DockerHost', 'module', 'require', 'exports', 'web-net', 'web_Net', 'dataVolume', 'frontTier', 'backend', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];
const SHAPES = ['3tier', '0', '1-2', 'a.b', 'a..b', '_x', 'x_', 'x-', 'web-1', 'Web', 'WEB', 'über', 'サービス', 'a-b_c.d'];

/** A Compose key: a keyword, a name of the generated code, an edge shape or a random one (some of them unicode). */
const key = fc.oneof(
  { arbitrary: fc.constantFrom(...KEYWORDS, ...OWN_NAMES, ...SHAPES), weight: 4 },
  { arbitrary: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,11}$/), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), weight: 1 },
);
const projectName = fc.oneof(fc.constantFrom('3tier', '0', '9lives', 'a', 'class', 'env', 'new', 'x-y', 'x_y', '1-2-3'), fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/));

interface Names {
  project: string;
  services: string[];
  networks: string[];
  volume: string;
}

const names = fc.record({
  project: projectName,
  services: fc.uniqueArray(key, { minLength: 1, maxLength: 4 }),
  networks: fc.uniqueArray(key, { minLength: 0, maxLength: 2 }),
  volume: key,
});

/** A Compose file using the names everywhere they can reach the code: keys, strings, labels, links, depends_on. */
function composeFile(n: Names): string {
  const services: Record<string, unknown> = {};
  n.services.forEach((s, i) => {
    const others = n.services.filter((o) => o !== s);
    services[s] = {
      image: 'busybox:1.36',
      command: ['echo', ...n.services],
      environment: Object.fromEntries([[`V_${i}`, `${s} ${others.join(' ')}`]]),
      labels: Object.fromEntries(n.services.map((o) => [`l.${o}`, o])),
      ...(n.networks.length > 0 ? { networks: Object.fromEntries(n.networks.map((net) => [net, { aliases: [`${s}-alias`] }])) } : {}),
      ...(i === 0 ? { volumes: [`${n.volume}:/data`] } : {}),
      ...(i > 0 ? { depends_on: [n.services[0]] } : {}),
    };
  });
  return stringify({
    name: n.project,
    services,
    ...(n.networks.length > 0 ? { networks: Object.fromEntries(n.networks.map((net) => [net, {}])) } : {}),
    volumes: { [n.volume]: {} },
  });
}

/** Generates each accepted file's stack and checks them all (one type-check program); returns the failures. */
function failures(files: string[]): { yaml: string; problems: string[] }[] {
  const generated: { yaml: string; code: string; cls: string; project: string }[] = [];
  for (const yaml of files) {
    const loaded = loadCompose({ yaml, env: {} });
    if (!loaded.plan || loaded.errors.length > 0) continue;
    const code = generateStack(loaded.plan, { importFrom: 'docker-network-cdktf', notes: loaded.unmapped });
    generated.push({ yaml, code, cls: /export class (\w+)/.exec(code)![1], project: loaded.plan.projectName });
  }
  const checks = checkGeneratedStacks(
    generated.map((g, i) => ({ code: g.code, importFrom: 'docker-network-cdktf', className: g.cls, stackId: g.project, fileName: path.join(os.tmpdir(), `names-${i}`, 'stack.ts'), cwd: os.tmpdir() })),
  );
  expect(checks.every((c) => c.notRun === undefined)).toBe(true);
  return generated.flatMap((g, i) => (checks[i].problems.length > 0 ? [{ yaml: g.yaml, problems: checks[i].problems }] : []));
}

describe('generated stacks compile and synthesize whatever the names', () => {
  test('edge names: a project starting with a digit, services named as keywords, as the code\'s own names, and inside strings', () => {
    const files = [
      composeFile({ project: '3tier', services: ['env', 'web', 'id', 'scope'], networks: ['default-net', 'class'], volume: 'data' }),
      composeFile({ project: '0', services: ['class', 'new', 'default', 'arguments', 'eval', 'undefined'], networks: [], volume: 'host' }),
      composeFile({ project: 'tiers', services: ['host', 'app', 'plan', 'swarm', 'tiers', 'module'], networks: ['web', 'web-net', 'web_net'], volume: 'web' }),
      composeFile({ project: 'x', services: ['a.b', 'a-b', 'a_b', 'A-B', '1', '1a'], networks: ['n.1'], volume: 'v.1' }),
      composeFile({ project: 'names', services: ['name', 'image', 'labels', 'networks', 'command', 'env'], networks: ['env'], volume: 'labels' }),
      // cdktf's own child of every stack: its default LocalBackend is `backend`, added when the app synthesizes
      composeFile({ project: 'app', services: ['backend', 'frontend'], networks: [], volume: 'db' }),
      composeFile({ project: 'app2', services: ['web'], networks: ['backend', 'frontend'], volume: 'backend' }),
      // constructs 10 checks `id in children` (a plain object): names of Object.prototype's properties
      composeFile({ project: 'proto', services: ['constructor', 'toString', 'valueOf'], networks: ['hasOwnProperty', 'isPrototypeOf'], volume: 'constructor' }),
    ];
    const accepted = files.filter((f) => loadCompose({ yaml: f, env: {} }).errors.length === 0);
    expect(accepted.length).toBe(files.length);
    expect(failures(files)).toEqual([]);
  }, 300_000);

  test('random names (fast-check, fixed seed): every file the importer accepts gives a stack that compiles and synthesizes', () => {
    const samples = fc.sample(names, { seed: 20, numRuns: 40 }).map(composeFile);
    const accepted = samples.filter((f) => loadCompose({ yaml: f, env: {} }).errors.length === 0);
    // Unicode keys are refused by the schema; most samples must still be accepted to prove something.
    if (process.env.DEBUG_NAMES) for (const f of samples) console.log(loadCompose({ yaml: f, env: {} }).errors.slice(0, 2));
    expect(accepted.length).toBeGreaterThan(samples.length / 3);
    expect(failures(samples)).toEqual([]);
  }, 600_000);
});
