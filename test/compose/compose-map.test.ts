import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import * as ts from 'typescript';
import { ComposeProject, DockerHost, ProviderVersion } from '../../constructs';
import { generateStack, loadCompose } from '../../constructs/compose';
import { byName, composeStack, errorsOf, synthJson } from './helpers';

// Issue 20: build, init/sysctls/stop_signal/stop_grace_period, deploy without a swarm, file secrets and configs,
// and the messages; for ComposeProject and for the generated stack (compose import), which must build the same.
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'compose', 'build-app.yml');
const svc = (body: string, extra = '') => `name: p\nservices:\n  web:\n    image: busybox\n${body}${extra}`;

/** A directory with a Compose file's neighbours (a Dockerfile, secret files). */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-compose-map-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function fileStack(dir: string, yaml: string, props: { providerVersion?: ProviderVersion; env?: Record<string, string> } = {}) {
  fs.writeFileSync(path.join(dir, 'compose.yml'), yaml);
  const stack = new TerraformStack(Testing.app(), 'test');
  new DockerHost(stack, 'host', { providerVersion: props.providerVersion });
  const p = new ComposeProject(stack, 'app', { file: path.join(dir, 'compose.yml'), env: props.env ?? {} });
  return { stack, project: p };
}

describe('init, sysctls, stop_signal, stop_grace_period', () => {
  test('reach the container', () => {
    const { stack } = composeStack(svc('    init: true\n    sysctls: ["net.core.somaxconn=1024"]\n    stop_signal: sigint\n    stop_grace_period: 1m30s\n'));
    const c = byName(synthJson(stack), 'docker_container', 'p-web-1');
    expect(c).toMatchObject({ init: true, sysctls: { 'net.core.somaxconn': '1024' }, stop_signal: 'SIGINT', stop_timeout: 90, destroy_grace_seconds: 90 });
  });

  test('a bad duration or a non-net sysctl is refused with its place', () => {
    expect(errorsOf(composeStack(svc('    stop_grace_period: soon\n')).stack)).toEqual([expect.stringMatching(/services\.web\.stop_grace_period: "soon" is not a duration/)]);
    expect(errorsOf(composeStack(svc('    sysctls: { kernel.pid_max: "1" }\n')).stack).join('\n')).toMatch(/kernel\.pid_max/);
  });
});

