import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCompose } from '../constructs/compose';
import { INSECURE_FLAGS } from '../constructs/compose/errors';
import { CLI_VOCABULARY, EXIT, main, USAGE } from '../scripts/compose-import';
import { composeStack, errorsOf } from './compose/helpers';

const ROOT = path.join(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples', 'compose');

const temps: string[] = [];
function tempDir(base = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(base, '.compose-import-'));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Runs the command in this process, as if npm had been run in `cwd`. */
function run(argv: string[], cwd = ROOT) {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { status, stdout, stderr };
}

/** Runs the script as npm does: in the repository root, with INIT_CWD the user's directory. */
function spawn(args: string[], initCwd?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const v of ['INIT_CWD', 'IMAGE', 'LOG_LEVEL', 'WEBPASSWORD']) delete env[v];
  if (initCwd) env.INIT_CWD = initCwd;
  // npx sets INIT_CWD to its own directory: with one to keep, run tsx itself.
  const [cmd, ...pre] = initCwd ? [path.join(ROOT, 'node_modules', '.bin', 'tsx')] : ['npx', 'tsx'];
  const r = spawnSync(cmd, [...pre, 'scripts/compose-import.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function composeFile(yaml: string): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'compose.yml'), yaml);
  return path.join(dir, 'compose.yml');
}

describe('options', () => {
  test('--help and -h print the usage, with the exit statuses and the insecure flags, to stdout and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = run([flag]);
      expect(r).toEqual({ status: 0, stdout: USAGE, stderr: '' });
    }
    expect(USAGE).toMatch(/exit status: 0 .*; 1 .*; 2 usage error/s);
    for (const f of INSECURE_FLAGS) expect(USAGE).toContain(f);
  });

  test('an unknown option is a usage error naming it (with a did-you-mean), not a stack trace', () => {
    const r = run(['examples/compose/web-app.yml', '--x']);
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr.split('\n')[0]).toBe('unknown option --x');
    expect(r.stderr).toContain(USAGE);
    expect(r.stdout).toBe('');
    expect(run(['--ot', 'x.ts', 'examples/compose/web-app.yml']).stderr.split('\n')[0]).toBe('unknown option --ot (did you mean --out?)');
  });

  test.each([
    [[], 'which Compose file?'],
    [['a.yml', 'b.yml'], 'one Compose file at a time (got a.yml, b.yml)'],
    [['examples/compose/web-app.yml', '--mode', 'loose'], '--mode loose is not secure or compose-compatible'],
    [['examples/compose/web-app.yml', '--insecure', 'web'], '--insecure web: write it as service=flag[,flag], e.g. web=privileged'],
    [['examples/compose/web-app.yml', '--class'], '--class needs a value'],
  ])('usage error %j', (argv, message) => {
    const r = run(argv);
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr.split('\n')[0]).toContain(message);
  });

  test('as a process: --help exits 0 on stdout; an unknown option exits 2 without a Node stack trace', () => {
    const help = spawn(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(USAGE);
    const bad = spawn(['--x', 'examples/compose/web-app.yml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^unknown option --x\nusage:/);
    expect(bad.stderr).not.toMatch(/TypeError|ERR_PARSE_ARGS|\n\s+at /);
  }, 240_000);
});

describe('--out', () => {
  test('writes the stack the committed example is (so it compiles: tsc checks examples/), and says so on stderr', () => {
    // Three levels below the repository like examples/compose/generated/: the import path is the same.
    const dir = tempDir(path.join(ROOT, 'test', 'compose'));
    const out = path.relative(ROOT, path.join(dir, 'web-app.ts'));
    const r = spawn(['examples/compose/web-app.yml', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').pop()).toBe(`wrote ${out}: ShopStack, 4 services, 2 networks; it type-checks and synthesizes`);
    expect(fs.readFileSync(path.join(ROOT, out), 'utf8')).toBe(fs.readFileSync(path.join(EXAMPLES, 'generated', 'web-app.ts'), 'utf8'));
    expect(fs.readdirSync(dir)).toEqual(['web-app.ts']); // no temporary file left behind
  }, 240_000);

  test('replaces an existing file and says so; the import path follows the file (stacks/: ../constructs)', () => {
    const dir = tempDir(path.join(ROOT, 'test', 'compose'));
    const out = path.join(dir, 'shop.ts');
    fs.writeFileSync(out, 'old');
    const r = run([path.join(EXAMPLES, 'web-app.yml'), '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/wrote .*shop\.ts: ShopStack, 4 services, 2 networks \(replaced the file that was there\); it type-checks and synthesizes\n$/);
    expect(fs.readFileSync(out, 'utf8')).toContain('from "../../../constructs"');
    const outside = path.join(tempDir(), 'shop.ts');
    expect(run([path.join(EXAMPLES, 'web-app.yml'), '--out', outside]).status).toBe(0);
    expect(fs.readFileSync(outside, 'utf8')).toContain('from "docker-network-cdktf"');
    expect(run([path.join(EXAMPLES, 'web-app.yml'), '--out', outside, '--import-from', 'my-lib']).status).toBe(0);
    expect(fs.readFileSync(outside, 'utf8')).toContain('from "my-lib"');
  });

  test('a file that cannot be written fails with the reason, exit 1, and nothing is left', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file, not a directory');
    const r = run([path.join(EXAMPLES, 'web-app.yml'), '--out', path.join(dir, 'blocker', 'shop.ts')]);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toMatch(/error: cannot write .*blocker\/shop\.ts: .*; nothing written\n$/);
    expect(fs.readdirSync(dir)).toEqual(['blocker']);
  });

  test('a directory that does not exist yet is made (stacks/ in a new app)', () => {
    const dir = tempDir();
    const r = run([path.join(EXAMPLES, 'web-app.yml'), '--out', path.join(dir, 'stacks', 'shop.ts')]);
    expect(r.status).toBe(EXIT.ok);
    expect(fs.readFileSync(path.join(dir, 'stacks', 'shop.ts'), 'utf8')).toContain('from "docker-network-cdktf";');
  });

  test('a Compose file with problems writes nothing, even over an existing file', () => {
    const dir = tempDir();
    const out = path.join(dir, 'legacy.ts');
    fs.writeFileSync(out, 'mine');
    const r = run([path.join(EXAMPLES, 'legacy-links.yml'), '--out', out]);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toMatch(/nothing written: 2 problems\n$/);
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
    expect(fs.readdirSync(dir)).toEqual(['legacy.ts']);
  });
});

describe('relative paths are the user\'s (INIT_CWD), not the repository root npm runs scripts in', () => {
  test('the input file, --out and the paths in messages', () => {
    const dir = tempDir(path.join(ROOT, 'test', 'compose'));
    const r = spawn(['web-app.yml', '--out', path.relative(EXAMPLES, path.join(dir, 'shop.ts'))], EXAMPLES);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'shop.ts'), 'utf8')).toMatch(/^\/\/ Generated from web-app\.yml by/);
    expect(fs.existsSync(path.join(ROOT, 'web-app.yml'))).toBe(false);
    const failed = run(['legacy-links.yml'], EXAMPLES);
    expect(failed.stderr).toMatch(/^error: legacy-links\.yml:9:5: services\.db\.network_mode: /m);
  }, 240_000);

  test('npm run -s from a subdirectory: stdout is the stack alone (no npm banner), the file found from there', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const v of ['INIT_CWD', 'IMAGE', 'LOG_LEVEL']) delete env[v];
    const npm = spawnSync('npm', ['run', '-s', 'compose:import', '--', 'web-app.yml'], { cwd: EXAMPLES, env, encoding: 'utf8', timeout: 180_000 });
    expect(npm.status).toBe(0);
    expect(npm.stdout).toBe(fs.readFileSync(path.join(EXAMPLES, 'generated', 'web-app.ts'), 'utf8').replace('examples/compose/web-app.yml', 'web-app.yml').replace('"../../../constructs"', '"../constructs"'));
  }, 240_000);
});

