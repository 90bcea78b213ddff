import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { main } from '../../cli/compose-import';
import { ComposeProject, DockerHost } from '../../constructs';
import { loadCompose } from '../../constructs/compose';
import { COMPOSE_LIMITS } from '../../constructs/compose/source';
import { byName, errorsOf, synthJson } from './helpers';

const temps: string[] = [];
/** A project directory holding `files` (name to text; a text starting with `-> ` makes a symlink to the rest). */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), '.compose-files-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (text.startsWith('-> ')) fs.symlinkSync(text.slice(3), file);
    else fs.writeFileSync(file, text);
  }
  return dir;
}
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const services = (loaded: ReturnType<typeof loadCompose>) => loaded.plan?.services.map((s) => s.key);
const service = (loaded: ReturnType<typeof loadCompose>, key: string) => loaded.plan!.services.find((s) => s.key === key)!;

describe('several files', () => {
  test('compose.override.yaml beside compose.yaml is merged (as docker compose does); with files: only the files given', () => {
    const dir = project({
      'compose.yaml': 'name: p\nservices:\n  web:\n    image: nginx:1\n    environment: { A: "1", B: "2" }\n    command: ["a", "b"]\n',
      'compose.override.yaml': 'services:\n  web:\n    environment: { B: "3" }\n    command: ["c"]\n',
      'other.yaml': 'services:\n  web:\n    image: nginx:2\n',
    });
    const found = loadCompose({ file: path.join(dir, 'compose.yaml'), env: {} });
    expect(found.errors).toEqual([]);
    expect(service(found, 'web')).toMatchObject({ image: 'nginx:1', command: ['c'], env: { A: '1', B: '3' } });
    const listed = loadCompose({ files: [path.join(dir, 'compose.yaml'), path.join(dir, 'other.yaml')], env: {} });
    expect(service(listed, 'web')).toMatchObject({ image: 'nginx:2', command: ['a', 'b'], env: { A: '1', B: '2' } });
    expect(loadCompose({ file: path.join(dir, 'compose.yaml'), files: [], env: {} }).errors).toEqual([expect.stringMatching(/either file .* or files/)]);
  });

  test('!reset and !override apply to the files before; a problem of the second file names that file, line and column', () => {
    const dir = project({
      'a.yaml': 'name: p\nservices:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n    dns: [1.1.1.1]\n',
      'b.yaml': 'services:\n  web:\n    ports: !override ["9090:90"]\n    dns: !reset []\n    portz: []\n',
    });
    const loaded = loadCompose({ files: [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')], env: {} });
    expect(loaded.errors).toEqual([expect.stringMatching(/b\.yaml:5:5: services\.web\.portz: unknown field "portz".*did you mean "ports"/)]);
    const fixed = project({ 'a.yaml': 'name: p\nservices:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n    dns: [1.1.1.1]\n', 'b.yaml': 'services:\n  web:\n    ports: !override ["9090:90"]\n    dns: !reset []\n' });
    const ok = loadCompose({ files: [path.join(fixed, 'a.yaml'), path.join(fixed, 'b.yaml')], env: {} });
    expect(ok.errors).toEqual([]);
    expect(service(ok, 'web').exposures.map((e) => e.hostPort)).toEqual([9090]);
    expect(service(ok, 'web').runtime.dns).toBeUndefined();
  });
});

describe('include and extends', () => {
  test('an included project has its own directory and .env; bind sources stay relative to it', () => {
    const dir = project({
      'compose.yaml': 'name: p\ninclude: [db/compose.yaml]\nservices:\n  app:\n    image: busybox\n    depends_on: [db]\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:${PG}\n    volumes: ["./init:/init:ro"]\n',
      'db/.env': 'PG=16\n',
      'db/init/.keep': '',
    });
    const loaded = loadCompose({ file: path.join(dir, 'compose.yaml'), env: {} });
    expect(loaded.errors).toEqual([]);
    expect(service(loaded, 'db').image).toBe('postgres:16');
    expect(service(loaded, 'db').runtime.mounts).toEqual([expect.objectContaining({ type: 'bind', source: fs.realpathSync(path.join(dir, 'db', 'init')), target: '/init' })]);
  });

  test('a problem in an included or extended file is reported at its own file, line and column', () => {
    const dir = project({
      'compose.yaml': 'name: p\ninclude:\n  - sub/compose.yaml\nservices:\n  web:\n    extends: { file: base.yaml, service: b }\n',
      'sub/compose.yaml': 'services:\n  db:\n    image: postgres\n    restart: sometimes\n',
      'base.yaml': 'services:\n  b:\n    image: nginx\n    privileged: maybe\n',
    });
    const errors = loadCompose({ file: path.join(dir, 'compose.yaml'), env: {} }).errors.join('\n');
    expect(errors).toMatch(/sub\/compose\.yaml:4:\d+: services\.db\.restart/);
    expect(errors).toMatch(/base\.yaml:4:\d+: services\.web\.privileged/);
  });

  test.each([
    ['../outside.yaml', /include\[0\]: the included file "\.\.\/outside\.yaml" is outside the project directory/],
    ['/etc/passwd', /include\[0\]: the included file "\/etc\/passwd" is an absolute path/],
    ['link.yaml', /include\[0\]: the included file "link\.yaml" leads outside the project directory .* through a symlink/],
    ['missing.yaml', /include\[0\]: the included file "missing\.yaml": no such file/],
    ['oci://registry.example.com/app:1', /include\[0\]: the included file "oci:\/\/registry\.example\.com\/app:1" is remote; only files inside the project are read/],
  ])('include %s is refused with its place in the file', (target, message) => {
    const outside = project({ 'outside.yaml': 'services:\n  x:\n    image: busybox\n' });
    const dir = project({ 'p/compose.yaml': `name: p\ninclude:\n  - ${target}\nservices:\n  a:\n    image: busybox\n`, 'p/link.yaml': `-> ${path.join(outside, 'outside.yaml')}`, 'outside.yaml': 'services: {}\n' });
    const errors = loadCompose({ file: path.join(dir, 'p', 'compose.yaml'), env: {} }).errors;
    expect(errors).toEqual([expect.stringMatching(new RegExp(`compose\\.yaml:3:5: ${message.source}`))]);
  });

  test('extends: the same file, another file (only the named service read), cycles and unknown bases', () => {
    const dir = project({
      'compose.yaml': 'name: p\nservices:\n  base:\n    image: busybox\n    environment: { A: "1" }\n  worker:\n    extends: base\n    environment: { B: "2" }\n  web:\n    extends: { file: common.yaml, service: web }\n',
      'common.yaml': 'services:\n  web:\n    image: nginx\n  broken:\n    extends: nowhere\n',
    });
    const loaded = loadCompose({ file: path.join(dir, 'compose.yaml'), env: {} });
    expect(loaded.errors).toEqual([]);
    expect(service(loaded, 'worker')).toMatchObject({ image: 'busybox', env: { A: '1', B: '2' } });
    expect(service(loaded, 'web').image).toBe('nginx');
    const cyclic = project({ 'compose.yaml': 'name: p\nservices:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: nope\n' });
    const errors = loadCompose({ file: path.join(cyclic, 'compose.yaml'), env: {} }).errors;
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/compose\.yaml:\d+:\d+: services\.\w\.extends: extends cycle: /), expect.stringMatching(/services\.c\.extends: service "c" extends "nope", which this file does not have \(it has a, b, c\)/)]));
  });

  test('include cycles and nesting beyond COMPOSE_LIMITS.maxFileNesting are refused', () => {
    const cyclic = project({ 'compose.yaml': 'name: p\ninclude: [a.yaml]\nservices: {}\n', 'a.yaml': 'include: [compose.yaml]\nservices: {}\n' });
    expect(loadCompose({ file: path.join(cyclic, 'compose.yaml'), env: {} }).errors).toEqual([expect.stringMatching(/a\.yaml:1:11: include\[0\]: include cycle: compose\.yaml includes a\.yaml includes compose\.yaml/)]);
    const files: Record<string, string> = { 'compose.yaml': 'name: p\ninclude: [f1.yaml]\n' };
    for (let i = 1; i <= COMPOSE_LIMITS.maxFileNesting + 1; i++) files[`f${i}.yaml`] = `include: [f${i + 1}.yaml]\nservices: {}\n`;
    files[`f${COMPOSE_LIMITS.maxFileNesting + 2}.yaml`] = 'services: {}\n';
    const deep = loadCompose({ file: path.join(project(files), 'compose.yaml'), env: {} }).errors;
    expect(deep).toEqual([expect.stringMatching(/include and extends nest more than 16 files deep here \(COMPOSE_LIMITS\.maxFileNesting\)/)]);
  });
});

