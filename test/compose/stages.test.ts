import { parse } from 'yaml';
import { canonicalize } from '../../constructs/compose/canonical';
import { checkConsistency } from '../../constructs/compose/consistency';
import { PlanOptions, StageContext } from '../../constructs/compose/context';
import { mapProject } from '../../constructs/compose/map';
import { normalize, projectName } from '../../constructs/compose/normalize';
import { ComposeMessages } from '../../constructs/compose/errors';
import { durationForm, exposureForm, healthCheckForm, mountForm, sizeForm } from '../../constructs/compose/rules';

const options = (o: Partial<PlanOptions> = {}): PlanOptions => ({ projectName: 'p', mode: 'secure', insecure: {}, swarm: false, env: {}, directory: '/srv/app', ...o });
const stages = (yaml: string, o: Partial<PlanOptions> = {}) => {
  const ctx = new StageContext(options(o));
  const canonical = canonicalize(ctx, parse(yaml));
  const normalized = normalize(ctx, canonical);
  const consistent = checkConsistency(ctx, normalized);
  return { ctx, canonical, normalized, consistent };
};

describe('stage 4: canonical long syntax', () => {
  test('short ports become one long entry per port, with the path they were written at', () => {
    const { canonical, ctx } = stages('services:\n  web:\n    image: x\n    ports: ["127.0.0.1:8080-8081:80-81/udp", {target: 443, published: "8443", mode: host}]\n');
    expect(canonical.services[0].ports).toEqual([
      { path: ['services', 'web', 'ports', 0], target: 80, protocol: 'udp', published: 8080, hostIp: '127.0.0.1' },
      { path: ['services', 'web', 'ports', 0], target: 81, protocol: 'udp', published: 8081, hostIp: '127.0.0.1' },
      { path: ['services', 'web', 'ports', 1], target: 443, protocol: 'tcp', published: 8443, hostIp: undefined, mode: 'host' },
    ]);
    expect(ctx.errors).toEqual([]);
  });

  test('volumes, tmpfs, environment, networks, depends_on, healthcheck, command and extra_hosts in long form', () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: x',
      '    command: sh -c "echo hi"',
      '    environment: [A=1, B]',
      '    volumes: [data:/d:ro, ./conf:/etc/c, /anon]',
      '    tmpfs: /run:size=64m,mode=1770',
      '    networks: [front]',
      '    depends_on: [db]',
      '    healthcheck: {test: curl -f localhost, interval: 5s}',
      '    extra_hosts: ["db.local:10.0.0.5", "v6=[::1]"]',
      '  db: {image: x}',
    ].join('\n');
    const web = stages(yaml).canonical.services[0];
    expect(web.command).toEqual({ path: ['services', 'web', 'command'], words: ['sh', '-c', 'echo hi'] });
    expect(web.environment).toEqual({ A: '1', B: null });
    expect(web.mounts.map((m) => [m.type, m.source, m.target, m.readOnly])).toEqual([
      ['volume', 'data', '/d', true],
      ['bind', './conf', '/etc/c', undefined],
      ['volume', undefined, '/anon', undefined],
      ['tmpfs', undefined, '/run', undefined],
    ]);
    expect(web.mounts[3]).toMatchObject({ size: '64m', mode: '1770' });
    expect(web.attachments).toEqual([{ network: 'front', path: ['services', 'web', 'networks', 0], aliases: [], fields: [], ipv4Address: undefined, ipv6Address: undefined }]);
    expect(web.dependsOn).toEqual([{ service: 'db', path: ['services', 'web', 'depends_on', 0], condition: 'service_started', fields: [], required: undefined }]);
    expect(web.healthCheck).toMatchObject({ test: ['CMD-SHELL', 'curl -f localhost'], badTest: false, timings: { interval: '5s' } });
    expect(web.extraHosts?.map((h) => [h.name, h.ip])).toEqual([
      ['db.local', '10.0.0.5'],
      ['v6', '::1'],
    ]);
  });

  test('a command a shell cannot split is kept with the reason, for the mapping to refuse where it is used', () => {
    expect(stages('services:\n  a: {image: x, command: "echo \\"unclosed"}\n').canonical.services[0].command).toMatchObject({ error: expect.any(String) });
  });
});