describe('--insecure', () => {
  test('an unknown flag or service is an error naming it and listing the valid ones; nothing is printed', () => {
    const r = run(['examples/compose/web-app.yml', '--insecure', 'proxy=bogusflag', '--insecure', 'nosvc=privileged', '--insecure', 'proxy=privilegd']);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stdout).toBe('');
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toEqual([
      `error: --insecure proxy=bogusflag: "bogusflag" is not an opt-out the library has; the opt-outs are ${INSECURE_FLAGS.join(', ')}`,
      `error: --insecure proxy=privilegd: "privilegd" is not an opt-out the library has; did you mean "privileged"? the opt-outs are ${INSECURE_FLAGS.join(', ')}`,
      'error: --insecure nosvc=privileged names service "nosvc", which this file does not have; its services are proxy, api, db, cache',
    ]);
  });

  test('valid opt-outs are applied (legacy links on docker0)', () => {
    const r = run(['examples/compose/legacy-links.yml', '--insecure', 'db=defaultBridge', '--insecure', 'web=defaultBridge']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('defaultBridge: true');
  });

  test('INSECURE_FLAGS are the fields of InsecureOptions (tsc checks the table; this reads the interface)', () => {
    const source = fs.readFileSync(path.join(ROOT, 'constructs', 'security.ts'), 'utf8');
    const body = /export interface InsecureOptions \{([\s\S]*?)\n\}/.exec(source)![1];
    expect([...body.matchAll(/readonly (\w+)\?:/g)].map((m) => m[1])).toEqual([...INSECURE_FLAGS]);
  });

  test('the library checks them too: ComposeProject fails synth with the props wording', () => {
    const { stack } = composeStack('name: p\nservices:\n  web:\n    image: x\n', { insecure: { wbe: { privileged: true }, web: { bogus: true } as never } });
    expect(errorsOf(stack)).toEqual([
      expect.stringContaining('insecure: { "wbe": { privileged: true } } in the ComposeProject props names service "wbe", which this file does not have; did you mean "web"? its services are web'),
      expect.stringContaining('insecure: { "web": { bogus: true } } in the ComposeProject props: "bogus" is not an opt-out the library has'),
    ]);
  });
});

