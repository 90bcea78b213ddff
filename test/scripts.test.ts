import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** Temporary directories of these tests, removed afterwards. */
const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

// scripts/cdktf.sh behind `npm run synth`/`demo`: plain output in logs, no false [ERROR] lines.
describe('scripts/cdktf.sh', () => {
  test('piped output has no spinner frames, escape codes or false CLI-config errors', () => {
    const out = tempDir('dnc-cdktf-sh-');
    const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: path.join(out, 'missing.rc') };
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const r = spawnSync(path.join(ROOT, 'scripts', 'cdktf.sh'), ['synth', '--output', out], { env, encoding: 'utf8', timeout: 90_000 });
    const text = r.stdout + r.stderr;
    expect(r.status).toBe(0);
    expect(text).toContain('Generated Terraform code for the stacks');
    expect(text).toContain(`TF_CLI_CONFIG_FILE=${env.TF_CLI_CONFIG_FILE} cannot be read`);
    expect(text).not.toMatch(/\[ERROR\]|Unable to open CLI configuration file|Synthesizing/);
    expect(text).not.toContain('\u001b[');
    expect(fs.existsSync(path.join(out, 'stacks', 'custom-bridge', 'cdk.tf.json'))).toBe(true);
  }, 90_000);

  test('DNC_SYNTH_STACKS (what scripts/demo.sh sets) builds only those stacks: no warnings of the others', () => {
    const out = tempDir('dnc-cdktf-some-');
    const env: NodeJS.ProcessEnv = { ...process.env, DNC_SYNTH_STACKS: 'default-bridge,tiers' };
    const r = spawnSync(path.join(ROOT, 'scripts', 'cdktf.sh'), ['synth', '--output', out], { env, encoding: 'utf8', timeout: 90_000 });
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(out, 'stacks')).sort()).toEqual(['default-bridge', 'tiers']);
    expect(r.stdout + r.stderr).not.toContain('multi-host');
    const bad = spawnSync(path.join(ROOT, 'scripts', 'cdktf.sh'), ['synth', '--output', tempDir('dnc-cdktf-bad-')], { env: { ...env, DNC_SYNTH_STACKS: 'tiers,nope' }, encoding: 'utf8', timeout: 90_000 });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('DNC_SYNTH_STACKS names no example stack nope');
  }, 180_000);
});

describe('scripts/cdktf.sh: the plan files cdktf diff and deploy leave are removed', () => {
  /** A copy of cdktf.sh in a package root whose cdktf writes <output>/stacks/s/plan, as `cdktf diff` does. */
  function fakeRoot(cdktfJson: object = {}) {
    const root = tempDir('dnc-cdktf-plan-');
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(ROOT, 'scripts', 'cdktf.sh'), path.join(root, 'scripts', 'cdktf.sh'));
    fs.writeFileSync(path.join(root, 'scripts', 'ensure-deps.js'), '');
    fs.writeFileSync(path.join(root, 'cdktf.json'), JSON.stringify(cdktfJson));
    fs.mkdirSync(path.join(root, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'node_modules', '.bin', 'cdktf'),
      [
        '#!/bin/bash',
        'out=cdktf.out; [ "$2" = --output ] && out="$3"',
        `[ -n "$OUT_FROM_JSON" ] && out="$OUT_FROM_JSON"`,
        'mkdir -p "$out/stacks/s" "$out/stacks/t/plan.d"',
        'echo "TF_VAR_key=secret" > "$out/stacks/s/plan"',
        'stat -c %a "$out/stacks/s/plan" > "$out/mode"',
        'echo "{}" > "$out/stacks/s/cdk.tf.json"',
        'exit "${STUB_STATUS:-0}"',
      ].join('\n'),
      { mode: 0o755 },
    );
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(path.join(root, 'scripts', 'cdktf.sh'), args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
    return { root, run };
  }

  test('diff: the plan was written 0600 and is gone afterwards; the rest stays; the exit status is cdktf\'s', () => {
    const { root, run } = fakeRoot();
    const r = run(['diff', 's'], { STUB_STATUS: '1' });
    expect(r.status).toBe(1);
    expect(fs.readFileSync(path.join(root, 'cdktf.out', 'mode'), 'utf8').trim()).toBe('600');
    expect(fs.existsSync(path.join(root, 'cdktf.out', 'stacks', 's', 'plan'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'cdktf.out', 'stacks', 's', 'cdk.tf.json'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'cdktf.out', 'stacks', 't', 'plan.d'))).toBe(true);
  });

  test('--output DIR and cdktf.json\'s "output" are where the plans are looked for', () => {
    const a = fakeRoot();
    expect(a.run(['deploy', '--output', 'elsewhere']).status).toBe(0);
    expect(fs.existsSync(path.join(a.root, 'elsewhere', 'stacks', 's', 'plan'))).toBe(false);
    const b = fakeRoot({ output: 'built' });
    expect(b.run(['diff'], { OUT_FROM_JSON: 'built' }).status).toBe(0);
    expect(fs.existsSync(path.join(b.root, 'built', 'stacks', 's', 'plan'))).toBe(false);
  });
});

