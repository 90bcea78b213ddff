/**
 * The live report on a real engine: after every apply, the engines must hold exactly what the stack declares
 * (no difference); on the tiers stack, hand-made changes (a container disconnected, a container attached that
 * the stack does not know, a network removed; on custom-bridge, a container reconnected with another address and
 * alias) must each be reported, and nothing else. Each live report is
 * kept in the work directory as text, JSON and SVG (E2E_KEEP=1 keeps it after a green run).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { DockerHost } from '../constructs';
import { declaredTopology, Difference, renderDifferences, renderSvgSync, renderText, toDot } from '../constructs/report';
import { compareWithEngines, engineEnvironment, releaseEngineEnvironment } from '../cli/engine';
import { Engine, progress, run } from './harness';

type Record = (description: string, ok: boolean, detail?: string) => void;

const key = (d: Difference) => `${d.kind} ${d.object} ${d.name}`;

/** Stacks whose live report is also run as `npm run report -- <stack> --live`. */
const CLI_STACKS = ['tiers', 'multi-host'];

/** Hand-made changes and the differences each must show (cumulative), by stack. */
const HAND_CHANGES: { readonly [stack: string]: readonly { readonly what: string; readonly docker: readonly (readonly string[])[]; readonly expect: readonly string[] }[] } = {
  'custom-bridge': [
    {
      what: 'app-db reconnected to app-net by hand with another address and alias',
      docker: [
        ['network', 'disconnect', 'app-net', 'app-db'],
        ['network', 'connect', '--ip', '10.30.0.21', '--alias', 'db2', 'app-net', 'app-db'],
      ],
      // One for the address (10.30.0.20 declared), one for the aliases (database declared).
      expect: ['changed attachment app-db on app-net', 'changed attachment app-db on app-net'],
    },
  ],
  tiers: [
    {
      what: 'tier-edge disconnected from shop-app-edge by hand',
      docker: [['network', 'disconnect', 'shop-app-edge', 'tier-edge']],
      expect: ['missing attachment tier-edge on shop-app-edge'],
    },
    {
      what: 'a container the stack does not declare attached to shop-app-data',
      docker: [['run', '-d', '--name', 'e2e-intruder', '--network', 'shop-app-data', 'e2e-busybox:latest', 'sleep', '600']],
      expect: ['missing attachment tier-edge on shop-app-edge', 'extra container e2e-intruder'],
    },
    {
      what: 'shop-app-data removed by hand (its containers disconnected first)',
      docker: [
        ['rm', '-f', 'e2e-intruder'],
        ['network', 'disconnect', 'shop-app-data', 'tier-app'],
        ['network', 'disconnect', 'shop-app-data', 'tier-data'],
        ['network', 'rm', 'shop-app-data'],
      ],
      expect: ['missing network shop-app-data', 'missing attachment tier-app on shop-app-data', 'missing attachment tier-data on shop-app-data', 'missing attachment tier-edge on shop-app-edge'],
    },
  ],
};

/**
 * Runs the live report for a deployed stack; `extraEnv` is the case's Terraform environment (TLS material as
 * TF_VAR_... variables), so hosts reached over TLS are read as the provider reached them.
 */
export function checkLiveReport(name: string, stack: TerraformStack, engine: Engine, record: Record, extraEnv: NodeJS.ProcessEnv = {}, stackDir?: string): void {
  const base = { ...engine.env(), ...extraEnv };
  const hosts = stack.node.findAll().filter((c): c is DockerHost => c instanceof DockerHost);
  const environments = Object.fromEntries(hosts.map((h) => [h.displayName, engineEnvironment(h, base)]));
  try {
    judge(name, stack, engine, record, base, hosts, environments, stackDir);
  } finally {
    Object.values(environments).forEach(releaseEngineEnvironment); // TLS key material written for the docker CLI
  }
}