test('a project reads at most COMPOSE_LIMITS.maxFiles files', () => {
  const includes = Array.from({ length: COMPOSE_LIMITS.maxFiles + 1 }, () => '  - part.yaml').join('\n');
  const dir = project({ 'compose.yaml': `name: p\ninclude:\n${includes}\n`, 'part.yaml': 'services:\n  x:\n    image: busybox\n' });
  expect(loadCompose({ file: path.join(dir, 'compose.yaml'), env: {} }).errors).toEqual([expect.stringMatching(/part\.yaml: the project reads more than 100 files .*COMPOSE_LIMITS\.maxFiles/)]);
});

describe('profiles', () => {
  const yaml = 'name: p\nservices:\n  app:\n    image: busybox\n  debug:\n    image: busybox\n    profiles: [debug]\n  ops:\n    image: busybox\n    profiles: [ops, all]\n';
  test('a service with profiles is active only when one of them is chosen (profiles, COMPOSE_PROFILES, *)', () => {
    const dir = project({ 'compose.yaml': yaml });
    const file = path.join(dir, 'compose.yaml');
    expect(services(loadCompose({ file, env: {} }))).toEqual(['app']);
    expect(services(loadCompose({ file, env: {}, profiles: ['all'] }))).toEqual(['app', 'ops']);
    expect(services(loadCompose({ file, env: { COMPOSE_PROFILES: 'debug, ops' } }))).toEqual(['app', 'debug', 'ops']);
    expect(services(loadCompose({ file, env: { COMPOSE_PROFILES: 'debug' }, profiles: [] }))).toEqual(['app']);
    expect(services(loadCompose({ file, env: {}, profiles: ['*'] }))).toEqual(['app', 'debug', 'ops']);
  });

  test('an active service depending on an inactive one fails with the profile that enables it, unless required: false', () => {
    const dir = project({ 'compose.yaml': `${yaml}  web:\n    image: busybox\n    depends_on: [debug]\n` });
    expect(loadCompose({ file: path.join(dir, 'compose.yaml'), env: {} }).errors).toEqual([
      expect.stringMatching(/compose\.yaml:13:18: services\.web\.depends_on\[0\]: service "web" depends on "debug", which is not active: its profiles \(debug\) are not enabled; enable one/),
    ]);
    const optional = project({ 'compose.yaml': `${yaml}  web:\n    image: busybox\n    depends_on:\n      debug: { condition: service_started, required: false }\n` });
    const loaded = loadCompose({ file: path.join(optional, 'compose.yaml'), env: {} });
    expect(loaded.errors).toEqual([]);
    expect(service(loaded, 'web').runtime.dependsOn).toBeUndefined();
  });
});