describe('hints name the flags on the command line and the props in the library', () => {
  const yaml = [
    'services:',
    '  web:',
    '    image: x',
    '    privileged: true',
    '    cap_add: [NET_ADMIN]',
    '    devices: ["/dev/null:/dev/x"]',
    '    deploy: { replicas: 2, placement: { constraints: [node.role==manager] } }',
    '    environment: { A: "${NEED:?}" }',
    'networks:',
    '  mesh: { driver: overlay }',
  ].join('\n');

  test('command line', () => {
    const file = composeFile(`name: p\n${yaml}\n`);
    const r = run([file]);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toContain('required variable NEED is unset; set it in the environment (or in .env beside the Compose file)');
    const mapped = run([composeFile(`name: p\n${yaml.replace('${NEED:?}', 'a')}\n`)]);
    expect(mapped.stderr).toContain('opt out explicitly with --insecure web=privileged');
    expect(mapped.stderr).toMatch(/compose\.yml:6:15: services\.web\.cap_add\[0\]: cap_add NET_ADMIN \(as strong as privileged: .*\) is forbidden .* opt out explicitly with --insecure web=privilegedCapabilities\n/);
    expect(mapped.stderr).toContain('network mesh is an overlay but no swarm was given; run with --swarm, or use driver: bridge');
    expect(mapped.stderr).toContain('deploy.placement means something only to a swarm; without one Compose ignores it, and the library says so: remove it, run with --swarm');
    expect(mapped.stderr).toContain('or accept it with --accept-unmapped');
    expect(mapped.stderr).toContain('or run with --mode compose-compatible to behave as Compose does');
    expect(mapped.stderr).not.toMatch(/ComposeProject|unmapped: 'warn'|mode: '|insecure: \{/);
    const noName = loadCompose({ yaml: 'services: {}\n', vocabulary: CLI_VOCABULARY });
    expect(noName.errors).toEqual([expect.stringContaining('set name: in the file or give --project-name')]);
  });

  test('library (unchanged wording)', () => {
    const loaded = loadCompose({ yaml: `name: p\n${yaml.replace('${NEED:?}', 'a')}\n`, env: {} });
    const all = [...loaded.errors, ...loaded.unmapped, ...loaded.warnings].join('\n');
    expect(all).toContain('opt out explicitly with insecure: { "web": { privileged: true } } in the ComposeProject props');
    expect(all).toMatch(/<yaml>:6:15: services\.web\.cap_add\[0\]: cap_add NET_ADMIN .* opt out explicitly with insecure: \{ "web": \{ privilegedCapabilities: true \} \} in the ComposeProject props/);
    expect(all).toContain('pass swarm: to ComposeProject, or use driver: bridge');
    expect(all).toContain("accept it with unmapped: 'warn'");
    expect(all).toContain("use mode: 'compose-compatible'");
    expect(all).not.toContain('--');
    expect(loadCompose({ yaml: 'name: p\nservices: { a: { image: "${X:?}" } }\n', env: {} }).errors[0]).toContain('(or env: of ComposeProject; the process environment is read only for names listed in processEnv');
  });
});

describe('--project-root', () => {
  test('a file under deploy/ that builds ../api: refused with the flag to give, written with it (relative to the working directory)', () => {
    const repo = tempDir();
    fs.mkdirSync(path.join(repo, 'api'));
    fs.mkdirSync(path.join(repo, 'deploy'));
    fs.writeFileSync(path.join(repo, 'api', 'Dockerfile'), 'FROM busybox\n');
    const file = path.join(repo, 'deploy', 'compose.yml');
    fs.writeFileSync(file, 'name: p\nservices:\n  api:\n    build: ../api\n');
    const refused = run([file]);
    expect(refused.status).toBe(EXIT.problems);
    expect(refused.stderr).toContain(`give --project-root ${JSON.stringify(fs.realpathSync(repo))}`);
    expect(refused.stderr).not.toContain('ComposeProject props');
    const ok = run([file, '--project-root', '..'], path.join(repo, 'deploy'));
    expect(ok.stderr).not.toMatch(/error:/);
    expect(ok.status).toBe(EXIT.ok);
    expect(ok.stdout).toContain(`context: ${JSON.stringify(path.join(fs.realpathSync(repo), 'api'))}`);
    expect(run([file, '--project-root', path.join(repo, 'api')]).stderr).toContain('does not contain the Compose file\'s directory');
  });
});

describe('untrusted input (issue 17)', () => {
  test('values from .env and the process environment are not written: TerraformVariables instead', () => {
    const file = composeFile('name: p\nservices:\n  db:\n    image: "postgres:16"\n    environment:\n      POSTGRES_PASSWORD: ${DB_PW}\n      URL: "postgres://u:${DB_PW}@db/${DB_NAME}"\n');
    fs.writeFileSync(path.join(path.dirname(file), '.env'), 'DB_PW=pw-from-dotenv-123\n');
    const saved = process.env.DB_NAME;
    process.env.DB_NAME = 'name-from-process-env';
    try {
      const r = run([file, '--import-from', '../constructs']);
      expect(r.status).toBe(EXIT.ok);
      expect(r.stdout).not.toContain('pw-from-dotenv-123');
      expect(r.stdout).not.toContain('name-from-process-env');
      expect(r.stdout).toContain('URL: "postgres://u:" + dbPwVariable.stringValue + "@db/" + dbNameVariable.stringValue');
      expect(r.stdout).toMatch(/^\/\/ Values of variables .*TF_VAR_DB_PW, TF_VAR_DB_NAME/m);
    } finally {
      if (saved === undefined) delete process.env.DB_NAME;
      else process.env.DB_NAME = saved;
    }
  });

  test('values of variables are not written into comments either (notes of --accept-unmapped, secure-default notes)', () => {
    const file = composeFile('name: p\nservices:\n  web:\n    image: x\n    pid: "${PID_MODE}"\n    cap_add: ["${CAP}"]\n');
    fs.writeFileSync(path.join(path.dirname(file), '.env'), 'PID_MODE=container:hunter2-secret\nCAP=NET_ADMIN_X\n');
    const r = run([file, '--accept-unmapped']);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).not.toContain('hunter2-secret');
    expect(r.stdout).not.toContain('NET_ADMIN_X');
    expect(r.stdout).toContain('pid: "${PID_MODE}" is not carried over');
    expect(r.stdout).toContain('// secure default: all Linux capabilities dropped, ${CAP} added back');
  });

  test('--accept-unmapped notes and the source file name stay comments; --class must be an identifier', () => {
    const file = composeFile('name: p\nservices:\n  web:\n    image: x\n    pid: "a\\nrequire(\'child_process\').execSync(\'id\')\\u2028b */"\n');
    const r = run([file, '--accept-unmapped']);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).not.toMatch(/^\s*require\(/m);
    expect(r.stdout).not.toMatch(/[\u2028\u2029]/); // a line break for TypeScript, even inside a // comment
    expect(r.stdout.split(/\r\n|[\n\r\u2028\u2029]/).filter((l) => l.includes('child_process'))).toEqual([expect.stringMatching(/^\/\/ NOT CARRIED OVER: /)]);
    const bad = run([file, '--class', 'X {} require("child_process"); class Y']);
    expect(bad.status).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/--class .* is not a TypeScript class name/);
  });
});