describe('scripts/cdktf.sh: what it hands to cdktf', () => {
  test('the stacks a diff/deploy/destroy names reach main.ts as DNC_ASKED_STACKS; a relative TF_CLI_CONFIG_FILE becomes absolute', () => {
    const root = tempDir('dnc-cdktf-env-');
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(ROOT, 'scripts', 'cdktf.sh'), path.join(root, 'scripts', 'cdktf.sh'));
    fs.writeFileSync(path.join(root, 'scripts', 'ensure-deps.js'), '');
    fs.writeFileSync(path.join(root, 'cdktf.json'), '{}');
    fs.mkdirSync(path.join(root, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', '.bin', 'cdktf'), '#!/bin/bash\nprintf "%s\\n%s\\n" "${DNC_ASKED_STACKS-unset}" "${TF_CLI_CONFIG_FILE-unset}"\n', { mode: 0o755 });
    const user = tempDir('dnc-cdktf-user-');
    fs.writeFileSync(path.join(user, 'mirror.tfrc'), '');
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(path.join(root, 'scripts', 'cdktf.sh'), args, { cwd: root, env: { ...process.env, INIT_CWD: user, TF_CLI_CONFIG_FILE: 'mirror.tfrc', ...env }, encoding: 'utf8', timeout: 30_000 }).stdout.split('\n');
    expect(run(['diff', 'custom-bridge', '--no-color'])).toEqual(['custom-bridge', path.join(user, 'mirror.tfrc'), '']);
    expect(run(['deploy', 'tiers', 'links', '--auto-approve'])[0]).toBe('tiers,links');
    expect(run(['deploy'])[0]).toBe('');
    expect(run(['synth'])[0]).toBe('unset');
    expect(run(['diff', 'x'], { TF_CLI_CONFIG_FILE: path.join(user, 'mirror.tfrc') })[1]).toBe(path.join(user, 'mirror.tfrc'));
  });

  test('main.ts builds only the asked stacks when each is an example stack, every stack otherwise', () => {
    const stacksOf = (asked: string) => {
      const out = tempDir('dnc-asked-');
      const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: out, DNC_ASKED_STACKS: asked, DNC_SYNTH_STACKS: '' }, encoding: 'utf8', timeout: 90_000 });
      expect(r.status).toBe(0);
      return fs.readdirSync(path.join(out, 'stacks')).sort();
    };
    expect(stacksOf('custom-bridge')).toEqual(['custom-bridge']);
    expect(stacksOf('custom-bridge,*').length).toBeGreaterThan(5);
  }, 180_000);
});

