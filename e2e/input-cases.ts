/**
 * Issue 21 on a real engine: input the library used to refuse or mangle is accepted and means what it says
 * (host-gateway, an IPC sysctl, `TERM`, an upper-case ulimit name, a memory limit and grace period from Terraform
 * variables), and a 0.1-style escape-hatch `resource.dependsOn` still orders the containers.
 */
import { dependable, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, Duration, Size } from '../constructs';
import { ExampleStackProps, exampleHost, IDLE } from '../stacks/common';
import type { StackCase } from './cases';

/** Two idle containers with the inputs of issue 21 that Docker accepts. */
class AcceptedInputStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id);
    const { image } = exampleHost(this, props);
    const net = new BridgeNetwork(this, 'net', { name: 'in21-net' });
    const memory = new TerraformVariable(this, 'in21_memory_mib', { type: 'number', default: 48 });
    const grace = new TerraformVariable(this, 'in21_grace_seconds', { type: 'number', default: 3 });
    const first = new Container(this, 'first', { name: 'in21-first', image, command: [...IDLE], networks: [{ network: net }] });
    const second = new Container(this, 'second', {
      name: 'in21-second',
      image,
      command: [...IDLE],
      networks: [{ network: net }],
      memory: Size.mebibytes(memory.numberValue),
      stopGracePeriod: Duration.seconds(grace.numberValue),
      extraHosts: { 'host.docker.internal': 'host-gateway' },
      sysctls: { 'kernel.shmmax': '68719476736' },
      stopSignal: 'TERM',
      ulimits: { NOFILE: { soft: 1024, hard: 2048 } },
    });
    second.resource.dependsOn = [dependable(first.resource)]; // the way 0.1 stacks ordered containers
  }
}

export const INPUT_CASES: StackCase[] = [
  {
    name: 'issue21-accepted-input',
    build: (app, props) => new AcceptedInputStack(app, 'issue21-accepted-input', props),
    check(engine, c, _stack, json) {
      const second = () => engine.inspectContainer('in21-second');
      c.that('the escape-hatch depends_on is in the plan, merged', () => {
        const r = Object.values(JSON.parse(json).resource.docker_container as Record<string, any>).find((x) => x.name === 'in21-second');
        return { ok: JSON.stringify(r.depends_on).includes('docker_container.'), detail: JSON.stringify(r.depends_on) };
      });
      c.that('in21-first was created before in21-second', () => {
        const a = Date.parse(engine.inspectContainer('in21-first').Created);
        const b = Date.parse(second().Created);
        return { ok: a <= b, detail: `${a} ${b}` };
      });
      c.equal('memory from a variable of 48 MiB, stop timeout 3 s, SIGTERM, nofile, the IPC sysctl', () => {
        const s = second();
        return [s.HostConfig.Memory, s.Config.StopTimeout, s.Config.StopSignal, s.HostConfig.Ulimits.map((u: any) => [u.Name, u.Soft, u.Hard]), s.HostConfig.Sysctls['kernel.shmmax']];
      }, [48 * 1048576, 3, 'SIGTERM', [['nofile', 1024, 2048]], '68719476736']);
      c.that('host.docker.internal (host-gateway) is in /etc/hosts', () => {
        const hosts = engine.exec('in21-second', ['cat', '/etc/hosts']).stdout;
        return { ok: /^\d+\.\d+\.\d+\.\d+\s+host\.docker\.internal$/m.test(hosts), detail: hosts };
      });
    },
  },
];