describe('env_file', () => {
  test('values reach the environment, interpolated; environment wins; required: false may be missing', () => {
    const dir = project({
      'compose.yaml': 'name: p\nservices:\n  app:\n    image: busybox\n    env_file: [a.env, { path: none.env, required: false }]\n    environment: { B: explicit }\n',
      'a.env': 'A=${HOST:-localhost}:80\nB=from-file\nC=abc#def # comment\n',
    });
    const loaded = loadCompose({ file: path.join(dir, 'compose.yaml'), env: {} });
    expect(loaded.errors).toEqual([]);
    expect(service(loaded, 'app').env).toEqual({ A: 'localhost:80', B: 'explicit', C: 'abc#def' });
  });

  test('compose import writes env_file values as Terraform variables, never into the stack', () => {
    const dir = project({ 'compose.yaml': 'name: p\nservices:\n  db:\n    image: postgres\n    env_file: db.env\n', 'db.env': 'POSTGRES_PASSWORD=s3cr3t-from-env-file\n' });
    let stdout = '';
    expect(main(['compose.yaml'], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: dir })).toBe(0);
    expect(stdout).not.toContain('s3cr3t-from-env-file');
    expect(stdout).toMatch(/TF_VAR_POSTGRES_PASSWORD/);
  });

  test.each([
    ['missing.env', /services\.app\.env_file: the env_file "missing\.env": no such file/],
    ['../x.env', /services\.app\.env_file: the env_file "\.\.\/x\.env" is outside the project directory/],
    ['[{ path: a.env, format: raw }]', /services\.app\.env_file\[0\]: env_file format "raw" is not one Compose reads/],
  ])('env_file %s is refused at its place', (entry, message) => {
    const dir = project({ 'p/compose.yaml': `name: p\nservices:\n  app:\n    image: busybox\n    env_file: ${entry}\n`, 'p/a.env': 'A=1\n', 'x.env': 'SECRET=1\n' });
    expect(loadCompose({ file: path.join(dir, 'p', 'compose.yaml'), env: {} }).errors).toEqual([expect.stringMatching(new RegExp(`compose\\.yaml:5:\\d+: ${message.source}`))]);
  });
});

