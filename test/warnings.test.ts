import { App, TerraformStack, Testing } from 'cdktf';
import { BridgeNetwork, ComposeProject, Container, DockerHost, Exposure, HostEndpoint, HostInterface, Port, Swarm, OverlayNetwork, SwarmService, Warnings, warningsOf } from '../constructs';
import { allWarningIds, isWarningId, warningIdOf, warningText, WARNING_IDS } from '../constructs/private/warning-ids';
import { MultiHostStack } from '../stacks';
import { EXAMPLE_STACKS } from '../stacks/examples';
import { synthErrors } from './util';

const image = 'busybox:1.36';

/** A stack with one warning of each construct kind: a published port on every interface, a VIP service. */
function risky(app = Testing.app()) {
  const stack = new TerraformStack(app, 'test');
  const host = new DockerHost(stack, 'host');
  const net = new BridgeNetwork(stack, 'n', { subnet: '10.11.0.0/24', ipRange: '10.11.0.128/25' });
  const web = new Container(stack, 'web', { image, networks: [{ network: net }] });
  web.expose(Port.tcp(8080), Exposure.published({ hostInterface: HostInterface.allInterfaces() }));
  const swarm = new Swarm(stack, 'swarm', { manager: host });
  const ov = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.9.0/24' });
  const svc = new SwarmService(stack, 'svc', { swarm, image, networks: [{ network: ov }] });
  return { app, stack, web, svc };
}

function strict<T>(fn: () => T): T {
  process.env.DNC_STRICT = '1';
  try {
    return fn();
  } finally {
    delete process.env.DNC_STRICT;
  }
}

describe('warning ids', () => {
  test('every warning prints its id as aws-cdk does, [ack: docker-network-cdktf:name]', () => {
    const { stack } = risky();
    expect(synthErrors(stack)).toEqual([]);
    expect(warningsOf(stack)).toEqual([
      expect.stringMatching(/^\[test\/web\] port 8080\/tcp is published on every interface .* \[ack: docker-network-cdktf:published-every-interface\]$/),
      expect.stringMatching(/^\[test\/svc\] service svc uses endpoint mode VIP.* \[ack: docker-network-cdktf:swarm-vip-mode\]$/),
    ]);
  });

  test('the tag survives a prefix (a Compose file:line:column) and reads back; an untagged text is "other"', () => {
    const text = `compose.yml:1:1: version: ${warningText('compose-version-obsolete', 'version is obsolete')}`;
    expect(warningIdOf(text)).toBe('docker-network-cdktf:compose-version-obsolete');
    expect(warningIdOf('compose.yml: 3 more warnings')).toBe('docker-network-cdktf:other');
    expect(allWarningIds()).toHaveLength(Object.keys(WARNING_IDS).length);
    expect(allWarningIds().every(isWarningId)).toBe(true);
    expect(isWarningId('swarm-vip-mode')).toBe(false);
    expect(isWarningId('docker-network-cdktf:toString')).toBe(false);
    expect(Warnings.ids).toContain('docker-network-cdktf:swarm-published-port');
  });
});

describe('Warnings.acknowledge', () => {
  test('an acknowledged id is not printed, on the construct and its children; others still are', () => {
    const { stack, svc } = risky();
    Warnings.of(svc).acknowledge('docker-network-cdktf:swarm-vip-mode', 'the nodes load ip_vs');
    expect(synthErrors(stack)).toEqual([]);
    expect(warningsOf(stack)).toEqual([expect.stringMatching(/published-every-interface/)]);
  });

  test('on the app it covers every stack; order of calls does not matter', () => {
    const { app, stack, web } = risky();
    Warnings.of(app).acknowledge('docker-network-cdktf:published-every-interface', 'a public demo');
    Warnings.of(web.node.scope!).acknowledge('docker-network-cdktf:swarm-vip-mode', 'the nodes load ip_vs');
    expect(synthErrors(stack)).toEqual([]);
    expect(warningsOf(stack)).toEqual([]);
  });

  test('a sibling acknowledgement covers nothing', () => {
    const { stack, web } = risky();
    Warnings.of(web).acknowledge('docker-network-cdktf:swarm-vip-mode', 'wrong place');
    expect(warningsOf((Testing.synth(stack, true), stack))).toHaveLength(2);
  });

  test('strict mode fails only on the unacknowledged warnings', () => {
    const { stack, svc } = risky();
    Warnings.of(svc).acknowledge('docker-network-cdktf:swarm-vip-mode', 'the nodes load ip_vs');
    expect(strict(() => synthErrors(stack))).toEqual([
      expect.stringMatching(/^\[test\/web\] port 8080\/tcp is published on every interface.*\[ack: docker-network-cdktf:published-every-interface\] \(a warning, an error in strict mode\)$/),
    ]);
    const second = risky(new App({ context: { 'docker-network-cdktf:strict': true } }));
    Warnings.of(second.stack).acknowledge('docker-network-cdktf:swarm-vip-mode', 'the nodes load ip_vs');
    Warnings.of(second.stack).acknowledge('docker-network-cdktf:published-every-interface', 'a public demo');
    expect(synthErrors(second.stack)).toEqual([]);
  });

  test('an unknown id (with did-you-mean) and an empty reason are synth errors', () => {
    const { stack } = risky();
    Warnings.of(stack).acknowledge('docker-network-cdktf:swarm-vip-mod', 'typo');
    Warnings.of(stack).acknowledge('swarm-vip-mode', 'short form');
    Warnings.of(stack).acknowledge('docker-network-cdktf:swarm-published-port', ' ');
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\] Warnings.acknowledge: "docker-network-cdktf:swarm-vip-mod" is not a warning id of docker-network-cdktf; did you mean docker-network-cdktf:swarm-vip-mode\?/),
      expect.stringMatching(/^\[test\] Warnings.acknowledge: "swarm-vip-mode" is not a warning id.*did you mean docker-network-cdktf:swarm-vip-mode\?/),
      expect.stringMatching(/^\[test\] Warnings.acknowledge\("docker-network-cdktf:swarm-published-port"\) has no reason; say why/),
    ]);
  });
});

