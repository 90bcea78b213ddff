import { TerraformStack, Testing } from 'cdktf';
import { BridgeNetwork, Container, DockerHost, OverlayNetwork, RemovalPolicy, Swarm, SwarmService, TieredNetwork, Volume } from '../constructs';
import { composeStack, errorsOf } from './compose/helpers';
import { newStack, synth, synthErrors } from './util';

const DEPLOYMENT_REF = '${terraform_data.docker-network-cdktf-deployment.id}';
const labelsOf = (r: any) => Object.fromEntries((r.labels ?? []).map((l: any) => [l.label, l.value]));

// Each deployment of a stack has an identity kept in its state (a terraform_data id) and on its objects.
describe('the deployment label', () => {
  test('one terraform_data per stack; every network, container and service carries its id as docker-network-cdktf/deployment', () => {
    const { stack, host } = newStack();
    const front = new BridgeNetwork(stack, 'front', { subnet: '10.10.1.0/24' });
    new Container(stack, 'web', { image: host.image('busybox:1.36'), networks: [{ network: front }] });
    new Container(stack, 'api', { image: host.image('busybox:1.36'), networks: [{ network: front }] });
    const json = JSON.parse(synth(stack));
    expect(Object.keys(json.resource.terraform_data).filter((k) => k.includes('deployment'))).toEqual(['docker-network-cdktf-deployment']);
    expect(json.resource.terraform_data['docker-network-cdktf-deployment']).toEqual({});
    for (const r of [...Object.values<any>(json.resource.docker_network), ...Object.values<any>(json.resource.docker_container)]) {
      expect(labelsOf(r)).toMatchObject({ 'docker-network-cdktf/stack': 'test', 'docker-network-cdktf/deployment': DEPLOYMENT_REF });
    }
  });

  test('swarm services and overlays carry it too; volumes do not (a label change replaces a volume and its data)', () => {
    const { stack, host } = newStack();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24' });
    new SwarmService(stack, 'api', { swarm, image: 'busybox:1.36', networks: [{ network: ov }] });
    new Volume(stack, 'data', { removalPolicy: RemovalPolicy.DESTROY });
    const json = JSON.parse(synth(stack));
    expect(labelsOf(Object.values<any>(json.resource.docker_network)[0])['docker-network-cdktf/deployment']).toBe(DEPLOYMENT_REF);
    expect(labelsOf(Object.values<any>(json.resource.docker_service)[0])['docker-network-cdktf/deployment']).toBe(DEPLOYMENT_REF);
    const volume = labelsOf(Object.values<any>(json.resource.docker_volume)[0]);
    expect(volume).toEqual({ 'docker-network-cdktf/stack': 'test', 'docker-network-cdktf/path': 'data' });
  });

  test('ownershipLabels: false: no labels and no terraform_data', () => {
    const { stack, host } = newStack({ ownershipLabels: false });
    const front = new BridgeNetwork(stack, 'front', { subnet: '10.10.1.0/24' });
    new Container(stack, 'web', { image: host.image('busybox:1.36'), networks: [{ network: front }] });
    const json = JSON.parse(synth(stack));
    expect(json.resource.terraform_data?.['docker-network-cdktf-deployment']).toBeUndefined();
    expect(Object.values<any>(json.resource.docker_network)[0].labels).toBeUndefined();
  });

  test('two stacks of one app: one identity each', () => {
    const app = Testing.app();
    for (const id of ['a', 'b']) {
      const stack = new TerraformStack(app, id);
      new DockerHost(stack, 'host');
      new BridgeNetwork(stack, 'net', { subnet: id === 'a' ? '10.10.1.0/24' : '10.10.2.0/24' });
      expect(Object.keys(JSON.parse(Testing.synth(stack, true)).resource.terraform_data)).toContain('docker-network-cdktf-deployment');
    }
  });
});

