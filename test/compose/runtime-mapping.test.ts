import { parse } from 'yaml';
import { planCompose } from '../../constructs/compose/map';
import { parseSize } from '../../constructs/compose/values';
import { byName, composeStack, synthJson, warningsOf } from './helpers';
import { generateStack } from '../../constructs/compose/codegen';

/** Plans `yaml` as the importer will once the constructs carry the runtime settings (issue 9). */
function plan(yaml: string, swarm = false) {
  return planCompose(parse(yaml), { projectName: 'p', mode: 'secure', insecure: {}, swarm, env: {}, directory: '/srv/app' });
}

describe('runtime fields (mounts, health, dependsOn, DNS, process)', () => {
  test('ComposeProject carries them onto the constructs', () => {
    const { stack, project } = composeStack(
      'name: p\nservices:\n  db:\n    image: x\n    volumes: [data:/var/lib/db, /srv/conf:/etc/db]\n    healthcheck: {test: "true", interval: 10s, retries: 3}\n  web:\n    image: x\n    depends_on: {db: {condition: service_healthy}}\n    entrypoint: [/bin/sh, -c]\n    user: "1000"\n    working_dir: /app\n    dns: [10.0.0.2]\n    extra_hosts: ["gw:10.0.0.1"]\nvolumes:\n  data: {}\n',
    );
    const json = synthJson(stack);
    const db = byName(json, 'docker_container', 'p-db-1');
    // Compose's down keeps named volumes: so does destroy (RemovalPolicy.RETAIN); the engine creates p_data.
    expect(json.resource.docker_volume).toBeUndefined();
    expect(db.mounts).toEqual([
      expect.objectContaining({ type: 'volume', source: 'p_data', target: '/var/lib/db' }),
      expect.objectContaining({ type: 'bind', source: '/srv/conf', target: '/etc/db', read_only: true }),
    ]);
    expect(db.healthcheck).toMatchObject({ test: ['CMD-SHELL', 'true'], interval: '10s', retries: 3 });
    const web = byName(json, 'docker_container', 'p-web-1');
    expect(web).toMatchObject({ entrypoint: ['/bin/sh', '-c'], user: '1000', working_dir: '/app', dns: ['10.0.0.2'] });
    expect(web.host).toEqual(expect.arrayContaining([{ host: 'gw', ip: '10.0.0.1' }]));
    expect(JSON.stringify(web)).toMatch(/p_services_db_container/); // waits for db (depends_on)
    expect(warningsOf(project).join('\n')).toMatch(/1 bind mount read-only \(Compose: read-write unless :ro/);
    expect(project.volume('data')).toBe(project.volume('data'));
  });

  test('a volume with driver_opts or labels is removed with the stack (a docker_volume), with a warning saying so; a plain one is retained', () => {
    const { stack, project } = composeStack(
      'name: p\nservices:\n  db:\n    image: x\n    volumes: [data:/d, plain:/p]\nvolumes:\n  data: {driver_opts: {type: tmpfs, device: tmpfs}, labels: {a: b}}\n  plain: {}\n',
    );
    const json = synthJson(stack);
    expect(Object.values(json.resource.docker_volume).map((v: any) => v.name)).toEqual(['p_data']);
    expect(warningsOf(project).join('\n')).toMatch(/volume data has driver_opts, labels, which only a docker_volume[\s\S]*external: true \[ack: docker-network-cdktf:compose-volume-removed-on-destroy\]/);
    const code: string = generateStack(planCompose(parse('name: p\nservices:\n  db: {image: x, volumes: [data:/d]}\nvolumes:\n  data: {labels: {a: b}}\n'), { projectName: 'p', mode: 'secure', insecure: {}, swarm: false, env: {}, directory: '/srv/app' }), { importFrom: '../constructs' });
    expect(code).toContain('removalPolicy: RemovalPolicy.DESTROY');
    expect(code).toMatch(/import \{[^}]*RemovalPolicy[^}]*\} from/);
  });

  test('compose-compatible mode mounts binds read-write, as Compose does', () => {
    const { stack } = composeStack('name: p\nservices:\n  db:\n    image: x\n    volumes: [/srv/conf:/etc/db]\n', { mode: 'compose-compatible' });
    expect(byName(synthJson(stack), 'docker_container', 'p-db-1').mounts[0].read_only).toBeFalsy();
  });

  test('entrypoint, user, working_dir, dns, extra_hosts', () => {
    const p = plan('services:\n  web:\n    image: x\n    entrypoint: /bin/sh -c\n    user: "1000:1000"\n    working_dir: /app\n    dns: 10.0.0.2\n    dns_search: [corp]\n    dns_opt: [ndots:1]\n    extra_hosts: ["db:10.1.0.5", "v6=::1"]\n');
    expect(p.unmapped).toEqual([]);
    expect(p.services[0].runtime).toMatchObject({
      entrypoint: ['/bin/sh', '-c'],
      user: '1000:1000',
      workingDir: '/app',
      dns: ['10.0.0.2'],
      dnsSearch: ['corp'],
      dnsOptions: ['ndots:1'],
      extraHosts: { db: '10.1.0.5', v6: '::1' },
    });
  });

  test('healthcheck: shell string, CMD list, durations, disable', () => {
    const p = plan('services:\n  a:\n    image: x\n    healthcheck: {test: "wget -q localhost", interval: 10s, timeout: 1m30s, retries: 3, start_period: 5s}\n  b:\n    image: x\n    healthcheck: {test: [CMD, "true"]}\n  c:\n    image: x\n    healthcheck: {disable: true}\n');
    expect(p.services.map((s) => s.runtime.healthCheck)).toEqual([
      { test: ['CMD-SHELL', 'wget -q localhost'], interval: '10s', timeout: '1m30s', retries: 3, startPeriod: '5s' },
      { test: ['CMD', 'true'] },
      { test: ['NONE'] },
    ].map((h) => expect.objectContaining(h)));
    expect(plan('services:\n  a:\n    image: x\n    healthcheck: {test: [CMD, "true"], interval: soon}\n').errors).toEqual([{ path: ['services', 'a', 'healthcheck', 'interval'], message: expect.stringMatching(/"soon" is not a duration/) }]);
  });

  test('depends_on: list (started), conditions, refusals', () => {
    const p = plan('services:\n  db: {image: x, healthcheck: {test: [CMD, "true"]}}\n  cache: {image: x}\n  job: {image: x}\n  web:\n    image: x\n    depends_on:\n      db: {condition: service_healthy}\n      cache: {condition: service_started, restart: true}\n      job: {condition: service_completed_successfully}\n  api:\n    image: x\n    depends_on: [db, ghost]\n');
    expect(p.services.find((s) => s.key === 'web')!.runtime.dependsOn).toEqual([
      { target: 'db', condition: 'healthy' },
      { target: 'cache', condition: 'started' },
      { target: 'job', condition: 'completed' },
    ]);
    expect(p.services.find((s) => s.key === 'api')!.runtime.dependsOn).toEqual([{ target: 'db', condition: 'started' }]);
    expect(p.unmapped.map((u) => u.path.join('.'))).toEqual(['services.web.depends_on.cache.restart']);
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringMatching(/no service "ghost"/)]);
  });

  test('volumes: named, bind (relative to the file), read-only, tmpfs; top-level volumes named <project>_<key>', () => {
    const p = plan(
      'services:\n  db:\n    image: x\n    volumes:\n      - data:/var/lib/db\n      - ./conf:/etc/db:ro\n      - /srv/logs:/logs:rw\n      - {type: tmpfs, target: /tmp, tmpfs: {size: 64m}}\n      - /anonymous\n      - ghost:/x\nvolumes:\n  data: {labels: {backup: daily}}\n  shared: {external: true}\n  named: {name: custom}\n',
    );
    expect(p.services[0].runtime.mounts).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/db' },
      { type: 'bind', source: '/srv/app/conf', target: '/etc/db', readOnly: true },
      { type: 'bind', source: '/srv/logs', target: '/logs', readOnly: false },
      { type: 'tmpfs', target: '/tmp', sizeBytes: 64 * 1024 * 1024 },
      { type: 'volume', target: '/anonymous', anonymous: true },
      // ghost:/x is refused by the consistency stage and left out, as undeclared networks and services are.
    ]);
    expect(p.volumes.map((v) => [v.key, v.name, v.external])).toEqual([
      ['data', 'p_data', false],
      ['shared', 'shared', true],
      ['named', 'custom', false],
    ]);
    expect(p.unmapped).toEqual([]);
    expect(p.errors.map((e) => e.message)).toEqual([expect.stringMatching(/volume "ghost" is not declared/)]);
  });

  test('restart retries', () => {
    expect(plan('services:\n  a: {image: x, restart: "on-failure:3"}\n').services[0].runtime.restartMaxRetries).toBe(3);
  });

  test('swarm deploy: global mode, placement, resources, labels, restart policy', () => {
    const p = plan(
      'services:\n  a:\n    image: x\n    deploy:\n      mode: global\n      placement: {constraints: [node.role==manager]}\n      resources: {limits: {cpus: "0.5", memory: 256M}, reservations: {memory: 64m}}\n      labels: [tier=edge]\n      restart_policy: {condition: on-failure, max_attempts: 3, delay: 5s}\n      update_config: {parallelism: 1}\n    entrypoint: [sh]\n    user: nobody\n',
      true,
    );
    expect(p.services[0].runtime).toMatchObject({
      globalMode: true,
      placementConstraints: ['node.role==manager'],
      limits: { cpus: 0.5, memoryBytes: 256 * 1024 * 1024 },
      reservations: { memoryBytes: 64 * 1024 * 1024 },
      serviceLabels: { tier: 'edge' },
      restartPolicy: { condition: 'on-failure', maxAttempts: 3, delay: '5s' },
    });
    expect(p.services[0].runtime.entrypoint).toBeUndefined();
    expect(p.services[0].runtime.user).toBe('nobody');
    expect(p.unmapped.map((u) => u.path.join('.')).sort()).toEqual(['services.a.deploy.update_config', 'services.a.entrypoint']);
  });

  test.each([
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1GB', 1024 ** 3],
    [1024, 1024],
    ['64k', 65536],
    ['1GiB', 1024 ** 3],
    ['512MiB', 512 * 1024 ** 2],
    ['lots', undefined],
  ])('size %s', (text, bytes) => expect(parseSize(text)).toBe(bytes));
});

