import { TerraformResource } from 'cdktf';

/** A rendered attribute: its Terraform name, the members of the generated class that write it, the API to use. */
export interface RenderedAttribute {
  readonly attribute: string;
  /** Property setters of the generated class, e.g. `env`. */
  readonly setters?: readonly string[];
  /** Methods of the generated class, e.g. `putHost`, `resetHost`. */
  readonly methods?: readonly string[];
  /** What to use instead, for the message. */
  readonly use: string;
}

/** A guarded resource: the library writes through `write`, anything else is recorded. */
export interface EscapeHatchGuard {
  /** Runs `fn` as the library (its writes pass). */
  write<T>(fn: () => T): T;
  /** The escape-hatch writes seen so far: attribute and the API to use. */
  readonly writes: readonly { readonly attribute: string; readonly use: string }[];
}

/** Where a guarded resource keeps its guard. */
const GUARD = Symbol('docker-network-cdktf escape-hatch guard');

/** The per-resource state of the guard: whether the library is writing, and what others wrote. */
class Guard implements EscapeHatchGuard {
  private library = 0;
  private recorded?: { attribute: string; use: string }[];

  public get writes(): readonly { readonly attribute: string; readonly use: string }[] {
    return this.recorded ?? [];
  }

  /** True while the library writes (its writes pass). */
  public get open(): boolean {
    return this.library > 0;
  }

  public write<T>(fn: () => T): T {
    this.library++;
    try {
      return fn();
    } finally {
      this.library--;
    }
  }

  public record(a: RenderedAttribute): void {
    const writes = (this.recorded ??= []);
    if (!writes.some((w) => w.attribute === a.attribute)) writes.push({ attribute: a.attribute, use: a.use });
  }
}

/** A guarded resource: the guard sits in one field, set once the generated constructor has run. */
interface Guarded {
  [GUARD]?: Guard;
}

/** The guard of `self` when a write must be recorded instead of carried out; undefined when the write passes. */
function blocking(self: unknown): Guard | undefined {
  const guard = (self as Guarded)[GUARD];
  return guard && !guard.open ? guard : undefined;
}

/**
 * A subclass of the generated resource class `base` that watches the attributes a construct renders itself
 * (`container.resource.env = ...`, `putHost(...)`, `addOverride('ports', ...)`). Such a write would be overwritten
 * by the library, or overwrite the library's value, without a word; instead it is recorded (and not carried out)
 * so the construct reports it at synth, naming the API to use ({@link escapeHatchGuardOf}).
 *
 * The watching members sit on the subclass's prototype, made once per class: a resource carries one field (its
 * guard), not a closure per member, which kept each `docker_container` in V8's slow dictionary mode (about 6 KB
 * each, a fifth of the library's heap at 20,000 containers). Writes made by the generated constructor pass.
 */
export function guardedResourceClass<B extends abstract new (...args: any[]) => TerraformResource>(base: B, attrs: readonly RenderedAttribute[]): B {
  abstract class GuardedResource extends base {
    public readonly [GUARD]: Guard = new Guard();
  }
  const proto = GuardedResource.prototype as unknown as Record<string, unknown>;
  for (const a of attrs) {
    for (const name of a.setters ?? []) {
      const d = findProperty(base.prototype, name);
      if (!d?.set) continue;
      Object.defineProperty(proto, name, {
        configurable: true,
        get: d.get
          ? function (this: unknown) {
              return d.get!.call(this);
            }
          : undefined,
        set(this: unknown, v: unknown) {
          const guard = blocking(this);
          if (guard) guard.record(a);
          else d.set!.call(this, v);
        },
      });
    }
    for (const name of a.methods ?? []) {
      const original = findProperty(base.prototype, name)?.value as ((...args: unknown[]) => unknown) | undefined;
      if (typeof original !== 'function') continue;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        const guard = blocking(this);
        if (!guard) return original.apply(this, args);
        guard.record(a);
        return undefined;
      };
    }
  }
  const addOverride = findProperty(base.prototype, 'addOverride')!.value as TerraformResource['addOverride'];
  proto.addOverride = function (this: TerraformResource, path: string, value: unknown) {
    const a = attrs.find((x) => x.attribute === String(path).split('.')[0]);
    const guard = a ? blocking(this) : undefined;
    if (a && guard) guard.record(a);
    else addOverride.call(this, path, value);
  };
  return GuardedResource;
}

/** The guard of a resource made from a {@link guardedResourceClass}. */
export function escapeHatchGuardOf(resource: TerraformResource): EscapeHatchGuard {
  const guard = (resource as Guarded)[GUARD];
  if (!guard) throw new Error(`${resource.node.path} is not a guarded resource`);
  return guard;
}

function findProperty(o: object, name: string): PropertyDescriptor | undefined {
  for (let p: object | null = o; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d;
  }
  return undefined;
}
