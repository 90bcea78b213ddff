import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { BridgeNetwork, ComposeProject, Container, declaredTopology, DockerHost, Exposure, Port, renderText, Swarm } from '../../constructs';
import { withoutCI } from '../util';
import { byName, composeStack, errorsOf, synthJson, warningsOf } from './helpers';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'compose');

function exampleStack(file: string, props: object = {}, swarm = false) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const host = new DockerHost(stack, 'host');
  const project = new ComposeProject(stack, 'app', {
    file: path.join(EXAMPLES, file),
    env: { WEBPASSWORD: 'secret' },
    swarm: swarm ? new Swarm(stack, 'swarm', { manager: host }) : undefined,
    ...props,
  });
  return { stack, host, project };
}

describe('the example Compose files', () => {
  test('web app: front and back networks, aliases, an internal back network, 127.0.0.1 for the proxy', () => {
    const { stack, project } = exampleStack('web-app.yml');
    const json = synthJson(stack);
    expect(byName(json, 'docker_network', 'shop_back')).toMatchObject({ internal: true, ipam_config: [{ subnet: '10.61.1.0/24', gateway: '10.61.1.1' }] });
    expect(byName(json, 'docker_container', 'shop-api-1').networks_advanced.map((n: any) => n.aliases)).toEqual([['api', 'backend'], ['api']]);
    expect(byName(json, 'docker_container', 'shop-proxy-1').ports).toEqual([{ internal: 80, external: 18081, ip: '127.0.0.1', protocol: 'tcp' }]);
    expect(byName(json, 'docker_container', 'shop-api-1').env).toContain('LOG_LEVEL=info');
    expect(project.serviceNames).toEqual(['proxy', 'api', 'db', 'cache']);
    expect(warningsOf(project)).toHaveLength(4); // one secure-defaults notice per service
  });

  test('DNS filter: fixed subnet, its own Linux bridge, aux address, static addresses, tcp and udp 53', () => {
    const json = synthJson(exampleStack('dns-filter.yml').stack);
    expect(byName(json, 'docker_network', 'dnsfilter_dns_net')).toMatchObject({
      options: { 'com.docker.network.bridge.name': 'br-dnsfilter' },
      ipam_config: [{ subnet: '10.62.0.0/24', ip_range: '10.62.0.128/25', gateway: '10.62.0.1', aux_address: { router: '10.62.0.2' } }],
    });
    const resolver = byName(json, 'docker_container', 'dns-resolver');
    expect(resolver.networks_advanced[0].ipv4_address).toBe('10.62.0.53');
    expect(resolver.ports.map((p: any) => `${p.ip}:${p.external}->${p.internal}/${p.protocol}`)).toEqual([
      '127.0.0.1:18053->53/tcp',
      '127.0.0.1:18053->53/udp',
      '127.0.0.1:18082->80/tcp',
    ]);
    expect(resolver.env).toContain('WEBPASSWORD=secret');
  });

  test('DNS filter without the required variable fails with its place', () => {
    expect(errorsOf(exampleStack('dns-filter.yml', { env: {} }).stack)).toEqual([expect.stringMatching(/dns-filter\.yml:18:20: services\.resolver\.environment\.WEBPASSWORD: required variable WEBPASSWORD is unset/)]);
  });

  test('legacy links on docker0 need the explicit opt-out, then become hosts entries', () => {
    expect(errorsOf(exampleStack('legacy-links.yml').stack)).toEqual([
      expect.stringMatching(/legacy-links\.yml:9:5: services\.db\.network_mode: network_mode: bridge \(docker0\) is forbidden .*CIS 5\.30.*defaultBridge: true/),
      expect.stringMatching(/legacy-links\.yml:15:5: services\.web\.network_mode: .*defaultBridge: true/),
    ]);
    const ok = exampleStack('legacy-links.yml', { insecure: { db: { defaultBridge: true }, web: { defaultBridge: true } } });
    const web = byName(synthJson(ok.stack), 'docker_container', 'legacy-web-1');
    expect(web.network_mode).toBe('bridge');
    expect(web.host).toEqual([{ host: 'database', ip: expect.stringContaining('docker_container.app_services_db_container') }]);
  });

  test('swarm stack: an encrypted overlay, replicated dnsrr services, a host-mode port', () => {
    const { stack, project } = exampleStack('swarm-stack.yml', {}, true);
    const json = synthJson(stack);
    expect(byName(json, 'docker_network', 'stack_backbone')).toMatchObject({ driver: 'overlay', options: expect.objectContaining({ encrypted: 'true' }) });
    const api = byName(json, 'docker_service', 'stack_api');
    expect(api.mode.replicated.replicas).toBe(2);
    expect(api.endpoint_spec.mode).toBe('dnsrr');
    expect(api.task_spec.networks_advanced[0].aliases).toEqual(['api', 'api-v1']);
    expect(byName(json, 'docker_service', 'stack_edge').endpoint_spec.ports).toEqual([{ target_port: 80, published_port: 18083, protocol: 'tcp', publish_mode: 'host' }]);
    expect(project.swarmService('api').serviceName).toBe('stack_api');
    expect(() => project.service('api')).toThrow(/is a swarm service; use swarmService\("api"\)/);
  });

  test('the swarm stack without a swarm: overlays and deploy are refused with their places', () => {
    const errs = errorsOf(exampleStack('swarm-stack.yml').stack);
    expect(errs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/swarm-stack\.yml:\d+:5: networks\.backbone\.driver: network backbone is an overlay but no swarm was given/),
        expect.stringMatching(/services\.api\.deploy\.endpoint_mode: deploy\.endpoint_mode means something only to a swarm/),
      ]),
    );
  });
});

