/**
 * Synth benchmark: a large address-planned topology (1,000 networks, 5 containers each, static addresses and
 * aliases) built with this library, and the same objects written as raw provider resources. Each variant runs
 * in its own process so that peak memory (max RSS) is its own; variants alternate, 3 rounds, medians printed.
 *
 *   npm run bench                 # defaults: 1000 networks x 5 containers, 3 rounds
 *   BENCH_NETWORKS=200 BENCH_ROUNDS=1 npm run bench
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Container as RawContainer } from '@cdktf/provider-docker/lib/container';
import { Network as RawNetwork } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import Table from 'cli-table3';
import { AddressPlan, BridgeNetwork, Container, DockerHost } from '../constructs';

const NETWORKS = Number(process.env.BENCH_NETWORKS ?? 1000);
const PER_NETWORK = Number(process.env.BENCH_CONTAINERS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function subnetOf(i: number): string {
  // 10.64.0.0/14 holds 1,024 /24s: the i-th one, as the planner hands them out.
  return `10.${64 + (i >> 8)}.${i & 255}.0/24`;
}

function hostIp(subnet: string, n: number): string {
  return subnet.replace(/\.0\/24$/, `.${n}`);
}

function buildLibrary(stack: TerraformStack): void {
  const host = new DockerHost(stack, 'host');
  const plan = new AddressPlan(stack, 'plan', { pool: '10.64.0.0/14' });
  for (let i = 0; i < NETWORKS; i++) {
    const subnet = plan.allocate(`net${i}`);
    const net = new BridgeNetwork(stack, `net${i}`, { subnet });
    for (let j = 0; j < PER_NETWORK; j++) {
      new Container(stack, `c${i}-${j}`, {
        image: 'busybox:1.36',
        networks: [{ network: net, ipv4Address: hostIp(subnet.toString(), 10 + j), aliases: [`svc${j}`] }],
      });
    }
  }
  void host;
}

function buildRaw(stack: TerraformStack): void {
  const provider = new DockerProvider(stack, 'docker', {});
  for (let i = 0; i < NETWORKS; i++) {
    const subnet = subnetOf(i);
    const net = new RawNetwork(stack, `net${i}`, {
      provider,
      name: `net${i}`,
      driver: 'bridge',
      ipamConfig: [{ subnet, gateway: hostIp(subnet, 1) }],
    });
    for (let j = 0; j < PER_NETWORK; j++) {
      new RawContainer(stack, `c${i}-${j}`, {
        provider,
        name: `c${i}-${j}`,
        image: 'busybox:1.36',
        networkMode: 'bridge',
        restart: 'no',
        // the library's secure defaults, so both plans hold the same objects
        securityOpts: ['no-new-privileges:true'],
        capabilities: { drop: ['ALL'] },
        networksAdvanced: [{ name: net.name, ipv4Address: hostIp(subnet, 10 + j), aliases: [`svc${j}`] }],
      });
    }
  }
}

function child(variant: 'library' | 'raw'): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${variant}-`));
  const start = process.hrtime.bigint();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  if (variant === 'library') buildLibrary(stack);
  else buildRaw(stack);
  const built = process.hrtime.bigint();
  app.synth(); // validations on, as `cdktf synth` runs them
  const done = process.hrtime.bigint();
  const json = fs.readFileSync(path.join(outdir, 'stacks', 'bench', 'cdk.tf.json'), 'utf8');
  const doc = JSON.parse(json);
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(
    JSON.stringify({
      constructMs: Number(built - start) / 1e6,
      synthMs: Number(done - built) / 1e6,
      totalMs: Number(done - start) / 1e6,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      networks: Object.keys(doc.resource.docker_network).length,
      containers: Object.keys(doc.resource.docker_container).length,
      bytes: json.length,
    }),
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function parent(): void {
  console.log(`synth benchmark: ${NETWORKS} networks x ${PER_NETWORK} containers, ${ROUNDS} round(s), node ${process.version}, ${os.cpus().length} cores`);
  const runs: Record<string, any[]> = { library: [], raw: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const variant of r % 2 === 0 ? ['library', 'raw'] : ['raw', 'library']) {
      const res = spawnSync(process.execPath, [...process.execArgv, __filename, variant], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (res.status !== 0) throw new Error(`${variant} run failed:\n${res.stderr}`);
      const m = JSON.parse(res.stdout.trim().split('\n').pop()!);
      runs[variant].push(m);
      console.log(`  round ${r + 1} ${variant.padEnd(7)} total ${m.totalMs.toFixed(0)} ms, max RSS ${m.maxRssMiB.toFixed(0)} MiB`);
    }
  }
  const table = new Table({ head: ['variant', 'construct (ms)', 'synth (ms)', 'total (ms)', 'peak RSS (MiB)', 'networks', 'containers', 'JSON (MB)'], style: { head: [], border: [] } });
  for (const v of ['library', 'raw']) {
    const rs = runs[v];
    table.push([
      v,
      median(rs.map((x) => x.constructMs)).toFixed(0),
      median(rs.map((x) => x.synthMs)).toFixed(0),
      median(rs.map((x) => x.totalMs)).toFixed(0),
      median(rs.map((x) => x.maxRssMiB)).toFixed(0),
      rs[0].networks,
      rs[0].containers,
      (rs[0].bytes / 1e6).toFixed(1),
    ]);
  }
  console.log(table.toString());
  const ratio = median(runs.library.map((x) => x.totalMs)) / median(runs.raw.map((x) => x.totalMs));
  console.log(`library / raw total time: ${ratio.toFixed(2)}x (medians)`);
}

const arg = process.argv[2];
if (arg === 'library' || arg === 'raw') child(arg);
else parent();
