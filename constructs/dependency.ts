import { Token } from 'cdktf';
import { ContainerErrors } from './container-errors';
import { Duration } from './duration';
import type { HealthCheck } from './health-check';

/** How a container waits for another. */
export interface DependsOnOptions {
  /**
   * `started`: after the other is created and started. `healthy`: after Docker reports it healthy (it needs a
   * health check), as Compose's `condition: service_healthy`. `completed`: after the other, a one-shot job
   * (`runToCompletion: true`), exited 0, as Compose's `service_completed_successfully`.
   * @default 'started'
   */
  readonly condition?: 'started' | 'healthy' | 'completed';
  /**
   * With `healthy`: how long the provider waits before the apply fails. Whole seconds (the provider's
   * `wait_timeout`); anything else, e.g. `Duration.millis(1500)`, is a synth error rather than rounded.
   * @default - the provider's 60 seconds
   */
  readonly timeout?: Duration;
}

/** What a dependency reads of the container depended on (a Container). @internal */
export interface DependencyTarget {
  readonly containerName: string;
  readonly healthCheck?: HealthCheck;
  /** True for a one-shot job (`runToCompletion`). */
  readonly runsToCompletion?: boolean;
}

/** One dependsOn() call. @internal */
export interface Dependency {
  readonly other: DependencyTarget;
  readonly condition: 'started' | 'healthy' | 'completed';
  readonly timeout?: Duration;
}

/** Problems of a container's dependencies. @internal */
export function dependencyProblems(self: DependencyTarget, deps: readonly Dependency[]): string[] {
  const out: string[] = [];
  for (const d of deps) {
    if (d.other === self) {
      out.push(ContainerErrors.dependsOnSelf());
      continue;
    }
    if (d.condition !== 'started' && d.condition !== 'healthy' && d.condition !== 'completed') out.push(ContainerErrors.unknownCondition(d.condition));
    if (d.condition === 'completed' && !d.other.runsToCompletion) out.push(ContainerErrors.dependsOnCompletedNotOneShot(d.other.containerName));
    if (d.condition === 'healthy') {
      const hc = d.other.healthCheck;
      if (!hc || !hc.enabled) out.push(ContainerErrors.dependsOnHealthyWithoutCheck(d.other.containerName));
    }
    if (d.timeout && Token.isUnresolved(d.timeout.milliseconds)) continue;
    if (d.timeout && (!d.timeout.valid || d.timeout.milliseconds < 1000)) out.push(ContainerErrors.badDuration('dependsOn timeout', d.timeout.toGoString()));
    else if (d.timeout && d.timeout.milliseconds % 1000 !== 0) out.push(ContainerErrors.durationNotWholeSeconds('dependsOn timeout', d.timeout.toGoString()));
  }
  return out;
}