describe('build', () => {
  const dir = project({ 'app/Dockerfile': 'FROM busybox\n', 'app/Dockerfile.dev': 'FROM busybox\n', 'token.txt': 't\n', 'conf.ini': 'x\n' });

  test('a service with build and no image: built as <project>-<service>, args (bare ones from env), target, labels; nothing pulled', () => {
    const { stack } = fileStack(dir, 'name: p\nservices:\n  web:\n    build:\n      context: ./app\n      dockerfile: Dockerfile.dev\n      target: dev\n      args: [A=1, B]\n      labels: { team: x }\n', { env: { B: 'from-env' } });
    const json = synthJson(stack);
    const img = byName(json, 'docker_image', 'p-web');
    expect(img.build).toEqual({ context: path.join(fs.realpathSync(dir), 'app'), dockerfile: path.join(fs.realpathSync(dir), 'app', 'Dockerfile.dev'), build_args: { A: '1', B: 'from-env' }, target: 'dev', labels: { team: 'x' } });
    expect(JSON.stringify(img)).not.toMatch(/pull_parent|pull_triggers/);
    expect(byName(json, 'docker_container', 'p-web-1').image).toMatch(/docker_image\..*\.image_id/);
  });

  test('the short form is the context; image: names the built image; 4.x writes labels as label (quirk image-build-labels)', () => {
    const { stack } = fileStack(dir, 'name: p\nservices:\n  web:\n    image: team/web:1\n    build:\n      context: app\n      labels: [a=b]\n', { providerVersion: ProviderVersion.v4('~> 4.6') });
    const img = byName(synthJson(stack), 'docker_image', 'team/web:1');
    expect(img.build).toEqual({ context: path.join(fs.realpathSync(dir), 'app'), label: { a: 'b' } });
  });

  test('a context outside the file\'s directory, through a symlink, or remote is refused; other build fields are not carried over', () => {
    const outside = project({ Dockerfile: 'FROM x\n' });
    fs.symlinkSync(outside, path.join(dir, 'link'));
    const errs = errorsOf(fileStack(dir, 'name: p\nservices:\n  a:\n    build: ../\n  b:\n    build: ./link\n  c:\n    build: https://github.com/x/y.git\n  d:\n    build: { context: app, ssh: [default] }\n').stack).join('\n');
    expect(errs).toMatch(/services\.a\.build: build context "\.\.\/" resolves to .*, outside the project directory/);
    expect(errs).toMatch(/services\.b\.build: build context "\.\/link" resolves to .*, outside/);
    expect(errs).toMatch(/services\.c\.build: build context "https:\/\/github\.com\/x\/y\.git" is a remote context/);
    expect(errs).toMatch(/services\.d\.build\.ssh: build\.ssh is not carried over/);
  });

  test('projectRoot: a file under deploy/ builds and reads siblings of its directory; nothing beyond the root', () => {
    const repo = project({ 'api/Dockerfile': 'FROM busybox\n', 'secrets/token.txt': 't\n', 'env/common.env': 'A=1\n', 'deploy/.keep': '' });
    const outside = project({ 'x.txt': 'x\n' });
    const yaml = 'name: p\nservices:\n  api:\n    build: ../api\n    env_file: ../env/common.env\n    secrets: [token]\nsecrets:\n  token:\n    file: ../secrets/token.txt\n';
    const file = path.join(repo, 'deploy', 'compose.yml');
    fs.writeFileSync(file, yaml);
    // Without it: every path is refused, and the message says which projectRoot would accept them.
    const refused = loadCompose({ file, env: {} }).errors.join('\n');
    expect(refused).toMatch(/services\.api\.build: build context "\.\.\/api" resolves to .*, outside the project directory .*deploy.*projectRoot: ".*" in the ComposeProject props/);
    expect(refused).toMatch(/secrets\.token\.file: secret file "\.\.\/secrets\/token\.txt"/);
    expect(refused).toMatch(/services\.api\.env_file: the env_file "\.\.\/env\/common\.env" is outside the project directory .*, or, if you trust this file with .*, give projectRoot/);
    // With it: mapped, paths resolved from the file's directory as Compose resolves them.
    const stack = new TerraformStack(Testing.app(), 'test');
    new DockerHost(stack, 'host');
    new ComposeProject(stack, 'app', { file, env: {}, projectRoot: repo });
    const json = synthJson(stack);
    const real = fs.realpathSync(repo);
    expect(byName(json, 'docker_image', 'p-api').build.context).toBe(path.join(real, 'api'));
    const c = byName(json, 'docker_container', 'p-api-1');
    expect(c.env).toContain('A=1');
    expect(JSON.stringify(c.mounts)).toContain(path.join(real, 'secrets', 'token.txt'));
    // Still a boundary: a path beyond the root is refused with the root named.
    const far = path.relative(path.join(repo, 'deploy'), path.join(outside, 'x.txt'));
    const beyond = loadCompose({ yaml: `name: p\nservices:\n  a:\n    image: busybox\n    secrets: [s]\nsecrets:\n  s:\n    file: ${far}\n`, file, env: {}, projectRoot: repo }).errors.join('\n');
    expect(beyond).toMatch(new RegExp(`secret file .* outside the project directory ${JSON.stringify(repo).replace(/[/.]/g, '\\$&')}`));
  });

  test('projectRoot must be a directory holding the file\'s', () => {
    const repo = project({ 'deploy/compose.yml': 'name: p\nservices:\n  a:\n    image: busybox\n' });
    const other = project({});
    const file = path.join(repo, 'deploy', 'compose.yml');
    expect(loadCompose({ file, env: {}, projectRoot: other }).errors).toEqual([expect.stringMatching(/^projectRoot ".*" does not contain the Compose file's directory ".*deploy"; give that directory or one of its parents$/)]);
    expect(loadCompose({ file, env: {}, projectRoot: path.join(repo, 'nope') }).errors).toEqual([expect.stringMatching(/^projectRoot ".*nope" is not a directory/)]);
    expect(loadCompose({ file, env: {}, projectRoot: path.join(repo, 'deploy') }).errors).toEqual([]);
  });

  test('with a swarm, build is not carried over (stack deploy ignores it) and the image is needed', () => {
    const p = loadCompose({ yaml: 'name: p\nservices:\n  web:\n    build: .\n', env: {}, swarm: true }).plan!;
    expect(p.unmapped.map((u) => u.message)).toEqual([expect.stringMatching(/build is not carried over for swarm services/)]);
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringMatching(/service web has neither image nor build/)]);
  });

  test('host.buildImage: a missing context or Dockerfile fails synth with the path; the same name twice with other options too', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const host = new DockerHost(stack, 'host');
    host.buildImage('a', { context: path.join(dir, 'nope') });
    host.buildImage('b', { context: path.join(dir, 'app'), dockerfile: 'Missing' });
    host.buildImage('c', { context: path.join(dir, 'app') });
    expect(host.buildImage('c', { context: path.join(dir, 'app') })).toBe(host.buildImage('c', { context: path.join(dir, 'app') }));
    host.buildImage('c', { context: path.join(dir, 'app'), target: 'x' });
    const errs = errorsOf(stack).join('\n');
    expect(errs).toMatch(/build context ".*nope" is not a directory/);
    expect(errs).toMatch(/no Dockerfile at ".*app\/Missing"/);
    expect(errs).toMatch(/image "c" is built twice with different options/);
  });
});

