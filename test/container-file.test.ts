import { TerraformVariable, Testing, Token } from 'cdktf';
import { BridgeNetwork, Container, ContainerFile, Mount, ProviderVersion, SecretValue } from '../constructs';
import { escapeTemplate } from '../constructs/private/terraform-literal';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('ContainerFile', () => {
  test('literal text is written escaped, a variable only as its reference, a secret base64-encoded; mode as the provider writes it', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    const password = new TerraformVariable(stack, 'db_password', { type: 'string', sensitive: true });
    new Container(stack, 'app', {
      image: 'busybox',
      networks: [{ network: net }],
      files: [
        ContainerFile.fromString('/etc/app.conf', 'home=${HOME} %{if x}\n'),
        ContainerFile.fromVariable('/run/secrets/db_password', password, { mode: 0o444 }),
        ContainerFile.fromSecret('/run/secrets/token', SecretValue.fromVariable('api_token'), { mode: 0o400 }),
      ],
    });
    const json = synth(stack);
    const r = resourceNamed(json, 'docker_container', 'app');
    expect(r.upload).toEqual([
      { file: '/etc/app.conf', content: escapeTemplate('home=${HOME} %{if x}\n'), executable: undefined, permissions: undefined },
      { file: '/run/secrets/db_password', content: '${var.db_password}', permissions: '0444' },
      { file: '/run/secrets/token', content_base64: '${base64encode(var.api_token)}', permissions: '0400' },
    ].map((u) => JSON.parse(JSON.stringify(u))));
    expect(r.upload[0].content).toBe('home=$${HOME} %%{if x}\n');
    expect(JSON.parse(json).variable.api_token.sensitive).toBe(true);
  });

  test('the same upload block on 4.x (the provider added owner and group there, which the library leaves unset)', () => {
    const { stack } = newStack({ providerVersion: ProviderVersion.of('4.6.1-dev') });
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }], files: [ContainerFile.fromString('/a', 'x', { mode: 0o444 })] });
    expect(resourceNamed(synth(stack), 'docker_container', 'app').upload).toEqual([{ file: '/a', content: 'x', permissions: '0444' }]);
  });

  test('bad paths, modes, empty text, duplicates, files beneath mounts and a read-only root are synth errors', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'bad', {
      image: 'busybox',
      networks: [{ network: net }],
      mounts: [Mount.tmpfs('/run/secrets'), Mount.bind('/srv/conf', '/conf')],
      files: [
        ContainerFile.fromString('relative.txt', 'x'),
        ContainerFile.fromString('/dir/', 'x'),
        ContainerFile.fromString('/a', 'x', { mode: 0o1777 }),
        ContainerFile.fromString('/b', 'x', { mode: Token.asNumber('${var.mode}') }),
        ContainerFile.fromString('/empty', ''),
        ContainerFile.fromString('/twice', 'x'),
        ContainerFile.fromString('/twice/../twice', 'y'),
        ContainerFile.fromString('/run/secrets/x', 'x'),
        ContainerFile.fromString('/conf', 'x'),
        ContainerFile.fromSecret('/s', SecretValue.fromToken('literal')),
      ],
    });
    new Container(stack, 'ro', { image: 'busybox', networks: [{ network: net }], readOnlyRootFilesystem: true, files: [ContainerFile.fromString('/etc/x', 'x')] });
    const errors = synthErrors(stack).join('\n');
    expect(errors).toMatch(/\[test\/bad\] file "relative.txt" is not an absolute path/);
    expect(errors).toMatch(/file "\/dir\/" is not an absolute path of a file/);
    expect(errors).toMatch(/file mode 1023 is not a permission mode/);
    expect(errors).toMatch(/the mode of the file \/b is a token, but the provider takes the mode as octal text/);
    expect(errors).toMatch(/the file \/empty has empty text, which the provider refuses/);
    expect(errors).toMatch(/two files are placed at \/twice/);
    expect(errors).toMatch(/the file \/run\/secrets\/x is at or beneath the tmpfs mount at \/run\/secrets/);
    expect(errors).toMatch(/the file \/conf is at or beneath the bind mount at \/conf: the provider would write it into the host directory/);
    expect(errors).toMatch(/the file \/s is literal text in the stack/);
    expect(errors).toMatch(/\[test\/ro\] the container has a read-only root file system.*\/etc\/x cannot be placed/);
  });

  test('validations on: a stack with files synthesizes', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'ok', { image: 'busybox', networks: [{ network: net }], files: [ContainerFile.fromString('/etc/motd', 'hi')] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
