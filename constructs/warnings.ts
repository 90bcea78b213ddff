import { Annotations } from 'cdktf';
import { IConstruct } from 'constructs';
import { Errors } from './errors';
import { withCheapCreationStacks } from './private/creation-stacks';

/** Context key that turns the library's warnings into synth errors (for CI): `{"docker-network-cdktf:strict": true}`. */
export const STRICT_CONTEXT_KEY = 'docker-network-cdktf:strict';

const STRICT_ON = ['1', 'true', 'yes', 'on'];
const STRICT_OFF = ['', '0', 'false', 'no', 'off'];

/**
 * `DNC_STRICT` as read: `on` for `1`, `true`, `yes`, `on`; `off` when unset or `0`, `false`, `no`, `off`, `""`
 * (any case, spaces around ignored); `unknown` for anything else, which is strict too and reported.
 */
function strictEnv(): 'on' | 'off' | 'unknown' {
  const env = process.env.DNC_STRICT;
  if (env === undefined) return 'off';
  const v = env.trim().toLowerCase();
  return STRICT_ON.includes(v) ? 'on' : STRICT_OFF.includes(v) ? 'off' : 'unknown';
}

/**
 * True when warnings are errors: the context key {@link STRICT_CONTEXT_KEY} is true (cdktf.json `context`, or
 * `new App({ context })`), or the environment variable `DNC_STRICT` is `1`, `true`, `yes` or `on` (any case).
 * An unknown value of `DNC_STRICT` counts as strict, and {@link strictSettingProblems} reports it.
 */
export function isStrict(scope: IConstruct): boolean {
  if (strictEnv() !== 'off') return true;
  const ctx = scope.node.tryGetContext(STRICT_CONTEXT_KEY);
  return ctx === true || ctx === 'true';
}

/** A problem with the value of `DNC_STRICT`, for a validation (an unknown value is not silently lenient). @internal */
export function strictSettingProblems(): string[] {
  if (strictEnv() !== 'unknown') return [];
  return [Errors.badStrictSetting(process.env.DNC_STRICT ?? '', STRICT_ON, STRICT_OFF.filter((x) => x))];
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
