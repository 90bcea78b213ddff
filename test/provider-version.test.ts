import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { BridgeNetwork, Container, DockerHost, Mount, OverlayNetwork, ProviderVersion, Size, Swarm, SwarmService } from '../constructs';
import { OverlayStack } from '../stacks';
import { newStack, resources, synth, synthErrors } from './util';

/** A one-node swarm stack with a service on an overlay, and a bridge network, on the given version. */
function serviceStack(providerVersion?: ProviderVersion) {
  const { stack, host } = newStack({ providerVersion });
  const swarm = new Swarm(stack, 'swarm', { manager: host });
  const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24' });
  new SwarmService(stack, 'svc', { swarm, image: 'img', networks: [{ network: ov, aliases: ['api'] }] });
  new BridgeNetwork(stack, 'br', { subnet: '10.1.0.0/24' });
  return JSON.parse(synth(stack));
}

function serviceNetworks(json: any): any[] {
  return Object.values<any>(json.resource.docker_service)[0].task_spec.networks_advanced;
}

describe('ProviderVersion', () => {
  test('quirk required-version and quirk service-network-reference on 3.6.2: the bindings\' exact pin, services reference networks by `name` (holding the id)', () => {
    const json = serviceStack();
    expect(json.terraform.required_providers.docker).toMatchObject({ source: 'kreuzwerker/docker', version: '3.6.2' });
    expect(serviceNetworks(json)).toEqual([{ name: expect.stringMatching(/^\$\{docker_network\.ov.*\.id\}$/), aliases: ['api'] }]);
    expect(new DockerHost(new TerraformStack(Testing.app(), 's'), 'h').providerVersion).toBe(ProviderVersion.V3_6_2);
  });

  test('quirk required-version and quirk service-network-reference on 4.x: the constraint is written and services reference networks by `id`', () => {
    const json = serviceStack(ProviderVersion.v4('~> 4.6'));
    expect(json.terraform.required_providers.docker).toEqual({ source: 'kreuzwerker/docker', version: '~> 4.6' });
    const [net] = serviceNetworks(json);
    expect(net).toEqual({ id: expect.stringMatching(/^\$\{docker_network\.ov.*\.id\}$/), aliases: ['api'] });
    expect(net.name).toBeUndefined();
  });

  test('quirk network-check-duplicate: no check_duplicate on any version', () => {
    for (const v of [undefined, ProviderVersion.v4()]) {
      for (const n of Object.values<any>(serviceStack(v).resource.docker_network)) expect(n).not.toHaveProperty('check_duplicate');
    }
  });

  test('of() reads text: 3.6.2 is the default object, a mirror label is 4.x', () => {
    expect(ProviderVersion.of(' 3.6.2 ')).toBe(ProviderVersion.V3_6_2);
    expect(ProviderVersion.of('4.6.1-dev')).toMatchObject({ constraint: '4.6.1-dev', major: 4, serviceNetworkAttribute: 'id' });
    expect(ProviderVersion.of('~> 3.6').serviceNetworkAttribute).toBe('name');
    expect(ProviderVersion.of('>= 4.0, < 5.0').major).toBe(4);
    expect(ProviderVersion.of('>= 3.6').major).toBeUndefined();
  });

  test('a version that names neither 3 nor 4, or an open-ended one, fails synth with the fix', () => {
    const { stack } = newStack({ providerVersion: ProviderVersion.of('5.0.0') });
    new DockerHost(stack, 'other', { alias: 'other', providerVersion: ProviderVersion.of('>= 3.6') });
    const errors = synthErrors(stack);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[test\/host\] kreuzwerker\/docker version "5\.0\.0" does not name major version 3 or 4.*ProviderVersion\.v4/),
        expect.stringMatching(/^\[test\/other\] kreuzwerker\/docker version ">= 3\.6"/),
      ]),
    );
  });

  test('hosts of one stack must agree on the version (all problems at once)', () => {
    const { stack } = newStack();
    new DockerHost(stack, 'edge', { alias: 'edge', providerVersion: ProviderVersion.v4('4.6.0') });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/host\] the Docker hosts of this stack ask for different kreuzwerker\/docker versions \(3\.6\.2, 4\.6\.0\)/)]);
  });

  test('two hosts on the same 4.x version synthesize, one constraint', () => {
    const { stack } = newStack({ providerVersion: ProviderVersion.v4('4.6.0') });
    new DockerHost(stack, 'edge', { alias: 'edge', providerVersion: ProviderVersion.v4('4.6.0') });
    expect(JSON.parse(synth(stack)).terraform.required_providers.docker.version).toBe('4.6.0');
  });

  test('the example stacks take the version through their props', () => {
    const stack = new OverlayStack(Testing.app(), 'overlay', { providerVersion: ProviderVersion.of('4.6.1-dev') });
    const json = JSON.parse(synth(stack));
    expect(json.terraform.required_providers.docker.version).toBe('4.6.1-dev');
    expect(Object.values<any>(resources(JSON.stringify(json), 'docker_service'))[0].task_spec.networks_advanced[0]).toHaveProperty('id');
  });
});