describe('deploy without a swarm', () => {
  test('replicas: containers <project>-<service>-1..N, each with the service alias; limits; restart_policy', () => {
    const { stack, project: p } = composeStack(
      svc('    deploy:\n      replicas: 3\n      resources: { limits: { cpus: "0.5", memory: 64m } }\n      restart_policy: { condition: on-failure, max_attempts: 2 }\n', '  client:\n    image: busybox\n    depends_on: [web]\n'),
    );
    const json = synthJson(stack);
    for (const n of [1, 2, 3]) {
      const c = byName(json, 'docker_container', `p-web-${n}`);
      expect(c).toMatchObject({ memory: 64, restart: 'on-failure', max_retry_count: 2, cpu_period: 100000, cpu_quota: 50000 });
      expect(c.networks_advanced[0].aliases).toEqual(['web']);
    }
    expect(p.serviceReplicas('web').map((c) => c.node.id)).toEqual(['web', 'web-2', 'web-3']);
    expect(byName(json, 'docker_container', 'p-client-1').depends_on).toHaveLength(3);
  });

  test('swarm-only fields, pids and reservations are not carried over; max_attempts without on-failure and replicas with container_name are refused', () => {
    const p = loadCompose({ yaml: svc('    container_name: one\n    deploy:\n      replicas: 2\n      placement: {constraints: [x]}\n      resources: { limits: { pids: 10 }, reservations: { memory: 1g } }\n      restart_policy: { condition: any, max_attempts: 2, delay: 5s }\n'), env: {} }).plan!;
    expect(p.unmapped.map((u) => u.path.join('.'))).toEqual([
      'services.web.deploy.placement',
      'services.web.deploy.resources.reservations',
      'services.web.deploy.resources.limits.pids',
      'services.web.deploy.restart_policy.delay',
    ]);
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringMatching(/replicas: 2 with container_name/), expect.stringMatching(/max_attempts with condition any/)]);
  });
});