describe('runtime fields in generated code', () => {

  test('volumes, mounts, health checks, dependsOn, process settings become construct code', () => {
    const p = plan(
      'services:\n  db:\n    image: x\n    volumes: [data:/var/lib/db, ./conf:/etc/db, {type: tmpfs, target: /tmp, tmpfs: {size: 64m}}]\n    healthcheck: {test: "pg_isready", interval: 10s, timeout: 500ms, retries: 3}\n  web:\n    image: x\n    depends_on: {db: {condition: service_healthy}}\n    entrypoint: [/bin/sh, -c]\n    user: "1000"\n    working_dir: /app\n    dns: [10.0.0.2]\n    extra_hosts: ["gw:10.0.0.1"]\n    restart: on-failure:3\nvolumes:\n  data: {}\n',
    );
    const code: string = generateStack(p, { importFrom: '../constructs' });
    expect(code).toContain('const dataVolume = new Volume(this, "data", {\n      name: "p_data",\n    });');
    expect(code).toContain('mounts: [Mount.volume(dataVolume, "/var/lib/db"), Mount.bind("/srv/app/conf", "/etc/db"), Mount.tmpfs("/tmp", { size: Size.mebibytes(64) })],');
    expect(code).toContain('healthCheck: HealthCheck.shell("pg_isready", { interval: Duration.seconds(10), timeout: Duration.millis(500), retries: 3 }),');
    expect(code).toContain("web.dependsOn(db, { condition: 'healthy' });");
    expect(code).toMatch(/entrypoint: \["\/bin\/sh", "-c"\],[\s\S]*restartMaxRetries: 3,[\s\S]*user: "1000",\n\s+workingDir: "\/app",/);
    expect(code).toContain('extraHosts: { gw: "10.0.0.1" },');
    expect(code).toMatch(/import \{ BridgeNetwork, Container, DockerHost, Duration, HealthCheck, Mount, RestartPolicy, Size, Volume, synthOrExplain \} from "\.\.\/constructs";/);
  });

  test('swarm deploy settings become SwarmService props', () => {
    const p = plan('services:\n  a:\n    image: x\n    deploy:\n      mode: global\n      placement: {constraints: [node.role==manager]}\n      resources: {limits: {cpus: "0.5", memory: 256M}}\n      restart_policy: {condition: on-failure, delay: 5s}\n', true);
    const code: string = generateStack(p, {});
    expect(code).toContain('mode: ServiceMode.global(),');
    expect(code).toContain('placement: { constraints: ["node.role==manager"] },');
    expect(code).toContain('limits: { cpus: 0.5, memory: Size.mebibytes(256) },');
    expect(code).toContain('restartPolicy: { condition: "on-failure", delay: Duration.seconds(5) },');
    expect(code).not.toContain('replicas:');
  });
});

