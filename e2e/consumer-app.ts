/**
 * A consumer app as a new user makes it (README, "A new app from cdktf init"), deployed to the suite's engine with
 * the README's offline recipe, and the package's command-line tool run against the app's own stack:
 *
 * 1. `cdktf init --template=typescript --local` (today: TypeScript 7), the README's fix
 *    (`npm install -D typescript@~5.9`), `npm install -D cdktf-cli@0.21.0`, and the library from `npm pack`;
 * 2. a main.ts written as the README shows (tiers, a published port, `TopologyReport.addToEveryStack`,
 *    `synthOrExplain`), deployed with `TF_CLI_CONFIG_FILE="$PWD/mirror.tfrc" CHECKPOINT_DISABLE=1 npx cdktf deploy
 *    consumer --skip-provider-lock` (kreuzwerker/docker from the suite's filesystem mirror);
 * 3. `npx docker-network-cdktf verify consumer` passes, `report ... --live` finds no difference, `orphans` none;
 *    with the edge container connected to the data tier by hand, `verify` fails (exit 1) and names the pair;
 * 4. `npx cdktf destroy consumer` leaves nothing of the stack.
 *
 * The app is made once per run (its npm installs come from the npm cache) and deployed on each provider version.
 */
import * as fs from 'fs';
import * as path from 'path';
import { run, RunResult } from './harness';
import { begin, leftovers, namesOf, outcome, Sequence, SequenceContext, tail } from './sequence';

const ROOT = path.join(__dirname, '..');
const NAME = 'consumer-app';
const PUBLISHED_PORT = 18480;

/** The app's main.ts: what a user writes after reading the README (public imports only). */
const MAIN_TS = `import { App, TerraformStack } from 'cdktf';
import { Container, DockerHost, Exposure, Port, ProviderVersion, TieredNetwork, TopologyReport, synthOrExplain } from 'docker-network-cdktf';

const app = new App();
const stack = new TerraformStack(app, 'consumer');
const host = new DockerHost(stack, 'host', process.env.PV ? { providerVersion: ProviderVersion.of(process.env.PV) } : {});
const image = host.image(process.env.IMAGE ?? 'busybox:1.36');
const serve = (text: string) => ['sh', '-c', \`mkdir -p /www && echo \${text} > /www/index.html && exec httpd -f -p 80 -h /www\`];

const tiers = new TieredNetwork(stack, 'shop');
const edge = tiers.addTier('edge');
const api = tiers.addTier('app');
const data = tiers.addTier('data', { internal: true });
api.allowFrom(edge);
data.allowFrom(api);
const proxy = new Container(stack, 'proxy', { name: 'consumer-edge', image, command: serve('edge'), capabilities: ['NET_RAW'] });
edge.add(proxy);
api.add(new Container(stack, 'api', { name: 'consumer-app', image, command: serve('app'), capabilities: ['NET_RAW'] }), ['api']);
data.add(new Container(stack, 'db', { name: 'consumer-data', image, command: serve('data'), capabilities: ['NET_RAW'] }), ['db']);
proxy.expose(Port.tcp(80), Exposure.published({ hostPort: ${PUBLISHED_PORT} })); // 127.0.0.1 by default

TopologyReport.addToEveryStack(app);
synthOrExplain(app);
`;

let made: { app: string } | { problem: string } | undefined;

