import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { ComposeProject, DockerHost } from '../../constructs';
import { generateStack, loadCompose } from '../../constructs/compose';
import { byName, composeStack, errorsOf, synthJson, warningsOf } from './helpers';
import { withoutCI } from '../util';

/** A Compose file and its .env are input from someone else: these tests hold them to that. */

function tmpProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-untrusted-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function project(files: Record<string, string>): string {
  const d = tmpProject(files);
  dirs.push(d);
  return d;
}

function stackFromFile(file: string, props: Record<string, unknown> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new DockerHost(stack, 'host');
  const p = new ComposeProject(stack, 'app', { file, ...props });
  return { stack, project: p };
}

describe('secrets: the process environment is read only for names the user allows', () => {
  const yaml = 'name: p\nservices:\n  web:\n    image: x\n    environment:\n      LEAK: "${PG_CONN_STR:-none}"\n      TFVAR: "${TF_VAR_db_password:-none}"\n      PG_CONN_STR:\n';
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.PG_CONN_STR = 'postgres://admin:hunter2@db.internal/prod';
    process.env.TF_VAR_db_password = 'tf-secret-value';
  });
  afterEach(() => {
    for (const k of ['PG_CONN_STR', 'TF_VAR_db_password']) if (saved[k] === undefined) delete process.env[k];
  });

  test('a Compose file cannot pull PG_CONN_STR or TF_VAR_* from process.env into cdk.tf.json', () => {
    const dir = project({ 'compose.yaml': yaml });
    const { stack } = stackFromFile(path.join(dir, 'compose.yaml'), { mode: 'secure' });
    const text = Testing.synth(stack, true);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('tf-secret-value');
    const c = byName(JSON.parse(text), 'docker_container', 'p-web-1');
    expect(c.env).toEqual(expect.arrayContaining(['LEAK=none', 'TFVAR=none']));
  });

  test('names listed in processEnv are read; env wins over them, they win over .env', () => {
    const dir = project({ 'compose.yaml': yaml, '.env': 'PG_CONN_STR=from-dotenv\n' });
    const { stack } = stackFromFile(path.join(dir, 'compose.yaml'), { mode: 'secure', processEnv: ['PG_CONN_STR'] });
    const c = byName(synthJson(stack), 'docker_container', 'p-web-1');
    expect(c.env).toEqual(expect.arrayContaining(['LEAK=postgres://admin:hunter2@db.internal/prod', 'TFVAR=none', 'PG_CONN_STR=postgres://admin:hunter2@db.internal/prod']));
    const withEnv = stackFromFile(path.join(dir, 'compose.yaml'), { mode: 'secure', processEnv: ['PG_CONN_STR'], env: { PG_CONN_STR: 'given' } });
    expect(byName(synthJson(withEnv.stack), 'docker_container', 'p-web-1').env).toEqual(expect.arrayContaining(['LEAK=given']));
  });

  test('.env beside the file is still read without processEnv', () => {
    const dir = project({ 'compose.yaml': yaml, '.env': 'PG_CONN_STR=from-dotenv\n' });
    const { stack } = stackFromFile(path.join(dir, 'compose.yaml'), { mode: 'secure' });
    expect(byName(synthJson(stack), 'docker_container', 'p-web-1').env).toEqual(expect.arrayContaining(['LEAK=from-dotenv']));
  });
});