describe('variables', () => {
  test('.env beside the file fills in what env lacks; env wins', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-'));
    const file = path.join(dir, 'compose.yml');
    fs.writeFileSync(file, 'name: p\nservices:\n  web:\n    image: ${IMAGE}\n    environment: ["TAG=${TAG}"]\n');
    fs.writeFileSync(path.join(dir, '.env'), 'IMAGE=alpine:3\nTAG=from-dotenv\n');
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new DockerHost(stack, 'host');
    new ComposeProject(stack, 'app', { file, env: { TAG: 'from-env' } });
    const json = synthJson(stack);
    expect(Object.values<any>(json.resource.docker_image).map((i) => i.name)).toEqual(['alpine:3']);
    expect(byName(json, 'docker_container', 'p-web-1').env).toEqual(['TAG=from-env']);
  });
});

describe('mixing a Compose file with code', () => {
  test('a container added in code joins an imported network and reaches services by alias', () => {
    const { stack, project } = exampleStack('web-app.yml');
    const back = project.network('back');
    expect(back).toBeInstanceOf(BridgeNetwork);
    new Container(stack, 'worker', { image: 'busybox', networks: [{ network: back, aliases: ['jobs'] }] });
    project.service('cache').expose(Port.tcp(6380), Exposure.clusterInternal());
    const json = synthJson(stack);
    expect(byName(json, 'docker_container', 'worker').networks_advanced[0].name).toMatch(/^\$\{docker_network\.app_networks_back_network_[0-9A-F]+\.name\}$/);
    expect(() => project.network('nope')).toThrow(/no network "nope"; its networks are front, back/);
    expect(() => project.service('nope')).toThrow(/no service "nope"; its services are proxy, api, db, cache/);
  });

  test('the topology report sees imported services and code-built containers alike', () => {
    const { stack, project } = exampleStack('web-app.yml');
    new Container(stack, 'worker', { image: 'busybox', networks: [{ network: project.network('back') }] });
    const text = renderText(declaredTopology(stack));
    expect(text).toMatch(/shop-api-1 {4}dynamic  aliases api, backend/);
    expect(text).toMatch(/br-<network id> +shop_back +veth@shop-api-1 veth@shop-db-1 veth@shop-cache-1 veth@worker/);
  });

  test('a service moved to another host takes its networks with it', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const a = new DockerHost(stack, 'a');
    const b = new DockerHost(stack, 'b', { alias: 'b' });
    const project = new ComposeProject(stack, 'app', { file: path.join(EXAMPLES, 'web-app.yml'), host: a, placement: { cache: b } });
    const json = synthJson(stack);
    expect(project.service('cache').host).toBe(b);
    const backs = Object.values<any>(json.resource.docker_network).filter((n) => n.name === 'shop_back');
    expect(backs.map((n) => n.provider ?? 'docker').sort()).toEqual(['docker', 'docker.b']);
    expect(project.network('back', b)).not.toBe(project.network('back'));
  });

  test('static addresses are checked by the constructs, with the construct path', () => {
    const { stack } = composeStack('name: p\nservices:\n  web:\n    image: x\n    networks:\n      n:\n        ipv4_address: 10.80.0.1\nnetworks:\n  n:\n    ipam:\n      config: [{subnet: 10.80.0.0/24}]\n');
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/\[test\/app\/services\/web\] static IP 10\.80\.0\.1 is the gateway of network p_n/)]);
  });
});