// scripts/report.ts behind `npm run report`: npm starts it in the package root, the user is elsewhere (INIT_CWD).
describe('scripts/report.ts', () => {
  const report = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/report.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

  test('--svg with a relative name writes into the directory the user ran npm in', () => {
    const user = tempDir('dnc-report-');
    const r = report(['tiers', '--svg', 'out.svg', '--no-color'], { INIT_CWD: user });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(user, 'out.svg'), 'utf8')).toContain('<svg');
    expect(fs.existsSync(path.join(ROOT, 'out.svg'))).toBe(false);
  }, 60_000);

  test('--help and -h: usage with the exit statuses on stdout, exit 0; a wrong argument: usage on stderr, exit 2', () => {
    for (const flag of ['--help', '-h']) {
      const r = report([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^usage: npm run report -- <stack>/);
      expect(r.stdout).toMatch(/exit status:\n  0 .*\n  1 .*\n  2 .*\n  3 /);
      expect(r.stderr).toBe('');
    }
    const bad = report(['tiers', '--bogus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^unknown option --bogus\nusage:/);
    expect(bad.stdout).toBe('');
  }, 60_000);

  test('--engine with a password in the URL is a usage error that does not repeat the password (issue 17)', () => {
    const r = report(['tiers', '--live', '--engine', 'a=ssh://deploy:hunter2@a.example.com']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^--engine a=ssh:\/\/deploy@a\.example\.com: a password or token in the endpoint URL/);
    expect(r.stderr).not.toContain('hunter2');
  }, 60_000);
});

// scripts/demo.sh: the deploy's settings are what the destroy uses (checked up to the engine check; the
// real-engine run of `npm run demo` and `npm run demo:destroy` is in the README's "Offline, or behind mirrors").
describe('scripts/demo.sh', () => {
  test('deploy writes a mirror CLI config and its settings; destroy in a bare environment reads them back', () => {
    const tmp = tempDir('dnc-demo-sh-');
    const mirror = path.join(tmp, 'mirror');
    fs.mkdirSync(path.join(mirror, 'registry.terraform.io', 'kreuzwerker', 'docker', '4.6.1-dev', 'linux_amd64'), { recursive: true });
    const state = path.join(tmp, 'state');
    const bare = { PATH: process.env.PATH!, HOME: process.env.HOME!, DEMO_STATE_DIR: state, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const demo = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(path.join(ROOT, 'scripts', 'demo.sh'), args, { env, encoding: 'utf8', timeout: 30_000 });

    const deploy = demo(['deploy'], { ...bare, DEMO_IMAGE: 'demo-busybox:latest', DEMO_PROVIDER_MIRROR: mirror });
    expect(deploy.stdout).toContain('The mirror holds kreuzwerker/docker 4.6.1-dev only');
    expect(deploy.stderr).toContain('No Docker engine answers'); // no engine here: stops before cdktf
    const rc = fs.readFileSync(path.join(state, 'terraformrc'), 'utf8');
    expect(rc).toContain(`path    = "${mirror}"`);
    expect(rc).toMatch(/direct \{\n\s+exclude = \["registry.terraform.io\/kreuzwerker\/docker"\]/);
    // No engine answered: the settings are not taken (an earlier deploy's stay); take them as if one had.
    expect(fs.existsSync(path.join(state, 'settings'))).toBe(false);
    fs.renameSync(path.join(state, 'settings.new'), path.join(state, 'settings'));

    const destroy = demo(['destroy'], { PATH: process.env.PATH!, HOME: process.env.HOME!, DEMO_STATE_DIR: state });
    expect(destroy.stdout).toContain('Using the settings of the deploy');
    for (const line of ['DOCKER_HOST=unix:///nonexistent/docker.sock', 'DEMO_IMAGE=demo-busybox:latest', 'DEMO_PROVIDER_VERSION=4.6.1-dev', `TF_CLI_CONFIG_FILE=${state}/terraformrc`]) {
      expect(destroy.stdout).toContain(`  ${line}`);
    }
    const settings = fs.readFileSync(path.join(state, 'settings'), 'utf8');
    expect(settings).toContain("cdktf_opts=(--skip-provider-lock )");
  });
});

// e2e/provider/build.sh: 3.6.2 from a verified source tree, 4.x as the fallback, checksums checked at every use.
describe('e2e/provider/build.sh', () => {
  const hasGo = spawnSync('sh', ['-c', 'command -v go && command -v git']).status === 0;
  const platform = hasGo ? spawnSync('go', ['env', 'GOOS', 'GOARCH'], { encoding: 'utf8' }).stdout.trim().split('\n').join('_') : '';
  const sha256 = (file: string) => require('crypto').createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  /** A cache whose mirror holds fake binaries of `versions` with their checksums. */
  function cacheWith(versions: string[]): string {
    const cache = tempDir('dnc-build-sh-');
    for (const v of versions) {
      const dir = path.join(cache, 'provider-mirror', 'registry.terraform.io', 'kreuzwerker', 'docker', v, platform);
      fs.mkdirSync(dir, { recursive: true });
      const bin = path.join(dir, `terraform-provider-docker_v${v}`);
      fs.writeFileSync(bin, `fake ${v}`, { mode: 0o755 });
      fs.writeFileSync(`${bin}.sha256`, `${sha256(bin)}\n`);
    }
    return cache;
  }
  const build = (cache: string, extra: NodeJS.ProcessEnv = {}) => {
    // No proxy and an empty module cache: any download fails at once, so nothing is ever compiled here.
    const env: NodeJS.ProcessEnv = { ...process.env, E2E_CACHE: cache, GOPROXY: 'off', GOMODCACHE: tempDir('dnc-gomod-'), GOFLAGS: '-modcacherw' };
    delete env.E2E_PROVIDER_SOURCE;
    delete env.E2E_PROVIDER_STRICT;
    Object.assign(env, extra);
    return spawnSync(path.join(ROOT, 'e2e', 'provider', 'build.sh'), [], { env, encoding: 'utf8', timeout: 60_000 });
  };
  const maybe = hasGo ? test : test.skip;

  maybe('both versions cached with matching checksums: both, the default first, no proxy request', () => {
    const cache = cacheWith(['3.6.2', '4.6.1-dev']);
    const r = build(cache);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`${path.join(cache, 'provider-mirror')} 3.6.2 4.6.1-dev`);
    expect(r.stderr).toMatch(/kreuzwerker\/docker 3\.6\.2: cached, checksum ok/);
  });

  maybe('no source tree of v3.6.2: says loudly that 3.6.2 was not built and goes on with 4.x; strict fails', () => {
    const cache = cacheWith(['4.6.1-dev']);
    const r = build(cache);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`${path.join(cache, 'provider-mirror')} 4.6.1-dev`);
    expect(r.stderr).toContain('!!! kreuzwerker/docker 3.6.2 (the library\'s default) was NOT built: no source tree of kreuzwerker/terraform-provider-docker v3.6.2 at');
    expect(r.stderr).toContain('!!! the suite runs on 4.6.1-dev only');
    expect(build(cache, { E2E_PROVIDER_STRICT: '1' }).status).toBe(3);
  });

  maybe('a source tree that is not tag v3.6.2 is not built from', () => {
    const cache = cacheWith(['4.6.1-dev']);
    const src = tempDir('dnc-src-');
    fs.writeFileSync(path.join(src, 'main.go'), 'package main\n');
    const r = build(cache, { E2E_PROVIDER_SOURCE: src });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${src.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not the source tree of tag v3\\.6\\.2 \\(git tree [0-9a-f]{40}, expected 7f4ad6c0b45b941045f39f727d565c0a40087625\\)`));
    expect(r.stdout.trim().endsWith(' 4.6.1-dev')).toBe(true);
  });

  maybe('a cached binary that does not match its checksum is deleted and built again', () => {
    const cache = cacheWith(['4.6.1-dev']);
    const bin = path.join(cache, 'provider-mirror', 'registry.terraform.io', 'kreuzwerker', 'docker', '4.6.1-dev', platform, 'terraform-provider-docker_v4.6.1-dev');
    fs.appendFileSync(bin, 'tampered');
    const r = build(cache, { E2E_PROVIDER_VERSIONS: '4.6.1-dev' });
    expect(r.stderr).toContain('kreuzwerker/docker 4.6.1-dev: the cached binary does not match its recorded checksum');
    expect(fs.existsSync(bin)).toBe(false); // GOPROXY=off, empty module cache: the rebuild cannot download
    expect(r.status).not.toBe(0);
  });
});

// npm run report -- --live over TLS writes the client key to $TMPDIR/dnc-tls-*: a cancelled run must not leave it.
describe('report --live over TLS: the client key is removed on SIGINT, SIGTERM and SIGHUP', () => {
  /** A `docker` that says it started (a marker file), then answers after a second with nothing. */
  function stubDocker(dir: string): string {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\n: > "${dir}/docker-started"\nsleep 1\nexit 0\n`, { mode: 0o755 });
    return bin;
  }

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: the dnc-tls-* directory is gone and the exit status is %i', async (signal, status) => {
    const dir = tempDir('dnc-tls-signal-');
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const bin = stubDocker(dir);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      TMPDIR: tmp,
      DNC_FIXTURE_OUTDIR: path.join(dir, 'out'),
      TF_VAR_edge_ca_material: 'CA',
      TF_VAR_edge_cert_material: 'CERT',
      TF_VAR_edge_key_material: '-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n',
    };
    // node itself (not the tsx launcher), so the signal reaches the process that wrote the key.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'fixtures', 'live-tls-report.ts')], { cwd: ROOT, env, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(path.join(dir, 'docker-started')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const keyDirs = fs.readdirSync(tmp).filter((f) => f.startsWith('dnc-tls-'));
    expect(keyDirs).toHaveLength(1); // the key is on disk while docker runs
    expect(fs.statSync(path.join(tmp, keyDirs[0], 'key.pem')).mode & 0o777).toBe(0o600);
    child.kill(signal);
    expect(await exited).toEqual({ code: status, signal: null });
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('dnc-tls-'))).toEqual([]);
  }, 60_000);

  test('npm run report runs node itself, not the tsx launcher (which SIGKILLs a child that is busy in a docker call when relaying a signal)', () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.report).toBe('node --import tsx scripts/report.ts');
    expect(scripts.orphans).toBe('node --import tsx cli/orphans.ts'); // writes TLS keys too
  });

  test('without a signal the run ends normally and removes the key too', async () => {
    const dir = tempDir('dnc-tls-normal-');
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const bin = stubDocker(dir);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('test', 'fixtures', 'live-tls-report.ts')], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: tmp, DNC_FIXTURE_OUTDIR: path.join(dir, 'out'), TF_VAR_edge_ca_material: 'CA', TF_VAR_edge_cert_material: 'CERT', TF_VAR_edge_key_material: 'KEY' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('dnc-tls-'))).toEqual([]);
  }, 60_000);
});