describe('stage 5: normalisation', () => {
  test('the default network is added for services without networks, with the service name as alias', () => {
    const { normalized } = stages('services:\n  web: {image: x}\n  api: {image: x, networks: [back]}\n  host: {image: x, network_mode: host}\nnetworks:\n  back: {}\n');
    expect(normalized.networks.map((n) => [n.key, n.name, n.implicit])).toEqual([
      ['back', 'p_back', false],
      ['default', 'p_default', true],
    ]);
    expect(normalized.services.map((s) => [s.key, s.name, s.attachments.map((a) => `${a.network}:${a.aliases.join('+')}`)])).toEqual([
      ['web', 'p-web-1', ['default:web']],
      ['api', 'p-api-1', ['back:api']],
      ['host', 'p-host-1', []],
    ]);
  });

  test('names: swarm services, container_name, external and named volumes', () => {
    const { normalized } = stages('services:\n  web: {image: x, container_name: w}\nvolumes:\n  data: {}\n  old: {external: {name: legacy}}\n  named: {name: custom}\n', { swarm: true });
    expect(normalized.services[0].name).toBe('p_web');
    expect(normalized.volumes.map((v) => [v.key, v.name, v.external])).toEqual([
      ['data', 'p_data', false],
      ['old', 'legacy', true],
      ['named', 'custom', false],
    ]);
  });

  test('services in an x-tiers tier do not join default', () => {
    const { normalized } = stages('services:\n  web: {image: x}\nx-tiers:\n  edge: {services: [web]}\n');
    expect(normalized.services[0].attachments).toEqual([]);
    expect(normalized.networks).toEqual([]);
  });

  test('the project name: given, name:, else the directory; refused with the fix when unusable', () => {
    expect(projectName({ name: 'My_App' }, undefined, undefined, ComposeMessages)).toEqual({ name: 'my_app' });
    expect(projectName({}, undefined, '/srv/Shop/compose.yaml', ComposeMessages)).toEqual({ name: 'shop' });
    expect(projectName({}, undefined, undefined, ComposeMessages).error).toMatch(/no project name/);
    expect(projectName({}, 'Bad Name', undefined, ComposeMessages).error).toMatch(/project name "Bad Name" is invalid/);
  });
});

describe('stage 6: consistency', () => {
  test('references to nothing are reported at their place and left out', () => {
    const { consistent, ctx } = stages('services:\n  web:\n    image: x\n    networks: [ghostnet]\n    links: [nobody]\n    depends_on: [nobody]\n    volumes: [ghost:/x]\n    network_mode: host\n');
    const web = consistent.services[0];
    expect([web.attachments, web.links, web.dependsOn, web.mounts]).toEqual([[], [], [], []]);
    expect(ctx.errors.map((e) => [e.path.join('.'), e.message])).toEqual([
      ['services.web.network_mode', expect.stringMatching(/^network_mode and networks cannot both be set/)],
      ['services.web.links.0', expect.stringMatching(/^no service "nobody" in this file/)],
      ['services.web.depends_on.0', expect.stringMatching(/^no service "nobody" in this file/)],
      ['services.web.volumes.0', expect.stringMatching(/^volume "ghost" is not declared/)],
    ]);
  });
});

describe('stage 7: mapping, and the rules both consumers share', () => {
  test('mapProject turns the consistent project into the plan', () => {
    const { ctx, consistent } = stages('services:\n  web: {image: nginx, ports: ["8080:80"]}\n');
    const plan = mapProject(ctx, consistent);
    expect(plan.networks.map((n) => n.name)).toEqual(['p_default']);
    expect(plan.services[0]).toMatchObject({ name: 'p-web-1', image: 'nginx', exposures: [{ port: 80, hostPort: 8080, kind: 'published' }] });
    expect(plan.warnings.map((w) => w.secureDefaults)).toEqual([true]);
  });

  test('a bind is read-only unless the file says :rw, or the mode is compose-compatible', () => {
    const bind = (readOnly?: boolean) => ({ type: 'bind' as const, source: '/a', target: '/b', readOnly });
    expect([mountForm(bind(), false), mountForm(bind(), true), mountForm(bind(false), false), mountForm(bind(true), true)].map((m) => m.factory === 'bind' && m.readWrite)).toEqual([false, true, true, false]);
  });

  test('health checks: NONE, CMD-SHELL and CMD become none(), shell() and command() with timings', () => {
    expect(healthCheckForm({ test: ['NONE'] })).toEqual({ factory: 'none' });
    expect(healthCheckForm({ test: ['CMD-SHELL', 'curl x'], interval: '1m30s', retries: 3 })).toMatchObject({ factory: 'shell', script: 'curl x', timing: { interval: { factory: 'seconds', amount: 90 }, retries: 3 } });
    expect(healthCheckForm({ test: ['CMD', 'pg_isready', '-q'], timeout: '500ms' })).toMatchObject({ factory: 'command', argv: ['pg_isready', '-q'], timing: { timeout: { factory: 'millis', amount: 500 } } });
  });

  test('exposures, durations and sizes', () => {
    expect(exposureForm({ port: 80, protocol: 'tcp', kind: 'published', hostIp: '0.0.0.0' })).toEqual({ factory: 'published', hostPort: undefined, hostInterface: { all: true } });
    expect(exposureForm({ port: 80, protocol: 'tcp', kind: 'node-port', hostIp: '10.0.0.1', hostPort: 30080 })).toEqual({ factory: 'nodePort', hostPort: 30080, hostInterface: { address: '10.0.0.1' } });
    expect(durationForm('2h')).toEqual({ factory: 'seconds', amount: 7200 });
    expect(sizeForm(64 * 1024 * 1024)).toEqual({ factory: 'mebibytes', amount: 64 });
    expect(sizeForm(1000)).toEqual({ factory: 'bytes', amount: 1000 });
  });
});