describe('secrets and configs without a swarm', () => {
  const dir = project({ 'token.txt': 't\n', 'conf/app.ini': 'x\n' });

  test('file secrets at /run/secrets/<name> (or target), configs at /<name> (or target), read-only', () => {
    const yaml = 'name: p\nservices:\n  web:\n    image: busybox\n    secrets: [token, {source: token, target: alt}]\n    configs: [{source: conf, target: /etc/app.ini}, conf]\nsecrets:\n  token: {file: ./token.txt}\nconfigs:\n  conf: {file: conf/app.ini}\n';
    const c = byName(synthJson(fileStack(dir, yaml).stack), 'docker_container', 'p-web-1');
    const real = fs.realpathSync(dir);
    expect(c.mounts.map((m: any) => [m.source, m.target, m.read_only])).toEqual([
      [path.join(real, 'token.txt'), '/run/secrets/token', true],
      [path.join(real, 'token.txt'), '/run/secrets/alt', true],
      [path.join(real, 'conf/app.ini'), '/etc/app.ini', true],
      [path.join(real, 'conf/app.ini'), '/conf', true],
    ]);
  });

  test('a file outside the project, an undeclared secret and uid/gid/mode are said with their places; an environment secret is written as a file', () => {
    const yaml = 'name: p\nservices:\n  web:\n    image: busybox\n    secrets: [a, b, c, {source: d, mode: 0400}]\nsecrets:\n  a: {file: /etc/shadow}\n  b: {environment: TOKEN}\n  d: {file: token.txt}\n';
    const p = loadCompose({ file: path.join(dir, 'compose.yml'), yaml, env: {} }).plan!;
    expect(p.errors.map((e) => [e.path.join('.'), e.message])).toEqual([
      ['secrets.a.file', expect.stringMatching(/secret file "\/etc\/shadow" resolves to .*, outside the project directory/)],
      ['services.web.secrets.2', expect.stringMatching(/secret "c" is not declared/)],
    ]);
    expect(p.unmapped.map((u) => u.path.join('.'))).toEqual(['services.web.secrets.3.mode']);
    expect(p.services[0].runtime.files).toEqual([{ target: '/run/secrets/b', mode: 0o444, variable: 'TOKEN' }]);
  });
});

describe('anonymous volumes', () => {
  test('one volume per container, <container>_<target>, removed with the stack (as down -v); swarm services refuse them', () => {
    const { stack } = composeStack(svc('    volumes: [/var/lib/data, {type: volume, target: /cache, read_only: true}]\n    deploy: { replicas: 2 }\n'));
    const json = synthJson(stack);
    const vols = Object.values<any>(json.resource.docker_volume).map((v) => v.name).sort();
    expect(vols).toEqual(['p-web-1_cache', 'p-web-1_var_lib_data', 'p-web-2_cache', 'p-web-2_var_lib_data']);
    expect(Object.values<any>(json.resource.docker_volume).every((v) => v.lifecycle?.prevent_destroy !== true)).toBe(true);
    const c = byName(json, 'docker_container', 'p-web-2');
    expect(c.mounts.map((m: any) => [m.target, m.type, m.read_only ?? false])).toEqual([['/var/lib/data', 'volume', false], ['/cache', 'volume', true]]);
    const p = loadCompose({ yaml: svc('    volumes: [/data]\n'), env: {}, swarm: true }).plan!;
    expect(p.unmapped.map((u) => u.message)).toEqual([expect.stringMatching(/anonymous volume at \/data is not carried over for swarm services/)]);
  });
});