// orphans trusts the library's labels: nobody else may write them.
describe('user labels under docker-network-cdktf/ are rejected at synth', () => {
  const reserved = (where: string, key: string) =>
    expect.stringMatching(new RegExp(`^\\[test/${where}\\] .*${JSON.stringify(key).replace(/[/]/g, '\\/')} is under the prefix docker-network-cdktf\\/, which the library keeps for its ownership labels.*rename it, e\\.g\\. "com\\.example\\/`));

  test('Container, BridgeNetwork, Volume: every such label named, all problems together', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24', labels: { 'docker-network-cdktf/stack': 'payments' } });
    new Container(stack, 'web', { image: host.image('busybox:1.36'), networks: [{ network: net }], labels: { 'docker-network-cdktf/deployment': 'x', 'com.example/ok': '1' } });
    new Volume(stack, 'data', { labels: { 'Docker-Network-CDKTF/path': 'y' }, removalPolicy: RemovalPolicy.DESTROY });
    const errors = synthErrors(stack);
    expect(errors).toEqual(
      expect.arrayContaining([
        reserved('net', 'docker-network-cdktf/stack'),
        reserved('web', 'docker-network-cdktf/deployment'),
        reserved('data', 'Docker-Network-CDKTF/path'),
      ]),
    );
    expect(errors.filter((e) => e.includes('com.example/ok'))).toEqual([]);
  });

  test('OverlayNetwork and SwarmService (labels and containerLabels)', () => {
    const { stack, host } = newStack();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24', labels: { 'docker-network-cdktf/x': '1' } });
    new SwarmService(stack, 'api', { swarm, image: 'busybox:1.36', networks: [{ network: ov }], labels: { 'docker-network-cdktf/stack': 'a' }, containerLabels: { 'docker-network-cdktf/path': 'b' } });
    const errors = synthErrors(stack);
    expect(errors).toEqual(expect.arrayContaining([reserved('ov', 'docker-network-cdktf/x'), reserved('api', 'docker-network-cdktf/stack')]));
    expect(errors.some((e) => e.startsWith('[test/api] containerLabels "docker-network-cdktf/path"'))).toBe(true);
  });

  test('Compose labels on services, networks and volumes (ownershipLabels: false does not make them allowed)', () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: busybox:1.36',
      '    labels: { docker-network-cdktf/stack: payments }',
      'networks:',
      '  default:',
      '    labels: [docker-network-cdktf/deployment=x]',
      'volumes:',
      '  data:',
      '    labels: { docker-network-cdktf/path: y }',
    ].join('\n');
    const { stack } = composeStack(yaml);
    const errors = errorsOf(stack).join('\n');
    for (const key of ['docker-network-cdktf/stack', 'docker-network-cdktf/deployment', 'docker-network-cdktf/path']) expect(errors).toContain(`"${key}" is under the prefix docker-network-cdktf/`);
    const app = Testing.app();
    const bare = new TerraformStack(app, 'test');
    const host = new DockerHost(bare, 'host', { ownershipLabels: false });
    new Container(bare, 'web', { host, image: host.image('busybox:1.36'), labels: { 'docker-network-cdktf/stack': 'payments' } });
    expect(errorsOf(bare).join('\n')).toContain('"docker-network-cdktf/stack" is under the prefix');
  });

  test("the library's own labels (TieredNetwork's docker-network-cdktf/tiers) are not the user's", () => {
    const { stack, host } = newStack();
    const tiers = new TieredNetwork(stack, 'shop', {});
    const edge = tiers.addTier('edge');
    const app = tiers.addTier('app');
    app.allowFrom(edge);
    edge.add(new Container(stack, 'proxy', { image: host.image('busybox:1.36') }));
    app.add(new Container(stack, 'api', { image: host.image('busybox:1.36') }));
    const json = JSON.parse(synth(stack));
    const labels = Object.values<any>(json.resource.docker_network).map(labelsOf);
    expect(labels.map((l) => l['docker-network-cdktf/tiers']).sort()).toEqual(['app,edge']); // one network for the two tiers that talk, labelled by the library
  });
});
