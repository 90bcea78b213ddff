import { Annotations } from 'cdktf';
import { IConstruct } from 'constructs';
import { Errors } from './errors';
import { withCheapCreationStacks } from './private/creation-stacks';
import { didYouMean } from './private/did-you-mean';
import { allWarningIds, isWarningId, WARNING_ID_PREFIX, warningIdOf } from './private/warning-ids';

/**
 * Context key that turns the library's unacknowledged warnings into synth errors (for CI):
 * `{"docker-network-cdktf:strict": true}`. See {@link Warnings.acknowledge}.
 */
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
 * True when unacknowledged warnings are errors: the context key {@link STRICT_CONTEXT_KEY} is true (cdktf.json `context`, or
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
 * The one channel for legal-but-risky input: each warning (a text from a message catalog, carrying its id as
 * `[ack: docker-network-cdktf:name]`) is printed at synth as a cdktf warning annotation on `scope` (once, however
 * often validation runs), unless `scope` or one of its parents acknowledged its id ({@link Warnings.acknowledge}).
 * In strict mode the unacknowledged ones come back as errors instead, to be returned from the construct's
 * validation, so that synth fails with them.
 * @internal
 */
export function reportWarnings(scope: IConstruct, warnings: readonly string[]): string[] {
  if (warnings.length === 0) return [];
  const seen = REPORTED.get(scope) ?? new Set<string>();
  REPORTED.set(scope, seen);
  const open: string[] = [];
  for (const w of warnings) {
    const reason = acknowledgementOf(scope, warningIdOf(w));
    if (reason === undefined) open.push(w);
    else if (!seen.has(`ack:${w}`)) {
      // Not printed, but kept in the tree for the topology report, with the reason, for review.
      seen.add(`ack:${w}`);
      scope.node.addMetadata(ACKNOWLEDGED_METADATA, { message: w, reason });
    }
  }
  if (open.length === 0) return [];
  if (isStrict(scope)) return open.map((w) => Errors.strictWarning(w));
  for (const w of open) {
    if (seen.has(w)) continue;
    seen.add(w);
    // No stack trace per warning: formatting one through source maps per static address was a visible share of a
    // large synth (DNC_CREATION_STACKS=1 keeps them).
    withCheapCreationStacks(() => Annotations.of(scope).addWarning(w));
  }
  return [];
}

const ACKNOWLEDGED = new WeakMap<IConstruct, Map<string, string>>();

/** The node metadata type of an acknowledged warning (`{ message, reason }`), which the topology report lists. */
export const ACKNOWLEDGED_METADATA = 'docker-network-cdktf:acknowledged-warning';

/** The reason `scope` or its nearest parent gave for acknowledging warning `id`, or undefined. */
function acknowledgementOf(scope: IConstruct, id: string): string | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const reason = ACKNOWLEDGED.get(scopes[i])?.get(id);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/**
 * Acknowledges the library's warnings on a construct and everything under it, one id at a time, as aws-cdk's
 * `Annotations.of(scope).acknowledgeWarning(id, reason)` does: an acknowledged warning is neither printed nor,
 * in strict mode, an error. Each warning prints its id as `[ack: docker-network-cdktf:...]`; README, "What is
 * checked", lists them all.
 *
 * ```ts
 * Warnings.of(service).acknowledge('docker-network-cdktf:swarm-published-port', 'the web port is the public entry');
 * ```
 */
export class Warnings {
  /** The acknowledgements of `scope` (an `App`, a stack, a construct): they cover `scope` and its children. */
  public static of(scope: IConstruct): Warnings {
    return new Warnings(scope);
  }

  /** Every warning id the library emits, as `docker-network-cdktf:name`. */
  public static get ids(): string[] {
    return allWarningIds();
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Accepts warning `id` on this scope and its children, for `reason` (kept for review: say why it is deliberate).
   * An unknown id or an empty reason is a synth error (with "did you mean" for a misspelt id), so a typo cannot
   * silently acknowledge nothing. Order does not matter: it covers warnings of constructs created later too.
   */
  public acknowledge(id: string, reason: string): void {
    let acks = ACKNOWLEDGED.get(this.scope);
    if (!acks) {
      acks = new Map();
      ACKNOWLEDGED.set(this.scope, acks);
      const mine = acks;
      this.scope.node.addValidation({ validate: () => [...mine.entries()].flatMap(([i, r]) => acknowledgementProblems(i, r)) });
    }
    acks.set(id, reason);
  }
}

function acknowledgementProblems(id: string, reason: string): string[] {
  const out: string[] = [];
  if (!isWarningId(id)) {
    const near = isWarningId(`${WARNING_ID_PREFIX}${id}`) ? `${WARNING_ID_PREFIX}${id}` : didYouMean(String(id), allWarningIds());
    out.push(Errors.unknownWarningId(id, near));
  }
  if (typeof reason !== 'string' || reason.trim() === '') out.push(Errors.acknowledgementWithoutReason(id));
  return out;
}

/** The warnings recorded on `scope` and its children, each as `[path] message`, for tests and reports. */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn' || m.type === 'warning').map((m) => `[${c.node.path}] ${m.data}`));
}
