import { TerraformStack, Testing } from 'cdktf';
import { ComposeProject, ComposeProjectProps, DockerHost } from '../../constructs';

/** A stack with one host and a ComposeProject from `yaml`. */
export function composeStack(yaml: string, props: Partial<ComposeProjectProps> = {}) {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const host = new DockerHost(stack, 'host');
  const project = new ComposeProject(stack, 'app', { yaml, file: 'compose.yml', env: {}, ...props });
  return { stack, host, project };
}

/** Validation messages (one per problem) or [] when synth succeeds. */
export function errorsOf(stack: TerraformStack): string[] {
  try {
    Testing.synth(stack, true);
    return [];
  } catch (e) {
    return (e as Error).message
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('['));
  }
}

/** Warnings recorded through cdktf Annotations under `scope`. */
export function warningsOf(scope: { node: { findAll(): { node: { metadata: { type: string; data: unknown }[] } }[] } }): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
}

export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

export function byName(json: any, type: string, name: string): any {
  const found = Object.values<any>(json.resource?.[type] ?? {}).filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}: ${Object.values<any>(json.resource?.[type] ?? {}).map((r) => r.name).join(', ')}`);
  return found[0];
}