describe('x- extensions', () => {
  test('x-address-plan: networks without ipam take subnets from a pool, recorded in a lock file beside the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-'));
    const file = path.join(dir, 'compose.yml');
    fs.writeFileSync(file, 'name: p\nx-address-plan:\n  pool: 10.90.0.0/16\n  prefix_length: 24\n  lock_file: compose.lock.yaml\nservices:\n  web:\n    image: x\n    networks: [a, b]\nnetworks:\n  a: {}\n  b:\n    ipam:\n      config: [{subnet: 10.91.0.0/24}]\n');
    // The lock mode is read when the plan is constructed: build and synthesize as a developer would, without CI.
    const json = withoutCI(() => {
      const stack = new TerraformStack(Testing.app(), 'test');
      new DockerHost(stack, 'host');
      new ComposeProject(stack, 'app', { file, env: {} });
      return synthJson(stack);
    });
    expect(byName(json, 'docker_network', 'p_a').ipam_config[0].subnet).toBe('10.90.0.0/24');
    expect(byName(json, 'docker_network', 'p_b').ipam_config[0].subnet).toBe('10.91.0.0/24');
    expect(fs.readFileSync(path.join(dir, 'compose.lock.yaml'), 'utf8')).toContain('p_a: 10.90.0.0/24');
  });

  test('x-tiers: tiers with allowed pairs create the networks; edge and data share none', () => {
    const { stack, project } = composeStack(
      'name: p\nservices:\n  proxy: {image: x}\n  api: {image: x}\n  db: {image: x}\nx-tiers:\n  edge: {services: [proxy]}\n  app: {services: [api], allow_from: [edge]}\n  data: {services: [db], allow_from: [app], internal: true}\n',
    );
    const json = synthJson(stack);
    expect(Object.values<any>(json.resource.docker_network).map((n) => n.name).sort()).toEqual(['p-app-data', 'p-app-edge']);
    const shared = (a: string, b: string) => project.service(a).networks.filter((n) => project.service(b).networks.includes(n)).length;
    expect(shared('proxy', 'api')).toBe(1);
    expect(shared('api', 'db')).toBe(1);
    expect(shared('proxy', 'db')).toBe(0);
    expect(byName(json, 'docker_network', 'p-app-data').internal).toBe(true);
    expect(byName(json, 'docker_container', 'p-db-1').networks_advanced[0].aliases).toEqual(['db']);
  });

  test('x-tiers refusals: unknown service, unknown tier, a service in two tiers', () => {
    const errs = errorsOf(composeStack('name: p\nservices:\n  api: {image: x}\nx-tiers:\n  a: {services: [api, ghost]}\n  b: {services: [api], allow_from: [nowhere]}\n').stack);
    expect(errs).toEqual([
      expect.stringMatching(/compose\.yml:5:23: x-tiers\.a\.services\[1\]: no service "ghost"/),
      expect.stringMatching(/compose\.yml:6:18: x-tiers\.b\.services\[0\]: service api is in tier a and in tier b/),
      expect.stringMatching(/compose\.yml:6:37: x-tiers\.b\.allow_from\[0\]: no tier "nowhere"/),
    ]);
  });

  test('x-exposure: node-port, published and cluster-internal kinds', () => {
    const { stack, project } = composeStack(
      'name: p\nservices:\n  web:\n    image: x\n    x-exposure:\n      - {target: 9100, kind: node-port}\n      - {target: 80, kind: published, published: 8080, host_ip: 0.0.0.0}\n      - {target: 5432, kind: cluster-internal}\n',
    );
    const c = byName(synthJson(stack), 'docker_container', 'p-web-1');
    expect(c.ports).toEqual([
      { internal: 9100, external: expect.any(Number), ip: '127.0.0.1', protocol: 'tcp' },
      { internal: 80, external: 8080, ip: '0.0.0.0', protocol: 'tcp' },
    ]);
    expect(c.ports[0].external).toBeGreaterThanOrEqual(30000);
    expect(project.service('web').exposedPorts.map((e) => e.exposure.kind)).toEqual(['node-port', 'published', 'cluster-internal']);
  });

  test('x-exposure refusals', () => {
    const errs = errorsOf(composeStack('name: p\nservices:\n  web:\n    image: x\n    x-exposure:\n      - {target: 80, kind: public}\n      - {target: 81, kind: cluster-internal, published: 81}\n').stack);
    expect(errs).toEqual([
      expect.stringMatching(/x-exposure\[0\]\.kind: kind "public" is not an exposure kind/),
      expect.stringMatching(/x-exposure\[1\]: a cluster-internal port publishes nothing/),
    ]);
  });

  test('other x- fields are Compose extensions and are ignored, as Compose does', () => {
    const { stack, project } = composeStack('name: p\nx-common: &c {image: x}\nservices:\n  web:\n    <<: *c\n    x-note: hi\n');
    expect(errorsOf(stack)).toEqual([]);
    expect(warningsOf(project).filter((w) => w.includes('not carried over'))).toEqual([]);
  });
});