describe('the check before anything is written (issue 20)', () => {
  const tooSmall = 'name: p\nx-address-plan: { pool: 10.9.0.0/24, prefix_length: 24 }\nservices:\n  web:\n    image: x\n    networks: [a, b]\nnetworks:\n  a: {}\n  b: {}\n';

  test('a stack that does not synthesize is not written: exit 1, the problems, nothing over an existing file', () => {
    const file = composeFile(tooSmall);
    const out = path.join(path.dirname(file), 'p.ts');
    fs.writeFileSync(out, 'mine');
    const r = run([file, '--out', out]);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toContain('error: the generated stack does not synthesize: [p/address-plan] the pool 10.9.0.0/24 has no free /24 left for p_b');
    expect(r.stderr).toMatch(/nothing written: the generated stack does not synthesize \(1 problem above\): fix the Compose file .*--force writes it anyway/);
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
    const printed = run([file]);
    expect([printed.status, printed.stdout]).toEqual([EXIT.problems, '']);
  });

  test('--force writes it anyway, loudly: a warning on stderr, the problems at the top of the file, exit 1', () => {
    const file = composeFile(tooSmall);
    const out = path.join(path.dirname(file), 'p.ts');
    const r = run([file, '--out', out, '--force']);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toContain(`WARNING: --force: ${out} does NOT pass the check`);
    expect(r.stderr).toMatch(/wrote .*p\.ts: PStack, 1 service, 2 networks DESPITE THE PROBLEMS ABOVE \(--force\)\n$/);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toMatch(/^\/\/ WARNING: written with --force although it does not type-check or synthesize/m);
    expect(text).toMatch(/^\/\/ {3}the generated stack does not synthesize: \[p\/address-plan\] the pool 10\.9\.0\.0\/24 has no free/m);
  });

  test('a project name starting with a digit and services named after the code\'s own names give a stack that passes', () => {
    const file = composeFile('name: 3tier\nservices:\n  env:\n    image: x\n    environment: { web: "env web id" }\n  id:\n    image: x\n    labels: { env: id }\n  host:\n    image: x\nvolumes:\n  host: {}\n');
    const r = run([file, '--out', path.join(path.dirname(file), 'tier.ts')]);
    expect(r.stderr).toMatch(/wrote .*tier\.ts: Compose3tierStack, 3 services, 1 network; it type-checks and synthesizes\n$/);
    expect(r.status).toBe(EXIT.ok);
  });

  test('--class must be an identifier and not a reserved word (a usage error, not a crash)', () => {
    for (const cls of ['class', 'enum', '3Stack']) {
      const r = run(['examples/compose/web-app.yml', '--class', cls]);
      expect([r.status, r.stderr.split('\n')[0]]).toEqual([EXIT.usage, `--class ${JSON.stringify(cls)} is not a TypeScript class name`]);
    }
  });

  test('without a TypeScript compiler API (TypeScript 7 in the app), nothing is written and the fix is named', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'node_modules', 'typescript'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'typescript', 'package.json'), '{"name":"typescript","version":"7.0.0","main":"index.js"}');
    fs.writeFileSync(path.join(dir, 'node_modules', 'typescript', 'index.js'), 'module.exports = { version: "7.0.0" };');
    const r = run([path.join(EXAMPLES, 'web-app.yml'), '--out', path.join(dir, 'shop.ts')], dir);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toMatch(/error: the generated stack could not be type-checked: the typescript package at .* \(7\.0\.0\) has no JavaScript compiler API .*npm install -D typescript@~5\.9/);
    expect(fs.existsSync(path.join(dir, 'shop.ts'))).toBe(false);
  });
});
