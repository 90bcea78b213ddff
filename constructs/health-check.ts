import { Token } from 'cdktf';
import { Duration } from './duration';
import { ContainerErrors } from './container-errors';

/** When and how often a {@link HealthCheck} runs. */
export interface HealthCheckOptions {
  /**
   * Time between two checks.
   * @default - Docker's 30s
   */
  readonly interval?: Duration;
  /**
   * How long one check may run before it counts as failed.
   * @default - Docker's 30s
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures that make the container unhealthy.
   * @default - Docker's 3
   */
  readonly retries?: number;
  /**
   * Time to start up, during which failures do not count.
   * @default - Docker's 0s
   */
  readonly startPeriod?: Duration;
}

/** The provider's healthcheck block (same shape on docker_container and docker_service). @internal */
export interface RenderedHealthCheck {
  test: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  startPeriod?: string;
}

/**
 * A container health check (`HEALTHCHECK` / `--health-cmd`). Durations are written as the provider reads them
 * back (`1m30s`), so a second plan is empty.
 *
 * @see https://docs.docker.com/reference/dockerfile/#healthcheck
 */
export class HealthCheck {
  /** Runs `argv` directly (`CMD`), e.g. `['wget', '-q', '-O-', 'http://localhost/']`; exit 0 is healthy. */
  public static command(argv: readonly string[], options: HealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(['CMD', ...argv], options);
  }

  /** Runs `script` with the image's `/bin/sh -c` (`CMD-SHELL`), e.g. `test -f /data/ready`. */
  public static shell(script: string, options: HealthCheckOptions = {}): HealthCheck {
    return new HealthCheck(['CMD-SHELL', script], options);
  }

  /** Disables the image's own health check (`NONE`). */
  public static none(): HealthCheck {
    return new HealthCheck(['NONE'], {});
  }

  private constructor(
    /** The `test` array as Docker stores it (`CMD ...`, `CMD-SHELL ...`, `NONE`). */
    public readonly test: readonly string[],
    public readonly options: HealthCheckOptions,
  ) {}

  /** True unless it is {@link none}. */
  public get enabled(): boolean {
    return this.test[0] !== 'NONE';
  }

  /** Problems with the values, for a validation; tokens pass. */
  public problems(): string[] {
    const out: string[] = [];
    const argv = this.test.slice(1);
    if (this.enabled && (argv.length === 0 || argv.every((a) => !Token.isUnresolved(a) && a.trim() === ''))) out.push(ContainerErrors.emptyHealthCommand());
    for (const field of ['interval', 'timeout', 'startPeriod'] as const) {
      const d = this.options[field];
      if (d === undefined || Token.isUnresolved(d.milliseconds)) continue;
      if (!d.valid) out.push(ContainerErrors.badDuration(`healthCheck.${field}`, String(d.milliseconds)));
      else if (field !== 'startPeriod' && d.milliseconds > 0 && d.milliseconds < 1) out.push(ContainerErrors.badDuration(`healthCheck.${field}`, d.toGoString()));
    }
    const r = this.options.retries;
    if (r !== undefined && !Token.isUnresolved(r) && (!Number.isInteger(r) || r < 0)) out.push(ContainerErrors.badCount('healthCheck.retries', r));
    return out;
  }

  /** `swarm`: durations as the provider reads a service's back (`1m`, not `1m0s`). @internal */
  public _render(style: 'container' | 'swarm' = 'container'): RenderedHealthCheck {
    const o = this.options;
    const d = (x?: Duration) => (x === undefined ? undefined : style === 'swarm' ? x.toSwarmString() : x.toGoString());
    return {
      test: [...this.test],
      interval: d(o.interval),
      timeout: d(o.timeout),
      retries: o.retries,
      startPeriod: d(o.startPeriod),
    };
  }
}