describe('$ in commands, health checks and environment', () => {
  test('$${VAR} reaches the container as ${VAR}, written $${VAR} for Terraform; $(hostname) and a trailing $ stay', () => {
    const dir = project({
      'compose.yaml': [
        'name: p',
        'services:',
        '  app:',
        '    image: busybox',
        '    command: ["sh", "-c", "echo $${HOME} $$(hostname) %{x} 5$"]',
        '    environment: { SHELL_VAR: "$${NOT_INTERPOLATED}", RAW: "$(hostname) $" }',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "test -n \\"$${HOSTNAME}\\""]',
        '',
      ].join('\n'),
    });
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new DockerHost(stack, 'host');
    const p = new ComposeProject(stack, 'app', { file: path.join(dir, 'compose.yaml'), env: {} });
    expect(errorsOf(stack)).toEqual([]);
    expect(p.plan!.services[0].command).toEqual(['sh', '-c', 'echo ${HOME} $(hostname) %{x} 5$']);
    const c = byName(synthJson(stack), 'docker_container', 'p-app-1');
    expect(c.command).toEqual(['sh', '-c', 'echo $${HOME} $(hostname) %%{x} 5$']);
    expect(c.env).toEqual(expect.arrayContaining(['SHELL_VAR=$${NOT_INTERPOLATED}', 'RAW=$(hostname) $']));
    expect(c.healthcheck.test).toEqual(['CMD-SHELL', 'test -n "$${HOSTNAME}"']);
  });
});

describe('fields newer than the mapping', () => {
  test('post_start and pre_stop are known to the schema and refused by the mapping with a reason, not as unknown fields', () => {
    const dir = project({ 'compose.yaml': 'name: p\nservices:\n  app:\n    image: busybox\n    post_start:\n      - command: ["true"]\n    pre_stop:\n      - command: ["true"]\n' });
    const loaded = loadCompose({ file: path.join(dir, 'compose.yaml'), env: {} });
    expect(loaded.errors).toEqual([]);
    expect(loaded.unmapped).toEqual([expect.stringMatching(/services\.app\.post_start: post_start is not carried over/), expect.stringMatching(/services\.app\.pre_stop: pre_stop is not carried over/)]);
  });
});

describe('ComposeProject and compose import', () => {
  test('ComposeProject: files and profiles', () => {
    const dir = project({ 'a.yaml': 'name: p\nservices:\n  web:\n    image: nginx\n  dbg:\n    image: busybox\n    profiles: [debug]\n', 'b.yaml': 'services:\n  web:\n    hostname: w\n' });
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new DockerHost(stack, 'host');
    const p = new ComposeProject(stack, 'app', { files: [path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')], profiles: ['debug'], env: {} });
    expect(p.serviceNames).toEqual(['web', 'dbg']);
    expect(byName(synthJson(stack), 'docker_container', 'p-web-1').hostname).toBe('w');
  });

  test('compose import -f a -f b --profile debug; files named as the user named them', () => {
    const dir = project({ 'a.yaml': 'name: p\nservices:\n  web:\n    image: nginx\n  dbg:\n    image: busybox\n    profiles: [debug]\n', 'b.yaml': 'services:\n  web:\n    restart: sometimes\n' });
    let stdout = '';
    let stderr = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), cwd: dir };
    expect(main(['-f', 'a.yaml', '-f', 'b.yaml', '--profile', 'debug'], io)).toBe(1);
    expect(stderr).toMatch(/^error: b\.yaml:3:\d+: services\.web\.restart/m);
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'services:\n  web:\n    hostname: w\n');
    stderr = '';
    expect(main(['-f', 'a.yaml', '-f', 'b.yaml', '--profile', 'debug'], io)).toBe(0);
    expect(stdout).toMatch(/hostname: "w"/);
    expect(stdout).toMatch(/"p-dbg-1"/);
    expect(main(['a.yaml', '-f', 'b.yaml'], io)).toBe(2);
  });
});
