import { Annotations } from 'cdktf';
import { IConstruct } from 'constructs';
import { withCheapCreationStacks } from './private/creation-stacks';

/** Context key that turns the library's warnings into synth errors (for CI): `{"docker-network-cdktf:strict": true}`. */
export const STRICT_CONTEXT_KEY = 'docker-network-cdktf:strict';

/**
 * True when warnings are errors: the context key {@link STRICT_CONTEXT_KEY} is true (cdktf.json `context`, or
 * `new App({ context })`), or the environment variable `DNC_STRICT` is `1` or `true`.
 */
export function isStrict(scope: IConstruct): boolean {
  const env = process.env.DNC_STRICT;
  if (env === '1' || env === 'true') return true;
  const ctx = scope.node.tryGetContext(STRICT_CONTEXT_KEY);
  return ctx === true || ctx === 'true';
}

const REPORTED = new WeakMap<IConstruct, Set<string>>();

/**
 * The one channel for legal-but-risky input: each warning is printed at synth as a cdktf warning annotation on
 * `scope` (once, however often validation runs). In strict mode they come back as errors instead, to be
 * returned from the construct's validation, so that synth fails with them.
 * @internal
 */
export function reportWarnings(scope: IConstruct, warnings: readonly string[]): string[] {
  if (warnings.length === 0) return [];
  if (isStrict(scope)) return warnings.map((w) => `${w} (a warning, an error in strict mode)`);
  const seen = REPORTED.get(scope) ?? new Set<string>();
  REPORTED.set(scope, seen);
  for (const w of warnings) {
    if (seen.has(w)) continue;
    seen.add(w);
    // No stack trace per warning: formatting one through source maps per static address was a visible share of a
    // large synth (DNC_CREATION_STACKS=1 keeps them).
    withCheapCreationStacks(() => Annotations.of(scope).addWarning(w));
  }
  return [];
}

/** The warnings recorded on `scope` and its children, each as `[path] message`, for tests and reports. */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn' || m.type === 'warning').map((m) => `[${c.node.path}] ${m.data}`));
}