describe('secrets: compose:import never writes a value that came from a variable', () => {
  const yaml = [
    'name: p',
    'services:',
    '  web:',
    '    image: "postgres:${TAG}"',
    '    environment:',
    '      DATABASE_URL: "postgres://u:${PW}@db:5432/app"',
    '      POSTGRES_PASSWORD: ${PW}',
    '      API_TOKEN:',
    '      PLAIN: literal',
    '',
  ].join('\n');

  test('.env, env and bare environment entries become sensitive TerraformVariables used as tokens', () => {
    const dir = project({ 'compose.yaml': yaml, '.env': 'PW=s3cr3t-pw\nTAG=16\n' });
    const loaded = loadCompose({ file: path.join(dir, 'compose.yaml'), env: { API_TOKEN: 'tok-123456' } });
    expect(loaded.errors).toEqual([]);
    const code = generateStack(loaded.plan!, { importFrom: '../../constructs' }); // as seen from test/compose/
    expect(code).not.toContain('s3cr3t-pw');
    expect(code).not.toContain('tok-123456');
    expect(code).toContain('new TerraformVariable(this, "PW", { type: \'string\', sensitive: true');
    expect(code).toContain('DATABASE_URL: "postgres://u:" + pwVariable.stringValue + "@db:5432/app"');
    expect(code).toContain('POSTGRES_PASSWORD: pwVariable.stringValue');
    expect(code).toContain('API_TOKEN: apiTokenVariable.stringValue');
    expect(code).toContain('image: host.image("postgres:" + tagVariable.stringValue)');
    expect(code).toContain('PLAIN: "literal"');
    expect(code).toMatch(/TF_VAR_PW/);

    // The generated stack synthesizes with Terraform variables, not values.
    const file = path.join(__dirname, `.generated-${process.pid}.ts`);
    fs.writeFileSync(file, code);
    let json: any;
    try {
      const mod = require(file);
      json = JSON.parse(Testing.synth(new mod.PStack(Testing.app(), 'gen')));
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(JSON.stringify(json)).not.toContain('s3cr3t-pw');
    expect(json.variable.PW).toEqual(expect.objectContaining({ type: 'string', sensitive: true }));
    const c = byName(json, 'docker_container', 'p-web-1');
    expect(c.env).toEqual(expect.arrayContaining(['DATABASE_URL=postgres://u:${var.PW}@db:5432/app', 'POSTGRES_PASSWORD=${var.PW}']));
  });
});

test('a short variable value is referenced only where it came from (TAG=1 leaves "p-web-1" and subnets alone)', () => {
  const yaml = 'name: p\nservices:\n  web:\n    image: "nginx:${TAG}"\n    hostname: web-1\nnetworks:\n  default:\n    ipam: { config: [{ subnet: 10.61.1.0/24 }] }\n';
  const loaded = loadCompose({ yaml, env: { TAG: '1' } });
  expect(loaded.errors).toEqual([]);
  const code = generateStack(loaded.plan!);
  expect(code).toContain('image: host.image("nginx:" + tagVariable.stringValue)');
  expect(code).toContain('name: "p-web-1"');
  expect(code).toContain('subnet: "10.61.1.0/24"');
  expect(code).toContain('hostname: "web-1"');
});

describe('x-address-plan.lock_file stays inside the project', () => {
  const doc = (lockFile: string) => `name: p\nx-address-plan:\n  pool: 10.60.0.0/16\n  lock_file: ${JSON.stringify(lockFile)}\nservices:\n  web:\n    image: x\n`;
  const errors = (dir: string, lockFile: string) => {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), doc(lockFile));
    const { stack } = stackFromFile(path.join(dir, 'compose.yaml'), { mode: 'secure' });
    return errorsOf(stack);
  };

  test.each([
    ['../../escape.yaml', /is outside the Compose file's directory/],
    ['/tmp/dnc-absolute.lock.yaml', /is an absolute path/],
    ['lock.sh', /does not end in \.yaml or \.yml/],
    ['missing/dir/lock.yaml', /is in a directory that does not exist .*no directory is created/],
  ])('%s is refused at synth with file:line:column and the fix, nothing written', (lockFile, why) => {
    const dir = project({});
    const errs = errors(dir, lockFile);
    expect(errs).toEqual([expect.stringMatching(new RegExp(`compose\\.yaml:4:3: x-address-plan\\.lock_file: lock_file "${lockFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" ${why.source}.*write a \\.yaml or \\.yml file name relative to the Compose file`))]);
    expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false);
    expect(fs.existsSync(path.resolve(dir, '../../escape.yaml'))).toBe(false);
    expect(fs.existsSync('/tmp/dnc-absolute.lock.yaml')).toBe(false);
  });

  test('a symlink, or a directory that is a symlink out of the project, is refused', () => {
    const outside = project({ 'target.yaml': '' });
    const dir = project({});
    fs.symlinkSync(path.join(outside, 'target.yaml'), path.join(dir, 'lock.yaml'));
    expect(errors(dir, 'lock.yaml').join('\n')).toMatch(/lock_file "lock\.yaml" is a symlink/);
    fs.symlinkSync(outside, path.join(dir, 'linked'));
    expect(errors(dir, 'linked/lock.yaml').join('\n')).toMatch(/lock_file "linked\/lock\.yaml" is outside the Compose file's directory \(through a symlink\)/);
    expect(fs.readFileSync(path.join(outside, 'target.yaml'), 'utf8')).toBe('');
    expect(fs.readdirSync(outside)).toEqual(['target.yaml']);
  });

  test('a lock file beside the Compose file, or in an existing subdirectory, is written', () => {
    const dir = project({ 'locks/.keep': '' });
    // Lock files are written only outside CI (AddressPlan's default); CI runs these tests with CI=true.
    expect(withoutCI(() => errors(dir, 'compose.lock.yaml'))).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'compose.lock.yaml'), 'utf8')).toContain('pool: 10.60.0.0/16');
    expect(withoutCI(() => errors(dir, 'locks/a.yml'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'locks', 'a.yml'))).toBe(true);
  });
});

