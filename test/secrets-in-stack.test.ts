import { Fn, Lazy, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import {
  BridgeNetwork,
  declaredTopology,
  Container,
  DockerHost,
  HostEndpoint,
  OverlayNetwork,
  RegistryCredentials,
  SecretValue,
  Swarm,
  SwarmSecret,
  SwarmService,
  TlsMaterial,
} from '../constructs';
import { endpointCredentials } from '../constructs/private/endpoint-url';
import { expressionText, isLiteralInStack } from '../constructs/private/literal-secrets';
import { synthErrors } from './util';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

describe('endpoint URLs with credentials (issue 17)', () => {
  test.each([
    ['ssh://deploy:hunter2@build.example.com', true, 'ssh://deploy@build.example.com'],
    ['ssh://deploy:hunter2@build.example.com:2222', true, 'ssh://deploy@build.example.com:2222'],
    ['ssh://deploy@build.example.com', false, 'ssh://deploy@build.example.com'],
    ['tcp://admin:s3cret@10.0.0.5:2376', true, 'tcp://10.0.0.5:2376'],
    ['tcp://TOKEN@10.0.0.5:2376', true, 'tcp://10.0.0.5:2376'],
    ['https://user:p%40ss@engine.example.com/path', true, 'https://engine.example.com/path'],
    ['http://a:b@c@engine.example.com', true, 'http://engine.example.com'],
    ['tcp://10.0.0.5:2376', false, 'tcp://10.0.0.5:2376'],
    ['unix:///var/run/docker.sock', false, 'unix:///var/run/docker.sock'],
    ['ssh://[fd00::1]:22', false, 'ssh://[fd00::1]:22'],
  ])('%s: secret %s, written as %s', (url, secret, redacted) => {
    expect(endpointCredentials(url)).toEqual({ secret, redacted });
  });

  test('refused at synth with the fix; the password is in neither cdk.tf.json, the messages nor the topology report', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const a = new DockerHost(stack, 'a', { alias: 'a', endpoint: HostEndpoint.ssh('ssh://deploy:hunter2@a.example.com') });
    new DockerHost(stack, 'b', { alias: 'b', endpoint: HostEndpoint.tcp('tcp://admin:hunter2@b.example.com:2376', { tls: TlsMaterial.fromPath('/certs') }) });
    new DockerHost(stack, 'c', { alias: 'c', endpoint: HostEndpoint.tcp('https://admin:hunter2@c.example.com') });
    new DockerHost(stack, 'd', { alias: 'd', endpoint: HostEndpoint.ssh(Token.asString(Lazy.stringValue({ produce: () => 'ssh://deploy:hunter2@d.example.com' }))) });
    new Container(stack, 'app', { image: 'busybox', host: a, networks: [{ network: new BridgeNetwork(stack, 'net', { host: a }) }] });
    const errors = synthErrors(stack);
    expect(errors).toEqual([
      expect.stringMatching(/^\[test\/a\] Docker endpoint "ssh:\/\/deploy@a\.example\.com" was given with a password or token in the URL .*SSH agent/),
      expect.stringMatching(/^\[test\/b\] Docker endpoint "tcp:\/\/b\.example\.com:2376" was given with a password .*TLS client certificates/),
      expect.stringMatching(/^\[test\/c\] Docker endpoint "https:\/\/c\.example\.com" was given with a password/),
      expect.stringMatching(/^\[test\/c\] Docker endpoint "https:\/\/c\.example\.com" is not unix:\/\/, ssh:\/\/ or tcp:\/\//),
      expect.stringMatching(/^\[test\/d\] Docker endpoint "ssh:\/\/deploy@d\.example\.com" was given with a password/),
    ]);
    expect(errors.join('\n')).not.toContain('hunter2');
    // Even with validations off, nothing writes it.
    const json = Testing.synth(stack, false);
    expect(JSON.parse(json).provider.docker.slice(0, 3).map((p: any) => p.host)).toEqual(['ssh://deploy@a.example.com', 'tcp://b.example.com:2376', 'https://c.example.com']);
    expect(json.replace(/d\.example\.com/, '')).not.toMatch(/hunter2@(a|b|c)/);
    const report = JSON.stringify(declaredTopology(stack));
    expect(report).not.toMatch(/hunter2@(a|b|c)/);
  });
});

describe('token-wrapped literal secrets (issue 17)', () => {
  function stackWithVar() {
    const stack = new TerraformStack(Testing.app(), 'test');
    const v = new TerraformVariable(stack, 'key', { type: 'string', sensitive: true });
    return { stack, v };
  }

  test.each([
    ['a plain string', () => PEM, true],
    ['Fn.trimspace(literal)', () => Fn.trimspace(PEM), true],
    ['Fn.base64decode(literal)', () => Fn.base64decode('QUJD'), true],
    ['Fn.sensitive(literal)', () => Fn.sensitive(PEM), true],
    ['Fn.join of literals', () => Fn.join('\n', ['-----BEGIN PRIVATE KEY-----', 'abc']), true],
    ['Token.asString of a literal', () => Token.asString(PEM), true],
    ['Token.asString of a lazy literal', () => Token.asString(Lazy.stringValue({ produce: () => PEM })), true],
    ['a variable', (v: TerraformVariable) => v.stringValue, false],
    ['Fn.trimspace(variable)', (v: TerraformVariable) => Fn.trimspace(v.stringValue), false],
    ['Fn.join of a literal and a variable', (v: TerraformVariable) => Fn.join('', ['x', v.stringValue]), false],
    ['Fn.file(path)', () => Fn.file('/run/secrets/key.pem'), false],
  ])('%s is literal: %s', (_, make, literal) => {
    const { stack, v } = stackWithVar();
    expect(isLiteralInStack(stack, (make as (v: TerraformVariable) => string)(v))).toBe(literal);
  });

  test('expression text keeps references and calls, drops string contents and escaped interpolations', () => {
    expect(expressionText('${trimspace("var.x ${local.y}")}')).not.toMatch(/var\.x/);
    expect(expressionText('${trimspace("var.x ${local.y}")}')).toMatch(/local\.y/);
    expect(expressionText('a$${var.x}b')).not.toMatch(/var/);
  });

  test('TLS values, registry passwords and swarm secrets refuse token-wrapped literals; variables pass', () => {
    const { stack, v } = stackWithVar();
    const host = new DockerHost(stack, 'host', {
      endpoint: HostEndpoint.tcp('tcp://10.0.0.5:2376', { tls: TlsMaterial.fromValues({ ca: v.stringValue, cert: v.stringValue, key: Fn.trimspace(PEM) }) }),
      registries: [RegistryCredentials.fromTokens('r.example.com', 'me', Fn.base64decode('aHVudGVyMg==')), RegistryCredentials.fromTokens('ok.example.com', 'me', v.stringValue)],
    });
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    new SwarmSecret(stack, 'wrapped', { swarm, value: SecretValue.fromToken(Fn.trimspace(PEM)) });
    new SwarmSecret(stack, 'fine', { swarm, value: SecretValue.fromToken(v.stringValue) });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24' });
    new SwarmService(stack, 'svc', { swarm, image: 'busybox', networks: [{ network: ov }], registryAuth: RegistryCredentials.fromTokens('r.example.com', 'me', Fn.trimspace('hunter2')) });
    expect(synthErrors(stack).filter((e) => /literal|PEM/.test(e))).toEqual([
      expect.stringMatching(/^\[test\/host\] tls\.key looks like PEM key material written into the stack/),
      expect.stringMatching(/^\[test\/host\] registry password for r\.example\.com is literal text/),
      expect.stringMatching(/^\[test\/wrapped\] secret wrapped is literal text/),
      expect.stringMatching(/^\[test\/svc\] registry password for r\.example\.com is literal text/),
    ]);
  });
});
