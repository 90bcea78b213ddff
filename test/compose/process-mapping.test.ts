import * as ts from 'typescript';
import { parse } from 'yaml';
import { planCompose } from '../../constructs/compose/map';
import { generateStack } from '../../constructs/compose/codegen';
import { ComposeProblem, formatPath } from '../../constructs/compose/source';
import { byName, composeStack, errorsOf, synthJson, warningsOf } from './helpers';

/**
 * Process settings docker compose up applies to each container (cpus, mem_limit, read_only, ulimits, logging,
 * scale), and the fields only the Compose client reads (develop, attach): issue 20.
 */
const text = (...lists: ComposeProblem[][]) => lists.flat().map((p) => `${formatPath(p.path)}: ${p.message}`).join('\n');

function plan(yaml: string, swarm = false) {
  return planCompose(parse(yaml), { projectName: 'p', mode: 'secure', insecure: {}, swarm, env: {}, directory: '/srv/app' });
}

const SERVICE = `name: p
services:
  web:
    image: busybox:1.36
    cpus: 0.5
    mem_limit: 64m
    read_only: true
    ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 }
    logging: { driver: json-file, options: { max-size: 1m, max-file: 3 } }
    scale: 2
    develop: { watch: [{ path: ./src, action: sync, target: /src }] }
    attach: false
`;

describe('process settings of a Compose service', () => {
  test('ComposeProject renders them on every replica, and says develop and attach are ignored', () => {
    const { stack, project } = composeStack(SERVICE);
    const json = synthJson(stack);
    for (const name of ['p-web-1', 'p-web-2']) {
      const c = byName(json, 'docker_container', name);
      expect(c).toMatchObject({ memory: 64, read_only: true, log_driver: 'json-file', log_opts: { 'max-size': '1m', 'max-file': '3' } });
      // 3.6.2 (the default): cpus as cpu_period/cpu_quota (ProviderVersion.QUIRKS).
      expect(c.cpu_period ?? c.cpus).toBeDefined();
      expect(c.ulimit).toEqual(expect.arrayContaining([{ name: 'nofile', soft: 1024, hard: 2048 }, { name: 'nproc', soft: 512, hard: 512 }]));
    }
    const warnings = warningsOf(project).join('\n');
    expect(warnings).toMatch(/services\.web\.develop: develop is ignored: only `docker compose watch`.*\[ack: docker-network-cdktf:compose-client-only\]/);
    expect(warnings).toMatch(/services\.web\.attach: attach is ignored: only the log view/);
    expect(errorsOf(stack)).toEqual([]);
  });

  test('cpus, mem_limit or scale beside deploy with another value are refused, as Compose refuses them; the same value is fine', () => {
    const p = plan(`services:
  web:
    image: x
    cpus: 0.5
    mem_limit: 64m
    scale: 2
    deploy: { replicas: 3, resources: { limits: { cpus: "1", memory: 128m } } }
`);
    expect(text(p.errors)).toMatch(/cpus and deploy\.resources\.limits\.cpus give different values.*keep one/);
    expect(text(p.errors)).toMatch(/mem_limit and deploy\.resources\.limits\.memory give different values/);
    expect(text(p.errors)).toMatch(/scale and deploy\.replicas give different values/);
    const same = plan('services:\n  web:\n    image: x\n    cpus: 1\n    scale: 3\n    deploy: { replicas: 3, resources: { limits: { cpus: "1", memory: 128m } } }\n');
    expect(same.errors).toEqual([]);
    expect(same.services[0]).toMatchObject({ replicas: 3, runtime: { limits: { cpus: 1, memoryBytes: 128 * 1024 * 1024 } } });
  });

  test('bad values are refused where they are written: logging options without a driver, scale 0, a ulimit that is not a number, scale with container_name', () => {
    const p = plan(`services:
  a:
    image: x
    logging: { options: { max-size: 1m } }
    ulimits: { nofile: lots }
  b:
    image: x
    scale: 0
  c:
    image: x
    container_name: c
    scale: 2
`);
    const all = text(p.errors, p.unmapped);
    expect(all).toMatch(/logging has options but no driver/);
    expect(all).toMatch(/services\.a\.ulimits\.nofile/);
    expect(all).toMatch(/replicas: 0 starts no container/);
    expect(all).toMatch(/replicas: 2 with container_name/);
  });

  test('with swarm: they are refused as fields a swarm service has no setting for', () => {
    const p = plan('services:\n  web:\n    image: x\n    read_only: true\n    ulimits: { nofile: 10 }\n', true);
    expect(text(p.errors, p.unmapped)).toMatch(/read_only/);
    expect(text(p.errors, p.unmapped)).toMatch(/ulimits/);
  });

  test('compose import writes them, and the stack compiles', () => {
    const p = plan(SERVICE);
    const code = generateStack(p, { className: 'P' });
    expect(code).toMatch(/readOnlyRootFilesystem: true/);
    expect(code).toMatch(/ulimits: \{ "nofile": \{ soft: 1024, hard: 2048 \}, "nproc": \{ soft: 512, hard: 512 \} \}/);
    expect(code).toMatch(/logging: \{ driver: "json-file", options: \{ "max-size": "1m", "max-file": "3" \} \}/);
    const out = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
    expect(out.diagnostics).toEqual([]);
  });
});
