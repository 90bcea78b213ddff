/**
 * The topology of the deploy benchmark, written three ways: a stack built with the library, a docker CLI script,
 * and a Compose file. N bridge networks (10.64.0.0/24, 10.64.1.0/24, ...), each with 5 containers at static
 * addresses .10-.14 and an alias, with the library's secure defaults (cap-drop ALL, no-new-privileges, nothing
 * published, restart no). Pure functions: no engine, no Terraform.
 */
import { TerraformStack } from 'cdktf';
import { stringify } from 'yaml';
import { BridgeNetwork, Container, DockerHost } from '../constructs';

/** What every container runs: busybox `sleep`, which ignores SIGTERM as PID 1 (as many real images do). */
export const COMMAND: readonly string[] = ['sleep', '2147483647'];

export interface Topology {
  readonly networks: number;
  readonly perNetwork: number;
  readonly image: string;
}

export interface NetworkSpec {
  readonly name: string;
  readonly subnet: string;
  readonly containers: readonly { name: string; ip: string; alias: string }[];
}

/** The objects, in order. 10.64.0.0/14 holds 1,024 /24s. */
export function specs(t: Topology): NetworkSpec[] {
  if (t.networks > 1024) throw new Error(`at most 1024 networks fit 10.64.0.0/14; asked for ${t.networks}`);
  return Array.from({ length: t.networks }, (_, i) => {
    const prefix = `10.${64 + (i >> 8)}.${i & 255}`;
    return {
      name: `b${i}`,
      subnet: `${prefix}.0/24`,
      containers: Array.from({ length: t.perNetwork }, (_, j) => ({ name: `b${i}-${j}`, ip: `${prefix}.${10 + j}`, alias: `svc${j}` })),
    };
  });
}

/** The library's stack, as a user writes it (the image through `host.image()`, as the example stacks do). */
export function buildStack(stack: TerraformStack, t: Topology): void {
  const host = new DockerHost(stack, 'host');
  const image = host.image(t.image);
  for (const n of specs(t)) {
    const net = new BridgeNetwork(stack, n.name, { subnet: n.subnet });
    for (const c of n.containers) {
      new Container(stack, c.name, { image, command: COMMAND, networks: [{ network: net, ipv4Address: c.ip, aliases: [c.alias] }] });
    }
  }
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** bash that waits for every background job and fails when one did. */
function waitAll(): string {
  return 'for p in "${pids[@]}"; do wait "$p" || fail=1; done; pids=()';
}

/** Networks one by one; each network's containers started in parallel. */
export function cliCreateScript(t: Topology): string {
  const lines = ['set -u', 'fail=0', 'pids=()'];
  for (const n of specs(t)) {
    lines.push(`docker network create --driver bridge --subnet ${n.subnet} ${n.name} >/dev/null || exit 1`);
    for (const c of n.containers) {
      const args = ['docker', 'run', '-d', '--name', c.name, '--network', n.name, '--ip', c.ip, '--network-alias', c.alias];
      args.push('--cap-drop', 'ALL', '--security-opt', 'no-new-privileges:true', '--restart', 'no', t.image, ...COMMAND);
      lines.push(`${args.map(quote).join(' ')} >/dev/null & pids+=($!)`);
    }
    lines.push(waitAll());
  }
  lines.push('exit $fail');
  return lines.join('\n') + '\n';
}

/** Per network: its containers removed in parallel (`docker rm -f`, as `terraform destroy` kills), then it. */
export function cliRemoveScript(t: Topology): string {
  const lines = ['set -u', 'fail=0', 'pids=()'];
  for (const n of specs(t)) {
    for (const c of n.containers) lines.push(`docker rm -f ${c.name} >/dev/null & pids+=($!)`);
    lines.push(waitAll());
    lines.push(`docker network rm ${n.name} >/dev/null || fail=1`);
  }
  lines.push('exit $fail');
  return lines.join('\n') + '\n';
}

/** A Compose file (format 2.4, which docker-compose 1.29 reads) holding the same objects under the same names. */
export function composeFile(t: Topology): string {
  const services: Record<string, unknown> = {};
  const networks: Record<string, unknown> = {};
  for (const n of specs(t)) {
    networks[n.name] = { name: n.name, driver: 'bridge', ipam: { config: [{ subnet: n.subnet }] } };
    for (const c of n.containers) {
      services[c.name] = {
        image: t.image,
        container_name: c.name,
        command: [...COMMAND],
        cap_drop: ['ALL'],
        security_opt: ['no-new-privileges:true'],
        restart: 'no',
        networks: { [n.name]: { ipv4_address: c.ip, aliases: [c.alias] } },
      };
    }
  }
  // Strings quoted: YAML 1.1 (what Compose reads) takes a bare `no` as false.
  return stringify({ version: '2.4', services, networks }, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}