function judge(
  name: string,
  stack: TerraformStack,
  engine: Engine,
  record: Record,
  base: NodeJS.ProcessEnv,
  hosts: DockerHost[],
  environments: { [host: string]: NodeJS.ProcessEnv },
  stackDir: string | undefined,
): void {
  const work = process.env.E2E_WORK ?? '.';
  const compare = (label: string) => {
    const cmp = compareWithEngines(stack, { environments });
    const file = path.join(work, `${name}.live-${label}`);
    fs.writeFileSync(`${file}.txt`, `${renderText(cmp.live)}\n${renderDifferences(cmp.differences)}`);
    fs.writeFileSync(`${file}.json`, `${JSON.stringify(cmp, null, 2)}\n`);
    fs.writeFileSync(`${file}.svg`, renderSvgSync(toDot(cmp.live, { differences: cmp.differences })));
    return cmp;
  };
  progress(name, 'live report (the engine against the declared topology)');
  let first;
  try {
    first = compare('after-apply');
  } catch (e) {
    record('live report reads the engine', false, (e as Error).message);
    return;
  }
  const seen = first.live.hosts.map((h) => `${h.name}: ${h.networks.length} networks, ${h.containers.length} containers`).join('; ');
  record(`live report after apply: no difference (${seen})`, first.differences.length === 0, renderDifferences(first.differences));

  if (CLI_STACKS.includes(name)) {
    // The command a person runs must agree: DOCKER_HOST for one engine, --engine host=... for several.
    const engines = hosts.length > 1 ? hosts.flatMap((h) => ['--engine', `${h.displayName}=${environments[h.displayName].DOCKER_HOST}`]) : [];
    const args = [path.join(__dirname, '..', 'scripts', 'report.ts'), name, '--live', '--no-color', ...engines];
    const cli = run('npx', ['tsx', ...args], { env: base, cwd: path.join(__dirname, '..'), timeoutMs: 120_000 });
    record(
      `npm run report -- ${name} --live${engines.length > 0 ? ' --engine a=... --engine b=...' : ''}: exit 0, "no difference"`,
      cli.code === 0 && cli.stdout.includes('no difference: the engine holds what the stack declares'),
      `exit ${cli.code}\n${cli.stdout.slice(-1500)}${cli.stderr}`,
    );
  }
  if (CLI_STACKS.includes(name) && stackDir) {
    // The package's command over the synthesized directory, as a consumer app runs it: the topology.json that
    // TopologyReport writes beside cdk.tf.json, each host reached as the provider configuration there says.
    fs.writeFileSync(path.join(stackDir, 'topology.json'), `${JSON.stringify(declaredTopology(stack), null, 2)}\n`);
    const engines = hosts.length > 1 ? hosts.flatMap((h) => ['--engine', `${h.displayName}=${environments[h.displayName].DOCKER_HOST}`]) : [];
    const bin = run(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'cli', 'main.ts'), 'report', stackDir, '--live', '--no-color', ...engines], { env: base, cwd: path.join(__dirname, '..'), timeoutMs: 120_000 });
    record(
      `docker-network-cdktf report <stack dir> --live${engines.length > 0 ? ' --engine a=... --engine b=...' : ''}: exit 0, "no difference"`,
      bin.code === 0 && bin.stdout.includes('no difference: the engine holds what the stack declares'),
      `exit ${bin.code}\n${bin.stdout.slice(-1500)}${bin.stderr}`,
    );
  }
  const changes = HAND_CHANGES[name];
  if (!changes) return;
  try {
    for (const change of changes) {
      for (const args of change.docker) engine.docker(args);
      const diffs = compare(change.what.replace(/\W+/g, '-')).differences;
      const got = diffs.map(key).sort();
      const want = [...change.expect].sort();
      record(`live report after ${change.what}: ${want.join('; ')}`, JSON.stringify(got) === JSON.stringify(want), renderDifferences(diffs));
    }
  } catch (e) {
    record('hand-made changes and their live reports', false, (e as Error).message);
  } finally {
    // Nothing of ours may keep a network of the stack busy at destroy.
    try {
      engine.docker(['rm', '-f', 'e2e-intruder']);
    } catch {
      // already gone
    }
  }
}