describe('Compose-side guards', () => {
  const svc = (body: string) => `name: p\nservices:\n  web:\n    image: x\n${body}`;

  test.each(['"true"', 'yes', '"on"', 'Y', 'TRUE'])('privileged: %s is privileged (refused without the opt-out)', (v) => {
    const { stack } = composeStack(svc(`    privileged: ${v}\n`));
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/compose\.yml:5:5: services\.web\.privileged: privileged: true is forbidden .*insecure: \{ "web": \{ privileged: true \} \}/)]);
    const ok = composeStack(svc(`    privileged: ${v}\n`), { insecure: { web: { privileged: true } } });
    expect(byName(synthJson(ok.stack), 'docker_container', 'p-web-1').privileged).toBe(true);
  });

  test('privileged: a string Compose does not read as a boolean is refused; "no" is false', () => {
    const { stack } = composeStack(svc('    privileged: "maybe"\n'));
    expect(errorsOf(stack).join('\n')).toMatch(/services\.web\.privileged: privileged: "maybe" is not a boolean as Compose reads one/);
    const off = composeStack(svc('    privileged: "no"\n'));
    expect(errorsOf(off.stack)).toEqual([]);
  });

  test('read_only: "false" on a bind is read-write as Compose reads it; "true" read-only', () => {
    const dir = project({ 'data/.keep': '' });
    const ro = composeStack(svc(`    volumes:\n      - { type: bind, source: ./data, target: /d, read_only: "yes" }\n`), { file: path.join(dir, 'compose.yml'), mode: 'secure' });
    const c = byName(synthJson(ro.stack), 'docker_container', 'p-web-1');
    expect(c.mounts[0]).toEqual(expect.objectContaining({ read_only: true, source: path.join(fs.realpathSync(dir), 'data') }));
  });

  test.each([
    ['security_opt: ["seccomp:unconfined"]', /services\.web\.security_opt\[0\]: security_opt "seccomp:unconfined" is not carried over .*keeps Docker's default seccomp/],
    ['security_opt: ["apparmor:unconfined"]', /security_opt "apparmor:unconfined" is not carried over/],
    ['security_opt: ["label:disable"]', /security_opt "label:disable" is not carried over/],
    ['devices: ["/dev/kmsg:/dev/kmsg"]', /services\.web\.devices: devices is not carried over/],
    ['cgroup: host', /services\.web\.cgroup: cgroup is not carried over/],
    ['tmpfs: ["/run:size=64m,uid=0,exec"]', /services\.web\.tmpfs\[0\]: tmpfs option "uid=0" is not carried over[\s\S]*tmpfs option "exec" is not carried over/],
  ])('%s is never dropped without a word: an error, or a warning with unmapped: warn', (line, message) => {
    const failing = composeStack(svc(`    ${line}\n`), { mode: 'secure' });
    expect(errorsOf(failing.stack).join('\n')).toMatch(message);
    const warned = composeStack(svc(`    ${line}\n`), { mode: 'secure', unmapped: 'warn' });
    expect(errorsOf(warned.stack)).toEqual([]);
    expect(warningsOf(warned.stack).join('\n')).toMatch(message);
  });

  test('service tmpfs keeps size and mode (mode=1770: the sticky bit is said, not dropped silently)', () => {
    const ok = composeStack(svc('    tmpfs: ["/run:size=64m,mode=0755", /tmp]\n'), { mode: 'secure' });
    const mounts = byName(synthJson(ok.stack), 'docker_container', 'p-web-1').mounts;
    expect(mounts).toEqual([
      expect.objectContaining({ target: '/run', type: 'tmpfs', tmpfs_options: expect.objectContaining({ size_bytes: 64 * 1024 * 1024, mode: 0o755 }) }),
      expect.objectContaining({ target: '/tmp', type: 'tmpfs' }),
    ]);
    const sticky = composeStack(svc('    tmpfs: ["/run:size=64m,mode=1770"]\n'), { mode: 'secure' });
    expect(errorsOf(sticky.stack).join('\n')).toMatch(/services\.web\.tmpfs\[0\]: tmpfs mode 1770 has setuid, setgid or sticky bits.*\(e\.g\. 770\)/);
  });

  test('a relative bind source that is a symlink to the Docker socket is refused (the check sees the real path)', () => {
    const dir = project({});
    fs.symlinkSync('/var/run/docker.sock', path.join(dir, 'sock'));
    fs.symlinkSync('/etc', path.join(dir, 'conf'));
    const { stack } = composeStack(svc('    volumes:\n      - ./sock:/var/run/docker.sock\n      - type: bind\n        source: ./conf\n        target: /host-etc\n        read_only: false\n'), {
      file: path.join(dir, 'compose.yml'),
      mode: 'secure',
    });
    const errs = errorsOf(stack).join('\n');
    expect(errs).toMatch(/compose\.yml:6:9: services\.web\.volumes\[0\]: bind source "\.\/sock" resolves to "\/(var\/)?run\/docker\.sock", which .*insecure: \{ "web": \{ sensitiveMounts: true \} \}/);
    expect(errs).toMatch(/services\.web\.volumes\[1\]: bind source "\.\/conf" resolves to "\/etc"/);
  });
});
