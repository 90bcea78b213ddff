import { TerraformStack, Testing } from 'cdktf';
import { BridgeNetwork, Container, DockerHost, PullPolicy, RegistryCredentials } from '../constructs';
import { imageReferenceProblems } from '../constructs/image';
import { newStack, resources, synth, synthErrors } from './util';

const DIGEST = 'sha256:' + 'a'.repeat(64);

describe('images', () => {
  test('image(name) is unchanged: one docker_image kept on destroy', () => {
    const { stack, host } = newStack();
    expect(host.image('busybox:1.36')).toBe(host.image('busybox:1.36'));
    const imgs = Object.entries(resources(synth(stack), 'docker_image'));
    expect(imgs.map(([id]) => id)).toEqual([expect.stringMatching(/^host_image-busybox_1_36_/)]);
    expect(imgs[0][1]).toMatchObject({ name: 'busybox:1.36', keep_locally: true });
    expect(imgs[0][1].pull_triggers).toBeUndefined();
  });

  test('pull policies: never uses the name, always adds a digest trigger, a pinned digest needs none', () => {
    const { stack, host } = newStack();
    expect(host.image('app:1', { pullPolicy: PullPolicy.NEVER })).toBe('app:1');
    host.image('registry.example.com/team/app:2', { pullPolicy: PullPolicy.ALWAYS, keepOnDestroy: false });
    host.image(`busybox@${DIGEST}`, { pullPolicy: PullPolicy.ALWAYS });
    const json = synth(stack);
    const imgs = Object.values<any>(resources(json, 'docker_image'));
    expect(imgs.find((i) => i.name === 'registry.example.com/team/app:2')).toMatchObject({
      keep_locally: false,
      pull_triggers: [expect.stringMatching(/data\.docker_registry_image\..*\.sha256_digest/)],
    });
    expect(imgs.find((i) => i.name.startsWith('busybox@')).pull_triggers).toBeUndefined();
    expect(imgs.some((i) => i.name === 'app:1')).toBe(false);
  });

  test.each([
    ['busybox', true],
    ['busybox:1.36', true],
    ['registry.example.com:5000/team/app:v2.1', true],
    [`busybox@${DIGEST}`, true],
    ['busybox@sha256:abc', false],
    ['Busybox', false],
    ['sha256:' + 'b'.repeat(64), true],
  ])('reference %s valid: %s', (ref, ok) => {
    expect(imageReferenceProblems(ref).length === 0).toBe(ok);
  });

  test('a bad reference fails synth with the fix, on images and on a container or service given a name', () => {
    const { stack, host } = newStack();
    host.image('busybox@sha256:abc');
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'c1', { image: 'Bad Image', networks: [{ network: net }] });
    const errors = synthErrors(stack).join('\n');
    expect(errors).toMatch(/digest "sha256:abc" is not sha256:<64 hex digits>/);
    expect(errors).toMatch(/\[test\/c1\] image "Bad Image" is not an image reference/);
  });

  test('registry credentials: sensitive variables, environment, never literal', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new DockerHost(stack, 'host', {
      registries: [RegistryCredentials.fromVariables('registry.example.com', 'corp'), RegistryCredentials.fromEnvironment('ghcr.io')],
    });
    const doc = JSON.parse(synth(stack));
    expect(doc.provider.docker[0].registry_auth).toEqual([
      { address: 'registry.example.com', username: '${var.corp_registry_username}', password: '${var.corp_registry_password}' },
      { address: 'ghcr.io' },
    ]);
    expect(doc.variable.corp_registry_password.sensitive).toBe(true);
    const bad = new TerraformStack(app, 'bad');
    new DockerHost(bad, 'host', { registries: [RegistryCredentials.fromTokens('r.example.com', 'me', 'hunter2')] });
    expect(synthErrors(bad).join('\n')).toMatch(/registry password for r.example.com is literal text/);
  });
});
