import 'cdktf/lib/testing/adapters/jest';
import { TerraformStack, Testing } from 'cdktf';
import { DockerHost, DockerHostProps } from '../constructs';

/** A stack with one default Docker host. */
export function newStack(hostProps: DockerHostProps = {}): { stack: TerraformStack; host: DockerHost } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const host = new DockerHost(stack, 'host', hostProps);
  return { stack, host };
}

/** Synthesizes with validations on; returns the JSON text. */
export function synth(stack: TerraformStack): string {
  return Testing.synth(stack, true);
}

/** The validation messages a synth fails with (one string per problem), or [] when it succeeds. */
export function synthErrors(stack: TerraformStack): string[] {
  try {
    Testing.synth(stack, true);
    return [];
  } catch (e) {
    const msg = (e as Error).message;
    return msg
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('['));
  }
}

/** Resources of one type in a synthesized stack, by logical id. */
export function resources(json: string, type: string): Record<string, any> {
  return JSON.parse(json).resource?.[type] ?? {};
}

/** The only resource of a type whose `name` is `name`. */
export function resourceNamed(json: string, type: string, name: string): any {
  const found = Object.values(resources(json, type)).filter((r: any) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** Runs `fn` with CI unset, for examples that rely on AddressPlan's default (write the lock file unless CI). */
export function withoutCI<T>(fn: () => T): T {
  const ci = process.env.CI;
  delete process.env.CI;
  try {
    return fn();
  } finally {
    if (ci !== undefined) process.env.CI = ci;
  }
}