describe('one-shot jobs: service_completed_successfully', () => {
  test('the job runs to completion (attach, must_run false, exit_code 0 as a postcondition); the waiting service depends on it', () => {
    const { stack } = composeStack(svc('    depends_on: { migrate: { condition: service_completed_successfully } }\n', '  migrate:\n    image: busybox\n    command: [sh, -c, "echo ok"]\n'));
    const json = synthJson(stack);
    const job = byName(json, 'docker_container', 'p-migrate-1');
    expect(job).toMatchObject({ attach: true, must_run: false, lifecycle: { postcondition: [{ condition: '${self.exit_code == 0}' }] } });
    expect(job.lifecycle.postcondition[0].error_message).toMatch(/^one-shot container p-migrate-1 exited \$\{self\.exit_code/);
    expect(byName(json, 'docker_container', 'p-web-1').depends_on).toEqual([expect.stringMatching(/^docker_container\..*migrate/)]);
    expect(byName(json, 'docker_container', 'p-web-1')).not.toHaveProperty('attach');
  });

  test('a job with a restart policy is refused with both keys; Container: completed needs a one-shot job', () => {
    const p = loadCompose({ yaml: svc('    depends_on: { migrate: { condition: service_completed_successfully } }\n', '  migrate:\n    image: busybox\n    restart: always\n'), env: {} }).plan!;
    expect(p.errors.map((e) => [e.path.join('.'), e.message])).toEqual([['services.migrate.restart', expect.stringMatching(/service web waits for migrate to complete .* restart: always/)]]);
  });
});

describe('messages (issue 20)', () => {
  test('docker.sock shows ComposeProject\'s opt-out shape; network_mode service:x says why; service_healthy names service keys', () => {
    const sock = errorsOf(composeStack(svc('    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n')).stack).join('\n');
    expect(sock).toMatch(/services\.web\.volumes\[0\]: bind source "\/var\/run\/docker\.sock" gives the container .*insecure: \{ "web": \{ sensitiveMounts: true \} \} in the ComposeProject props/);
    const p = loadCompose({ yaml: svc('    network_mode: "service:db"\n', '  db:\n    image: busybox\n  api:\n    image: busybox\n    depends_on: { db: { condition: service_healthy } }\n'), env: {} }).plan!;
    expect(p.unmapped.map((u) => u.message)).toEqual([expect.stringMatching(/^network_mode: "service:db" is not carried over: the library's Container joins networks, not another container's network namespace/)]);
    expect(p.unmapped[0].message).not.toMatch(/only host is/);
    expect(p.errors.map((e) => e.message)).toEqual(['service api waits for db to be healthy (condition: service_healthy), but db has no healthcheck in the file (the library does not read the image\'s HEALTHCHECK); give db a healthcheck with test, or use condition: service_started']);
  });
});

describe('the example build-app.yml: ComposeProject and the generated stack build the same', () => {
  test('same resources, with validations on; the generated stack type-checks', () => {
    const loaded = loadCompose({ file: EXAMPLE, env: {} });
    expect(loaded.errors).toEqual([]);
    const out = path.join(__dirname, 'generated-build-app.tmp.ts');
    fs.writeFileSync(out, generateStack(loaded.plan!, { importFrom: '../../constructs', sourceFile: 'examples/compose/build-app.yml' }));
    try {
      const mod = require(out);
      const fromCode = JSON.parse(Testing.synth(new mod.BuildappStack(Testing.app(), 'gen'), true));
      const stack = new TerraformStack(Testing.app(), 'loaded');
      new DockerHost(stack, 'host');
      new ComposeProject(stack, 'p', { file: EXAMPLE, env: {} });
      const fromFile = JSON.parse(Testing.synth(stack, true));
      const shape = (doc: any) =>
        Object.fromEntries(
          Object.entries<any>(doc.resource).map(([type, byId]) => [
            type,
            Object.values<any>(byId)
              .map((r) => JSON.parse(JSON.stringify({ ...r, labels: (r.labels ?? []).filter((l: any) => !String(l.label).startsWith('docker-network-cdktf/')) }).replace(/\$\{[^}]*\}/g, '<ref>').replace(/docker_container\.[\w-]+/g, '<c>').replace(/cdktf\.out\/stacks\/[\w-]+/g, '<stack>')))
              .sort((a, b) => String(a.name).localeCompare(String(b.name))),
          ]),
        );
      expect(shape(fromCode)).toEqual(shape(fromFile));
      expect(Object.values<any>(fromFile.resource.docker_container).map((c) => c.name).sort()).toEqual(['buildapp-client-1', 'buildapp-migrate-1', 'buildapp-web-1', 'buildapp-web-2']);
      // It type-checks with the project's strict settings (the committed examples are checked by tsc; this one holds
      // absolute paths of the machine, so it is generated here and checked here).
      const config = ts.getParsedCommandLineOfConfigFile(path.join(__dirname, '..', '..', 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
      const program = ts.createProgram([out], { ...config.options, noEmit: true });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      fs.rmSync(out, { force: true });
    }
  }, 180_000);
});

describe('refusals that accepting unmapped fields does not accept', () => {
  test('a host port range for one container port is an error, not a field left out (short and long syntax)', () => {
    const loaded = loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: busybox\n    ports: ["8080-8081:80", { target: 81, published: "9090-9091" }]\n', env: {} });
    expect(loaded.unmapped).toEqual([]);
    expect(loaded.errors).toEqual([
      expect.stringMatching(/services\.web\.ports\[0\]: 8080-8081:80 lets Docker pick one host port of a range for container port 80; .*name one host port/),
      expect.stringMatching(/services\.web\.ports\[1\]\.published: 9090-9091 lets Docker pick one host port/),
    ]);
  });
});

describe('names that are properties of JavaScript objects', () => {
  test('services, networks and volumes named constructor, toString, valueOf map like any other name', () => {
    const { stack } = composeStack(
      'name: p\nservices:\n  constructor:\n    image: busybox\n    networks: [toString]\n    volumes: ["valueOf:/data"]\n  hasOwnProperty:\n    image: busybox\n    deploy: { replicas: 2 }\nnetworks:\n  toString: {}\nvolumes:\n  valueOf: {}\n',
    );
    const json = synthJson(stack);
    expect(Object.values(json.resource.docker_container).map((c: any) => c.name).sort()).toEqual(['p-constructor-1', 'p-hasOwnProperty-1', 'p-hasOwnProperty-2']);
    expect(byName(json, 'docker_network', 'p_toString')).toBeDefined();
  });

  test('a key __proto__ is refused at its place (it would be read as a prototype and lost)', () => {
    const loaded = loadCompose({ yaml: 'name: p\nservices:\n  __proto__:\n    image: busybox\n    privileged: true\n', env: {} });
    expect(loaded.errors).toEqual([expect.stringMatching(/^<yaml>:3:3: the key "__proto__" is refused: JavaScript reads it as an object's prototype/)]);
  });
});

describe('an unset variable says where ComposeProject reads variables from', () => {
  test('the warning names processEnv with the variable itself (the process environment is not read otherwise)', () => {
    const loaded = loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: "busybox:${TAG}"\n', env: {} });
    expect(loaded.warnings).toContainEqual(expect.stringContaining(`variable TAG is not set; Compose substitutes an empty string (set it in the environment, or env: of ComposeProject; the process environment is read only for names listed in processEnv: ["TAG"], or write \${TAG:-default})`));
    expect(loadCompose({ yaml: 'name: p\nservices: { a: { image: "${TAG:?}" } }\n', env: {} }).errors[0]).toContain('processEnv: ["TAG"]');
  });
});

describe('a service whose extends fails', () => {
  test('is one problem, at its extends: not also "neither image nor build" and "extends is not carried over"', () => {
    for (const ext of ['{ file: /etc/common.yml, service: base }', '{ service: nowhere }', '{ file: ../up.yml, service: base }']) {
      const loaded = loadCompose({ yaml: `name: p\nservices:\n  bad:\n    extends: ${ext}\n  good:\n    image: busybox\n`, file: path.join(os.tmpdir(), 'x', 'compose.yml'), env: {} });
      expect([...loaded.errors, ...loaded.unmapped]).toEqual([expect.stringMatching(/services\.bad\.extends/)]);
    }
  });
});
