import { Fn, Op, Token } from 'cdktf';
import { ContainerErrors } from './container-errors';
import { parseGoDuration } from './private/grammar';

/**
 * A length of time, rendered the way the provider reads it back from the engine (Go's `time.Duration.String()`:
 * `30s`, `1m30s`, `1m0s`, `500ms`), so a second plan finds nothing to change.
 */
export class Duration {
  /** Whole or fractional milliseconds. Every factory takes a number token too (a `TerraformVariable`'s `numberValue`). */
  public static millis(ms: number): Duration {
    return Duration.of(ms, 'ms');
  }

  /** `s` seconds; a token `s` renders as `"${var.x}s"` (and `var.x` where whole seconds are written). */
  public static seconds(s: number): Duration {
    return Duration.of(s, 's');
  }

  public static minutes(m: number): Duration {
    return Duration.of(m, 'm');
  }

  public static hours(h: number): Duration {
    return Duration.of(h, 'h');
  }

  private static of(n: number, unit: 'ms' | 's' | 'm' | 'h'): Duration {
    const factor = UNIT_MILLIS[unit];
    if (!Token.isUnresolved(n)) return new Duration(n * factor);
    return new Duration(factor === 1 ? n : Token.asNumber(Op.mul(n, factor)), { value: n, unit });
  }

  /**
   * A Docker/Compose duration text in Go's notation (`time.ParseDuration`), such as `30s`, `1m30s`, `1h`, `500ms`,
   * `2.5s` or `0`. Units: h, m, s, ms, us (µs), ns; no spaces, no words (`30 seconds` is refused: write `30s`).
   * @throws an Error saying what is wrong with `text` and how to write it, when it is not such a duration
   */
  public static parse(text: string): Duration {
    if (Token.isUnresolved(text)) throw new Error(ContainerErrors.parseToken('Duration', 'Duration.seconds(variable.numberValue)'));
    const parsed = parseGoDuration(typeof text === 'string' ? text.trim() : text);
    if (!parsed.ok) throw new Error(parsed.problem);
    return new Duration(parsed.value);
  }

  private constructor(
    /** Milliseconds; a number token (a Terraform expression with the unit conversion) when made from a token. */
    public readonly milliseconds: number,
    private readonly token?: { readonly value: number; readonly unit: 'ms' | 's' | 'm' | 'h' },
  ) {}

  /** Whole seconds, rounded down (for a token in milliseconds: rounded up in Terraform, `ceil(var.x / 1000)`). */
  public toSeconds(): number {
    const t = this.token;
    if (t) return t.unit === 's' ? t.value : t.unit === 'ms' ? Token.asNumber(Fn.ceil(Op.div(t.value, 1000))) : Token.asNumber(Op.mul(t.value, UNIT_MILLIS[t.unit] / 1000));
    return Math.floor(this.milliseconds / 1000);
  }

  /**
   * True when the value is a finite, non-negative number within Go's `time.Duration` (about 292 years), which
   * Docker and the provider parse it into. Tokens are not checked.
   */
  public get valid(): boolean {
    if (this.token || Token.isUnresolved(this.milliseconds)) return true;
    return Number.isFinite(this.milliseconds) && this.milliseconds >= 0 && this.milliseconds <= MAX_GO_MILLIS;
  }

  /**
   * Go's `time.Duration.String()` of the value, e.g. `1m30s`, `0s`, `1h0m0s`, `500ms`; for a token, the token with
   * its unit (`"${var.x}s"`), which Go parses alike.
   */
  public toGoString(): string {
    if (this.token) return `${Token.asString(this.token.value)}${this.token.unit}`;
    if (Token.isUnresolved(this.milliseconds)) return `${Token.asString(this.milliseconds)}ms`;
    const ns = Math.round(this.milliseconds * 1_000_000);
    if (ns === 0) return '0s';
    if (ns < 1_000_000_000) {
      if (ns < 1000) return `${ns}ns`;
      if (ns < 1_000_000) return `${trim(ns / 1000)}µs`;
      return `${trim(ns / 1_000_000)}ms`;
    }
    const h = Math.floor(ns / 3_600_000_000_000);
    const m = Math.floor((ns % 3_600_000_000_000) / 60_000_000_000);
    const s = (ns % 60_000_000_000) / 1_000_000_000;
    const sec = `${trim(s)}s`;
    if (h > 0) return `${h}h${m}m${sec}`;
    if (m > 0) return `${m}m${sec}`;
    return sec;
  }

  /**
   * The form the provider reads swarm service durations back in (its `shortDur`): Go's string without a
   * trailing `0s`/`0m`, e.g. `1m`, `1m30s`, `1h`, `10s`.
   */
  public toSwarmString(): string {
    let s = this.toGoString();
    if (s.endsWith('m0s')) s = s.slice(0, -2);
    if (s.endsWith('h0m')) s = s.slice(0, -2);
    return s;
  }

  public toString(): string {
    return this.toGoString();
  }
}

const UNIT_MILLIS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The largest Go `time.Duration` (2^63-1 ns), in milliseconds. */
const MAX_GO_MILLIS = 9_223_372_036_854;

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
