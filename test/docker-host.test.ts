import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { TerraformStack, Testing } from 'cdktf';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { BridgeNetwork, Container, DockerHost, HostEndpoint, TlsMaterial } from '../constructs';
import { newStack, synth, synthErrors } from './util';

function providers(json: string): any[] {
  return JSON.parse(json).provider.docker;
}

describe('DockerHost', () => {
  test('uses the environment (DOCKER_HOST or the local socket) by default: nothing is written', () => {
    const { stack } = newStack();
    expect(providers(synth(stack))).toEqual([{}]);
  });

  test('unix, ssh and tcp endpoints, several hosts with aliases', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'hosts');
    new DockerHost(stack, 'local', { endpoint: HostEndpoint.unixSocket('/run/user/1000/docker.sock') });
    new DockerHost(stack, 'edge', { alias: 'edge', endpoint: HostEndpoint.ssh('ssh://deploy@edge.example', ['-o', 'StrictHostKeyChecking=yes']) });
    new DockerHost(stack, 'db', { alias: 'db', endpoint: HostEndpoint.tcp('tcp://db.example:2376', { tls: TlsMaterial.fromPath('/etc/docker/certs') }) });
    expect(providers(synth(stack))).toEqual([
      { host: 'unix:///run/user/1000/docker.sock' },
      { alias: 'edge', host: 'ssh://deploy@edge.example', ssh_opts: ['-o', 'StrictHostKeyChecking=yes'] },
      { alias: 'db', host: 'tcp://db.example:2376', cert_path: '/etc/docker/certs' },
    ]);
  });

  test('TLS material from variables is sensitive and never a literal', () => {
    const { stack } = newStack({ endpoint: HostEndpoint.tcp('tcp://10.9.9.9:2376', { tls: TlsMaterial.fromVariables('prod') }) });
    const json = JSON.parse(synth(stack));
    expect(json.variable.prod_key_material).toMatchObject({ sensitive: true, type: 'string' });
    expect(json.variable.prod_ca_material.sensitive).toBe(true);
    expect(json.provider.docker[0]).toMatchObject({
      ca_material: '${var.prod_ca_material}',
      cert_material: '${var.prod_cert_material}',
      key_material: '${var.prod_key_material}',
    });
  });

  test('rejects literal PEM material, plain tcp and unknown schemes, all at once', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'bad');
    new DockerHost(stack, 'a', {
      alias: 'a',
      endpoint: HostEndpoint.tcp('tcp://x:2376', { tls: TlsMaterial.fromValues({ ca: 'ca', cert: 'cert', key: '-----BEGIN KEY-----' }) }),
    });
    new DockerHost(stack, 'b', { alias: 'b', endpoint: HostEndpoint.tcp('tcp://x:2375') });
    new DockerHost(stack, 'c', { alias: 'c', endpoint: HostEndpoint.unixSocket('') });
    const errors = synthErrors(stack);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[bad\/a\] tls.key looks like PEM key material .* pass TlsMaterial.fromPath\(dir\) .* or TlsMaterial.fromVariables\(\) instead/),
        expect.stringMatching(/^\[bad\/b\] tcp endpoint tcp:\/\/x:2375 has no TLS; pass tls/),
        expect.stringMatching(/^\[bad\/c\] Docker endpoint "unix:\/\/" is not unix:\/\/, ssh:\/\/ or tcp:\/\//),
      ]),
    );
    expect(errors).toHaveLength(5); // three tls fields of host a, b, c
  });

  test('plain tcp is allowed when asked for explicitly', () => {
    const { stack } = newStack({ endpoint: HostEndpoint.tcp('tcp://127.0.0.1:2375', { insecure: true }) });
    expect(providers(synth(stack))).toEqual([{ host: 'tcp://127.0.0.1:2375' }]);
  });

  test('two hosts without alias are rejected', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'two');
    new DockerHost(stack, 'a');
    new DockerHost(stack, 'b');
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[two\/b\] several Docker hosts in this stack have no alias \(two\/a, two\/b\); give each host but one an alias/)]);
  });

  test('constructs find the only host; with several they must be told', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'pick');
    const a = new DockerHost(stack, 'a', { alias: 'a' });
    new DockerHost(stack, 'b', { alias: 'b' });
    new BridgeNetwork(stack, 'n');
    const net = new BridgeNetwork(stack, 'n2', { host: a });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(Network, { provider: 'docker.a' });
    expect(net.host).toBe(a);
    // Reported at synth, with the other problems, not thrown while constructing.
    expect(() => Testing.synth(stack, true)).toThrow(/\[pick\/n\] this stack has several Docker hosts \(pick\/a, pick\/b\); pass host: to say which one/);
  });

  test('a construct without any host says how to make one', () => {
    const stack = new TerraformStack(Testing.app(), 'none');
    const net = new BridgeNetwork(stack, 'n', { subnet: '10.0.0.1/24' });
    new Container(stack, 'c', { image: 'busybox', networks: [{ network: net }] });
    const errors = synthErrors(stack);
    expect(errors).toEqual(
      expect.arrayContaining([
        '[none/n] no DockerHost found in this stack; create one first: new DockerHost(stack, \'host\')',
        '[none/c] no DockerHost found in this stack; create one first: new DockerHost(stack, \'host\')',
        '[none/n] subnet: 10.0.0.1/24 has host bits set; did you mean 10.0.0.0/24?',
      ]),
    );
  });

  test('image() creates one kept-locally image resource per name', () => {
    const { stack, host } = newStack();
    const a = host.image('busybox:1.36');
    const b = host.image('busybox:1.36');
    expect(a).toBe(b);
    const json = synth(stack);
    expect(json).toHaveResourceWithProperties(Image, { name: 'busybox:1.36', keep_locally: true });
    expect(Object.keys(JSON.parse(json).resource.docker_image)).toHaveLength(1);
  });

  test('exposes its provider for raw resources', () => {
    const { host } = newStack();
    expect(host.provider).toBeInstanceOf(DockerProvider);
  });
});