/** Makes the app once per run: cdktf init, the TypeScript fix, cdktf-cli, the provider bindings and the tarball. */
function makeApp(ctx: SequenceContext, step: (m: string) => void): { app: string } | { problem: string } {
  if (made) return made;
  const base = path.join(process.env.E2E_WORK ?? ctx.work, NAME);
  const app = path.join(base, 'app');
  fs.mkdirSync(app, { recursive: true });
  const npmEnv = { ...process.env, CHECKPOINT_DISABLE: '1', npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_loglevel: 'error' };
  const steps: [string, string, string[], string][] = [
    ['npm pack (the tarball route)', 'npm', ['pack', '--silent', '--pack-destination', base], ROOT],
    ['cdktf init --template=typescript --local', path.join(ROOT, 'node_modules', '.bin', 'cdktf'),
      ['init', '--template=typescript', '--local', '--project-name=consumer', '--project-description=consumer', '--enable-crash-reporting=false'], app],
    ['npm install -D typescript@~5.9', 'npm', ['install', '-D', 'typescript@~5.9'], app],
    ['npm install -D cdktf-cli@0.21.0', 'npm', ['install', '-D', 'cdktf-cli@0.21.0'], app],
  ];
  for (const [what, cmd, args, cwd] of steps) {
    step(what);
    const r = run(cmd, args, { cwd, env: npmEnv, timeoutMs: 600_000 });
    if (r.code !== 0) return (made = { problem: `${what}: ${tail(r)}` });
  }
  const tarball = fs.readdirSync(base).find((f) => f.endsWith('.tgz'));
  if (!tarball) return (made = { problem: 'npm pack wrote no tarball' });
  step(`npm install @cdktf/provider-docker@12.0.3 ${tarball}`);
  const inst = run('npm', ['install', '@cdktf/provider-docker@12.0.3', path.join(base, tarball)], { cwd: app, env: npmEnv, timeoutMs: 600_000 });
  if (inst.code !== 0) return (made = { problem: `npm install of the library: ${tail(inst)}` });
  fs.writeFileSync(path.join(app, 'main.ts'), MAIN_TS);
  return (made = { app });
}

/** The filesystem mirror the suite's CLI config names (its `path = "..."`). */
function mirrorOf(tfEnv: NodeJS.ProcessEnv): string | undefined {
  const file = tfEnv.TF_CLI_CONFIG_FILE;
  if (!file || !fs.existsSync(file)) return undefined;
  return /path\s*=\s*"([^"]+)"/.exec(fs.readFileSync(file, 'utf8'))?.[1];
}