// One test per row of ProviderVersion.QUIRKS (named "quirk <id>"); the README's table lists the same rows.
describe('ProviderVersion.QUIRKS', () => {
  function cpuStack(cpus: number | string, providerVersion?: ProviderVersion) {
    const { stack, host } = newStack({ providerVersion });
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.1.0.0/24' });
    const value = typeof cpus === 'string' ? new TerraformVariable(stack, cpus, { type: 'number' }).numberValue : cpus;
    new Container(stack, 'cpu', { host, image: 'img', networks: [{ network: net }], cpus: value });
    return Object.values<any>(JSON.parse(synth(stack)).resource.docker_container)[0];
  }

  function tmpfsServiceStack(options: { size?: Size; mode?: number }, providerVersion?: ProviderVersion) {
    const { stack, host } = newStack({ providerVersion });
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24' });
    new SwarmService(stack, 'svc', { swarm, image: 'img', networks: [{ network: ov }], mounts: [Mount.tmpfs('/scratch', options)] });
    return stack;
  }

  test('quirk container-cpus: 3.6.2 gets cpu_period/cpu_quota for 0.5 and 1.5 CPUs, never `cpus`', () => {
    expect(cpuStack(0.5)).toMatchObject({ cpu_period: 100000, cpu_quota: 50000 });
    expect(cpuStack(1.5)).toMatchObject({ cpu_period: 100000, cpu_quota: 150000 });
    expect(cpuStack(0.5)).not.toHaveProperty('cpus');
    expect(cpuStack(0.5, ProviderVersion.of('~> 3.6'))).not.toHaveProperty('cpus');
  });

  test('quirk container-cpus: a token becomes the same quota, computed by Terraform', () => {
    const c = cpuStack('cpus');
    expect(c).not.toHaveProperty('cpus');
    expect(c.cpu_period).toBe(100000);
    expect(c.cpu_quota).toBe('${floor((var.cpus * 100000))}');
  });

  test('quirk container-cpus: 4.x gets `cpus`, as the provider reads it back', () => {
    const c = cpuStack(0.5, ProviderVersion.v4('~> 4.6'));
    expect(c.cpus).toBe('0.5');
    expect(c).not.toHaveProperty('cpu_quota');
    expect(cpuStack(1.5, ProviderVersion.of('4.6.1-dev')).cpus).toBe('1.5');
    expect(cpuStack(1, ProviderVersion.v4()).cpus).toBe('1.0');
  });

  test('quirk service-tmpfs-options: 3.6.2 refuses a service tmpfs size or mode at synth, with both fixes', () => {
    const errors = synthErrors(tmpfsServiceStack({ size: Size.mebibytes(8) }));
    expect(errors).toEqual([
      expect.stringMatching(/^\[test\/svc\] the tmpfs mount at \/scratch has a size or mode, which crashes kreuzwerker\/docker 3\.6\.2 .*drop size and mode from Mount\.tmpfs\(\), or .*ProviderVersion\.v4\('~> 4\.6'\)/),
    ]);
    expect(synthErrors(tmpfsServiceStack({ mode: 0o700 }))).toHaveLength(1);
    // Without options 3.6.2 takes it.
    const svc = Object.values<any>(JSON.parse(synth(tmpfsServiceStack({}))).resource.docker_service)[0];
    expect(svc.task_spec.container_spec.mounts).toEqual([{ type: 'tmpfs', target: '/scratch' }]);
  });

  test('quirk service-tmpfs-options: 4.x writes size_bytes and mode', () => {
    const stack = tmpfsServiceStack({ size: Size.mebibytes(8), mode: 0o700 }, ProviderVersion.v4('~> 4.6'));
    const svc = Object.values<any>(JSON.parse(synth(stack)).resource.docker_service)[0];
    expect(svc.task_spec.container_spec.mounts[0].tmpfs_options).toEqual({ size_bytes: 8 * 1048576, mode: 0o700 });
  });

  test('quirk image-build-labels: 3.6.2 writes build.labels (its engine builder), 4.x build.label (buildx)', () => {
    const built = (providerVersion?: ProviderVersion) => {
      const { stack, host } = newStack({ providerVersion });
      host.buildImage('app', { context: path.join(__dirname, '..', 'examples', 'compose', 'build-app'), labels: { team: 'x' } });
      return Object.values<any>(JSON.parse(synth(stack)).resource.docker_image)[0].build;
    };
    expect(built()).toMatchObject({ labels: { team: 'x' } });
    expect(built()).not.toHaveProperty('label');
    expect(built(ProviderVersion.v4('~> 4.6'))).toMatchObject({ label: { team: 'x' } });
    expect(built(ProviderVersion.v4('~> 4.6'))).not.toHaveProperty('labels');
  });

  test('the table lists these rows, in this order', () => {
    expect(ProviderVersion.QUIRKS.map((q) => q.id)).toEqual(['required-version', 'service-network-reference', 'container-cpus', 'service-tmpfs-options', 'image-build-labels', 'network-check-duplicate']);
  });

  test('every quirk has a test here and a row in the README\'s "Provider versions" table', () => {
    const self = fs.readFileSync(__filename, 'utf8');
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Provider versions'), readme.indexOf('\n## ', readme.indexOf('## Provider versions') + 5));
    for (const q of ProviderVersion.QUIRKS) {
      expect(self).toContain(`quirk ${q.id}`);
      expect(section).toContain(`\`${q.id}\``);
    }
  });
});
