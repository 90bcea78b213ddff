import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { TerraformStack, Testing } from 'cdktf';
import { DockerHost, HostEndpoint } from '../../constructs';
import { engineEnvironment, providerEnvironment, releaseEngineEnvironment, stackEnvironment } from '../../cli/engine';
import { shellQuote, sshWrapperScript } from '../../cli/ssh-wrapper';

const sshDirs = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('dnc-ssh-')).sort();
const hasSsh = spawnSync('sh', ['-c', 'command -v ssh']).status === 0;

describe('the ssh wrapper of the engine reader', () => {
  test('its script runs the real ssh with each option shell-quoted, then the docker CLI arguments', () => {
    expect(shellQuote("it's $(id) `id` \"x\"")).toBe(`'it'\\''s $(id) \`id\` "x"'`);
    expect(sshWrapperScript('/usr/bin/ssh', ['-p', '2222', '-o', 'UserKnownHostsFile=/tmp/a b/known_hosts'])).toBe(
      [
        '#!/bin/sh',
        "# Written by docker-network-cdktf for the docker CLI: the real ssh with the stack's ssh options (ssh_opts, checked",
        '# against the allowlist of connection settings), then the arguments the docker CLI passes.',
        `exec '/usr/bin/ssh' '-p' '2222' '-o' 'UserKnownHostsFile=/tmp/a b/known_hosts' "$@"`,
        '',
      ].join('\n'),
    );
  });

  test('run by sh, the script passes every option as one argument and expands nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-sshtest-'));
    try {
      const fake = path.join(dir, 'real ssh');
      fs.writeFileSync(fake, '#!/bin/sh\nfor a in "$@"; do printf "<%s>\\n" "$a"; done\n', { mode: 0o700 });
      const wrapper = path.join(dir, 'ssh');
      const marker = path.join(dir, 'ran');
      fs.writeFileSync(wrapper, sshWrapperScript(fake, ['-i', `/k'; touch ${marker}; '`, '-o', `IdentityFile=$(touch ${marker})`]), { mode: 0o700 });
      const r = spawnSync(wrapper, ['-l', 'root', '--', 'h', 'docker', 'system', 'dial-stdio'], { encoding: 'utf8' });
      expect(r.stdout.split('\n').filter(Boolean)).toEqual([
        '<-i>',
        `</k'; touch ${marker}; '>`,
        '<-o>',
        `<IdentityFile=$(touch ${marker})>`,
        '<-l>',
        '<root>',
        '<-->',
        '<h>',
        '<docker>',
        '<system>',
        '<dial-stdio>',
      ]);
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  (hasSsh ? test : test.skip)('an ssh:// host with ssh options: a private directory first on PATH, removed on release', () => {
    const env = providerEnvironment({ host: 'ssh://root@127.0.0.1', ssh_opts: ['-p', '2222', '-i', '/ci/key'] }, 'edge', { PATH: process.env.PATH });
    const [dir, ...rest] = env.PATH!.split(path.delimiter);
    expect(rest.join(path.delimiter)).toBe(process.env.PATH);
    expect(path.basename(dir)).toMatch(/^dnc-ssh-/);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const script = fs.readFileSync(path.join(dir, 'ssh'), 'utf8');
    expect(script).toMatch(/^exec '\/[^']*\/ssh' '-p' '2222' '-i' '\/ci\/key' "\$@"$/m);
    expect(env.DOCKER_HOST).toBe('ssh://root@127.0.0.1');
    releaseEngineEnvironment(env);
    expect(fs.existsSync(dir)).toBe(false);
  });

  (hasSsh ? test : test.skip)('a DockerHost over ssh gets the same wrapper (engineEnvironment)', () => {
    const host = new DockerHost(new TerraformStack(Testing.app(), 's'), 'edge', { endpoint: HostEndpoint.ssh('ssh://deploy@edge', ['-o', 'Port=2200']) });
    const env = engineEnvironment(host, { PATH: process.env.PATH });
    const dir = env.PATH!.split(path.delimiter)[0];
    expect(fs.readFileSync(path.join(dir, 'ssh'), 'utf8')).toMatch(/ '-o' 'Port=2200' "\$@"/);
    releaseEngineEnvironment(env);
    expect(fs.existsSync(dir)).toBe(false);
  });

  test('a hand-edited cdk.tf.json with ProxyCommand is refused: nothing written, nothing run', () => {
    const marker = path.join(os.tmpdir(), `dnc-sshtest-pwned-${process.pid}`);
    const doc = { provider: { docker: [{ host: 'ssh://root@127.0.0.1', ssh_opts: ['-p', '22', '-o', `ProxyCommand=touch ${marker}`] }] } };
    const before = sshDirs();
    expect(() => stackEnvironment(doc, 'default', { PATH: process.env.PATH })).toThrow(
      /^host default: its provider's ssh_opts are refused, nothing was run: "-o ProxyCommand=touch [^"]*" sets ProxyCommand, which is not an accepted keyword\. The tools give ssh only options that choose how to connect \(-p PORT/,
    );
    expect(sshDirs()).toEqual(before);
    expect(fs.existsSync(marker)).toBe(false);
    // Also when the host is not ssh:// (the provider would ignore them): a stack with them is not one to run.
    expect(() => stackEnvironment({ provider: { docker: { host: 'unix:///x.sock', ssh_opts: ['-F', '/tmp/c'] } } }, 'default', {})).toThrow(/"-F \/tmp\/c" is not an accepted option/);
  });

  test('ssh options the tools cannot know (an expression, not a list) are an error, never dropped', () => {
    expect(() => providerEnvironment({ host: 'ssh://h', ssh_opts: ['-o', '${var.opts}'] }, 'edge', {})).toThrow(/host edge: its provider's ssh_opts is "\$\{var.opts\}", which the docker CLI cannot be given/);
    expect(() => providerEnvironment({ host: 'ssh://h', ssh_opts: '-p 22' }, 'edge', {})).toThrow(/ssh_opts is "-p 22"/);
    // Escaped literal text ($${ in cdk.tf.json) is read as Terraform reads it, then checked.
    expect(() => providerEnvironment({ host: 'ssh://h', ssh_opts: ['-i', '/k$${HOME}\n'] }, 'edge', {})).toThrow(/"-i \/k\$\{HOME\}\\n" holds a control character/);
  });

  test('a host that is not ssh:// gets no wrapper; no options, no wrapper', () => {
    expect(providerEnvironment({ host: 'tcp://h:2376', ssh_opts: ['-p', '22'] }, 'edge', { PATH: '/bin' }).PATH).toBe('/bin');
    expect(providerEnvironment({ host: 'ssh://h', ssh_opts: [] }, 'edge', { PATH: '/bin' }).PATH).toBe('/bin');
  });
});