export const CONSUMER_APP_SEQUENCE: Sequence = {
  name: NAME,
  run(ctx: SequenceContext) {
    const { checks, step } = begin(NAME);
    const mirror = mirrorOf(ctx.tfEnv);
    if (!mirror) {
      checks.that('a consumer app deploys with the README offline recipe', () => ({ ok: false, detail: 'the suite has no provider mirror (E2E_PROVIDER=registry?): the recipe needs one' }));
      return outcome(NAME, ctx, checks);
    }
    const built = makeApp(ctx, step);
    if ('problem' in built) {
      checks.that('a consumer app made with cdktf init installs the library (README)', () => ({ ok: false, detail: built.problem }));
      return outcome(NAME, ctx, checks);
    }
    const app = built.app;
    // The README's mirror.tfrc, with absolute paths; the engine is the one DOCKER_HOST names (HostEndpoint.fromEnvironment()).
    fs.writeFileSync(
      path.join(app, 'mirror.tfrc'),
      `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/kreuzwerker/docker"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/kreuzwerker/docker"]\n  }\n}\n`,
    );
    fs.rmSync(path.join(app, 'cdktf.out'), { recursive: true, force: true });
    for (const f of fs.readdirSync(app).filter((x) => x.startsWith('terraform.consumer.tfstate'))) fs.rmSync(path.join(app, f));
    const env: NodeJS.ProcessEnv = {
      ...ctx.engine.env(),
      TF_CLI_CONFIG_FILE: path.join(app, 'mirror.tfrc'),
      CHECKPOINT_DISABLE: '1',
      CI: 'true',
      TERRAFORM_BINARY_NAME: ctx.terraform,
      PV: ctx.providerVersion === '3.6.2' ? '' : ctx.providerVersion,
      IMAGE: ctx.image,
    };
    const npx = (args: string[], timeoutMs = 600_000): RunResult =>
      run('npm', ['exec', '--no-install', '--', ...args], { cwd: app, env, timeoutMs });
    const containers = ['consumer-edge', 'consumer-app', 'consumer-data'];
    let networks: string[] = [];
    let deployed = false;
    try {
      step(`npx cdktf deploy consumer (kreuzwerker/docker ${ctx.providerVersion} from ${mirror})`);
      const deploy = npx(['cdktf', 'deploy', 'consumer', '--auto-approve', '--skip-provider-lock']);
      deployed = true;
      const doc = JSON.parse(fs.readFileSync(path.join(app, 'cdktf.out', 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
      networks = namesOf(doc, 'docker_network');
      checks.that(`npx cdktf deploy consumer with TF_CLI_CONFIG_FILE="$PWD/mirror.tfrc" succeeds offline on ${ctx.providerVersion}`, () => ({
        ok: deploy.code === 0 && /Apply complete!/.test(deploy.stdout) && doc.terraform.required_providers.docker.version === ctx.providerVersion,
        detail: tail(deploy, 3000),
      }));
      checks.that('the containers run on the engine', () => ({ ok: containers.every((c) => ctx.engine.inspectContainer(c).State.Running === true) }));

      step('npx docker-network-cdktf verify consumer');
      const verify = npx(['docker-network-cdktf', 'verify', 'consumer', '--image', ctx.image, '--port', '80', '--json'], 300_000);
      const report = parse(verify.stdout);
      checks.that('npx docker-network-cdktf verify consumer: exit 0, every check passed (tiers, published port)', () => ({
        ok: verify.code === 0 && report?.summary?.fail === 0 && report.summary.pass >= 8 &&
          report.checks.some((c: any) => c.check === 'published' && c.result === 'pass') &&
          report.checks.some((c: any) => c.check === 'isolated' && c.from === 'consumer-edge' && c.to === 'consumer-data' && c.result === 'pass'),
        detail: tail(verify, 3000),
      }));

      step('npx docker-network-cdktf report --live, orphans');
      const live = npx(['docker-network-cdktf', 'report', 'cdktf.out/stacks/consumer', '--live'], 300_000);
      checks.that('npx docker-network-cdktf report cdktf.out/stacks/consumer --live: exit 0, no difference', () => ({
        ok: live.code === 0 && live.stdout.includes('Topology of stack consumer') && live.stdout.includes('consumer-edge'),
        detail: tail(live),
      }));
      const orphans = npx(['docker-network-cdktf', 'orphans', 'cdktf.out/stacks/consumer'], 300_000);
      checks.that('npx docker-network-cdktf orphans cdktf.out/stacks/consumer: exit 0, none', () => ({ ok: orphans.code === 0, detail: tail(orphans) }));

      step('the edge container connected to the data tier by hand: verify must fail and name the pair');
      const dataNet = Object.keys(ctx.engine.inspectContainer('consumer-data').NetworkSettings.Networks)[0];
      ctx.engine.docker(['network', 'connect', dataNet, 'consumer-edge']);
      const broken = npx(['docker-network-cdktf', 'verify', 'consumer', '--image', ctx.image, '--port', '80'], 300_000);
      checks.that(`after \`docker network connect ${dataNet} consumer-edge\`, verify exits 1 and names consumer-edge -> consumer-data`, () => ({
        ok: broken.code === 1 && /FAIL\s+deny\s+consumer-edge -> consumer-data/.test(broken.stdout) && broken.stdout.includes('failed:'),
        detail: tail(broken, 3000),
      }));
      ctx.engine.docker(['network', 'disconnect', dataNet, 'consumer-edge']);
    } catch (e) {
      checks.that('consumer app sequence', () => ({ ok: false, detail: (e as Error).message }));
    } finally {
      if (deployed) {
        step('npx cdktf destroy consumer');
        const destroy = npx(['cdktf', 'destroy', 'consumer', '--auto-approve', '--skip-provider-lock']);
        const left = leftovers(ctx.engine, containers, networks);
        const probes = ctx.engine.docker(['ps', '-a', '--filter', 'label=dnc.verify.probe', '--format', '{{.Names}}']).trim();
        checks.that('npx cdktf destroy consumer succeeds and leaves no container, network or probe', () => ({
          ok: destroy.code === 0 && left.length === 0 && probes === '',
          detail: `${tail(destroy)}; left: ${left.join(', ')} ${probes}`,
        }));
      }
    }
    return outcome(NAME, ctx, checks);
  },
};

function parse(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