describe('swarm deploy settings on SwarmService', () => {
  test('global mode, placement, limits, labels, restart policy, health check', () => {
    const { Testing, TerraformStack } = require('cdktf');
    const { ComposeProject, DockerHost, Swarm } = require('../../constructs');
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const host = new DockerHost(stack, 'host');
    new ComposeProject(stack, 'p', {
      yaml: 'name: p\nservices:\n  agent:\n    image: x\n    healthcheck: {test: [CMD, "true"]}\n    deploy:\n      mode: global\n      placement: {constraints: [node.role==manager]}\n      resources: {limits: {cpus: "0.5", memory: 256M}}\n      labels: [tier=edge]\n      restart_policy: {condition: on-failure, max_attempts: 3}\n',
      env: {},
      swarm: new Swarm(stack, 'swarm', { manager: host }),
    });
    const svc = byName(synthJson(stack), 'docker_service', 'p_agent');
    expect(svc.mode).toEqual({ global: true });
    expect(svc.task_spec.placement.constraints).toEqual(['node.role==manager']);
    expect(svc.task_spec.resources.limits).toMatchObject({ nano_cpus: 500000000, memory_bytes: 256 * 1024 * 1024 });
    expect(svc.task_spec.restart_policy).toMatchObject({ condition: 'on-failure', max_attempts: 3 });
    expect(svc.labels).toEqual(expect.arrayContaining([{ label: 'tier', value: 'edge' }]));
    expect(svc.task_spec.container_spec.healthcheck.test).toEqual(['CMD', 'true']);
  });
});
