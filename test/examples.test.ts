import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { TeamNetworksStack } from '../examples/address-plan';
import { HostsStack } from '../examples/hosts';
import { QuickstartStack } from '../examples/quickstart';
import { TalkingStack } from '../examples/talking';
import { SwarmExampleStack } from '../examples/swarm';
import { TeamStateStack } from '../examples/team-state';
import { synthWithReports } from '../examples/report';
import { ApplicationStack } from '../examples/application';
import { SwarmAppStack } from '../examples/swarm-app';
import { ComposeExampleStack } from '../examples/compose';
import { warningsOf } from '../constructs';
import { resourceNamed, withoutCI } from './util';

// The README's examples are these files: they must synthesize with validations on.
describe('README examples', () => {
  test('quickstart', () => {
    const json = Testing.synth(new QuickstartStack(Testing.app(), 'quickstart'), true);
    expect(resourceNamed(json, 'docker_container', 'db').networks_advanced[0]).toMatchObject({ ipv4_address: '10.88.0.10', aliases: ['database'] });
  });

  test('address plan', () => {
    const lock = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ex-')), 'lock.yaml');
    const json = withoutCI(() => Testing.synth(new TeamNetworksStack(Testing.app(), 'teams', lock), true));
    expect(resourceNamed(json, 'docker_network', 'analytics').ipam_config[0].subnet).toBe('10.20.4.0/22');
    expect(fs.readFileSync(lock, 'utf8')).toContain('search: 10.20.1.0/24');
  });

  test('hosts', () => {
    const json = JSON.parse(Testing.synth(new HostsStack(Testing.app(), 'hosts'), true));
    expect(json.provider.docker.map((p: any) => p.alias ?? 'default')).toEqual(['default', 'edge', 'db']);
    expect(Object.keys(json.variable)).toEqual(['db_ca_material', 'db_cert_material', 'db_key_material']);
  });

  test('how containers talk', () => {
    const json = Testing.synth(new TalkingStack(Testing.app(), 'talking'), true);
    expect(resourceNamed(json, 'docker_container', 'db').networks_advanced[0].aliases).toEqual(['database']);
    expect(resourceNamed(json, 'docker_container', 'proxy').ports.map((p: any) => `${p.ip}:${p.external}`)).toEqual([
      '127.0.0.1:8080',
      '0.0.0.0:8443',
      expect.stringMatching(/^127\.0\.0\.1:3\d{4}$/),
    ]);
  });

  test('topology reports beside cdk.tf.json', () => {
    const app = synthWithReports(fs.mkdtempSync(path.join(os.tmpdir(), 'ex-')));
    const dir = path.join(app.outdir, 'stacks', 'quickstart');
    expect(fs.readdirSync(dir).sort()).toEqual(['cdk.tf.json', 'topology.json', 'topology.svg', 'topology.txt']);
    expect(fs.readFileSync(path.join(dir, 'topology.txt'), 'utf8')).toMatch(/db\s+10\.88\.0\.10\s+aliases database/);
  });

  test('beyond one host', () => {
    const lock = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ex-')), 'lock.yaml');
    const json = JSON.parse(withoutCI(() => Testing.synth(new SwarmExampleStack(Testing.app(), 'swarm', lock), true)));
    const pods = Object.values<any>(json.resource.docker_network).filter((n) => n.name === 'pods');
    expect(pods.map((p) => p.ipam_config[0].subnet)).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
    expect(Object.values<any>(json.resource.docker_service)[0].endpoint_spec.ports[0].publish_mode).toBe('host');
    const stack = new SwarmExampleStack(Testing.app(), 'swarm', lock);
    withoutCI(() => Testing.synth(stack, true));
    expect(warningsOf(stack)).toEqual([expect.stringMatching(/\[swarm\/api\] service api uses endpoint mode VIP.*\[ack: docker-network-cdktf:swarm-vip-mode\]$/)]); // the published port is acknowledged
  });

  test('team state: pg backend without a connection string, provider 4.x', () => {
    const json = JSON.parse(Testing.synth(new TeamStateStack(Testing.app(), 'team-state'), true));
    expect(json.terraform.backend).toEqual({ pg: { schema_name: 'team_networks' } });
    expect(json.terraform.required_providers.docker.version).toBe('~> 4.6');
  });

  test('running an application', () => {
    const json = Testing.synth(new ApplicationStack(Testing.app(), 'application'), true);
    const api = resourceNamed(json, 'docker_container', 'api');
    expect(api).toMatchObject({ shm_size: 256, gpus: 'all', depends_on: [expect.stringContaining('docker_container.db_container')] });
    expect(resourceNamed(json, 'docker_container', 'db')).toMatchObject({ wait: true, read_only: true, healthcheck: { interval: '5s', start_period: '30s' } });
    const worker = resourceNamed(json, 'docker_container', 'worker');
    expect(worker.host.map((h: any) => h.host)).toEqual(['metrics.internal', 'redis']);
    expect(worker.env).toEqual(expect.arrayContaining([expect.stringMatching(/^REDIS_PORT_6379_TCP=tcp:\/\//)]));
    expect(json).not.toMatch(/password"\s*:\s*"[^$]/);
  });

  test('swarm services that run an application', () => {
    const json = Testing.synth(new SwarmAppStack(Testing.app(), 'swarm-app'), true);
    expect(resourceNamed(json, 'docker_service', 'agent').mode).toEqual({ global: true });
    expect(resourceNamed(json, 'docker_secret', 'tls-key').data).toBe('${filebase64("/run/keys/tls.key")}');
  });

  test('compose files in', () => {
    const json = Testing.synth(new ComposeExampleStack(Testing.app(), 'compose'), true);
    expect(resourceNamed(json, 'docker_container', 'shop-api-1').env).toContain('LOG_LEVEL=debug');
    expect(resourceNamed(json, 'docker_container', 'shop-proxy-1').ports.map((p: any) => p.external)).toEqual([18081, expect.any(Number)]);
    expect(resourceNamed(json, 'docker_container', 'worker').networks_advanced[0].name).toContain('shop_networks_back');
  });
});
