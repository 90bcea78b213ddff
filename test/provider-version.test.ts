import { TerraformStack, Testing } from 'cdktf';
import { BridgeNetwork, DockerHost, OverlayNetwork, ProviderVersion, Swarm, SwarmService } from '../constructs';
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
  test('default 3.6.2: the bindings\' exact pin, services reference networks by `name` (holding the id)', () => {
    const json = serviceStack();
    expect(json.terraform.required_providers.docker).toMatchObject({ source: 'kreuzwerker/docker', version: '3.6.2' });
    expect(serviceNetworks(json)).toEqual([{ name: expect.stringMatching(/^\$\{docker_network\.ov.*\.id\}$/), aliases: ['api'] }]);
    expect(new DockerHost(new TerraformStack(Testing.app(), 's'), 'h').providerVersion).toBe(ProviderVersion.V3_6_2);
  });

  test('4.x: the constraint is written and services reference networks by `id`', () => {
    const json = serviceStack(ProviderVersion.v4('~> 4.6'));
    expect(json.terraform.required_providers.docker).toEqual({ source: 'kreuzwerker/docker', version: '~> 4.6' });
    const [net] = serviceNetworks(json);
    expect(net).toEqual({ id: expect.stringMatching(/^\$\{docker_network\.ov.*\.id\}$/), aliases: ['api'] });
    expect(net.name).toBeUndefined();
  });

  test('no check_duplicate on any version', () => {
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