describe('Compose warnings carry ids too', () => {
  test('version, an unset variable, a field not carried over; each acknowledged on its own', () => {
    const yaml = 'version: "3.8"\nname: p\nservices:\n  web:\n    image: busybox:1.36\n    environment: ["A=${NOPE}"]\n    devices: ["/dev/fuse"]\n';
    const run = (ack: string[]) => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 'test');
      new DockerHost(stack, 'host');
      const project = new ComposeProject(stack, 'app', { yaml, file: 'compose.yml', env: {}, unmapped: 'warn', mode: 'secure' });
      for (const id of ack) Warnings.of(project).acknowledge(id, 'deliberate');
      return { errors: strict(() => synthErrors(stack)), warnings: warningsOf(stack) };
    };
    expect(run([]).errors).toEqual([
      expect.stringMatching(/compose\.yml:6:19: .*variable NOPE is not set.*\[ack: docker-network-cdktf:compose-variable-unset\] \(a warning/),
      expect.stringMatching(/compose\.yml:1:1: version: .*\[ack: docker-network-cdktf:compose-version-obsolete\] \(a warning/),
      expect.stringMatching(/not carried over: .*devices.*\[ack: docker-network-cdktf:compose-not-carried-over\] \(a warning/),
    ]);
    expect(run(['docker-network-cdktf:compose-version-obsolete', 'docker-network-cdktf:compose-variable-unset']).errors).toEqual([expect.stringMatching(/compose-not-carried-over/)]);
    expect(run(['docker-network-cdktf:compose-version-obsolete', 'docker-network-cdktf:compose-variable-unset', 'docker-network-cdktf:compose-not-carried-over'])).toEqual({ errors: [], warnings: [] });
  });
});

describe('the example stacks', () => {
  test('multi-host passes DNC_STRICT=1: what it does deliberately is acknowledged', () => {
    const stack = new MultiHostStack(Testing.app(), 'multi-host', { image, updateLockFile: false });
    expect(strict(() => synthErrors(stack))).toEqual([]);
    expect(warningsOf(stack)).toEqual([]);
  });

  test('every example stack synthesizes without an unacknowledged warning', () => {
    const saved = { ...process.env };
    Object.assign(process.env, { CI: 'true', TF_VAR_app_api_token: 'x', TF_CLI_CONFIG_FILE: '/nonexistent/terraformrc' });
    try {
      for (const [name, build] of Object.entries(EXAMPLE_STACKS)) {
        const stack = build(Testing.app(), name);
        expect([name, strict(() => synthErrors(stack)), warningsOf(stack)]).toEqual([name, [], []]);
      }
    } finally {
      process.env = saved;
    }
  });
});

describe('other-stack-same-engine: stacks of one app that create the same network on one engine', () => {
  function twoStacks(second: { endpoint?: string; name?: string; subnet?: string } = {}) {
    const app = Testing.app();
    const stacks = ['alpha', 'beta'].map((id, i) => {
      const stack = new TerraformStack(app, id);
      const host = new DockerHost(stack, 'host', i === 1 && second.endpoint ? { endpoint: HostEndpoint.ssh(second.endpoint) } : {});
      new BridgeNetwork(stack, 'net', { host, name: i === 1 ? (second.name ?? 'shared-net') : 'shared-net', subnet: i === 1 ? (second.subnet ?? '10.77.0.0/24') : '10.77.0.0/24' });
      return stack;
    });
    return { app, stacks };
  }

  test('the later stack is warned, naming the network of the other stack; the first stack is not', () => {
    const { stacks } = twoStacks();
    stacks.forEach((s) => Testing.synth(s, true));
    expect(warningsOf(stacks[0])).toEqual([]);
    const w = warningsOf(stacks[1]);
    expect(w).toEqual([
      expect.stringMatching(/^\[beta\/net\] network name "shared-net" is also used as alpha\/net in another stack on the same engine \(DOCKER_HOST\): deploying both stacks there fails at apply .*\[ack: docker-network-cdktf:other-stack-same-engine\]$/),
      expect.stringMatching(/^\[beta\/net\] subnet 10\.77\.0\.0\/24 overlaps 10\.77\.0\.0\/24 as alpha\/net/),
    ]);
  });

  test('another engine, or other names and subnets: nothing; acknowledged on the stack: nothing', () => {
    const warned = (stack: TerraformStack) => {
      Testing.synth(stack, true);
      return warningsOf(stack);
    };
    expect(warned(twoStacks({ endpoint: 'ssh://deploy@prod.example' }).stacks[1])).toEqual([]);
    expect(warned(twoStacks({ name: 'other-net', subnet: '10.78.0.0/24' }).stacks[1])).toEqual([]);
    const { stacks } = twoStacks();
    Warnings.of(stacks[1]).acknowledge('docker-network-cdktf:other-stack-same-engine', 'beta deploys to the production engine');
    expect(warned(stacks[1])).toEqual([]);
  });

  test('DNC_STRICT makes it an error', () => {
    const { stacks } = twoStacks();
    expect(strict(() => synthErrors(stacks[1])).join('\n')).toMatch(/network name "shared-net" is also used as alpha\/net/);
  });
});
