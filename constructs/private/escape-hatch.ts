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

/**
 * Watches the attributes a construct renders itself on its resource (`container.resource.env = ...`,
 * `putHost(...)`, `addOverride('ports', ...)`). Such a write would be overwritten by the library, or overwrite
 * the library's value, without a word; instead it is recorded (and not carried out) so the construct reports it
 * at synth, naming the API to use.
 */
export function guardRenderedAttributes(resource: TerraformResource, attrs: readonly RenderedAttribute[]): EscapeHatchGuard {
  let library = 0;
  const writes: { attribute: string; use: string }[] = [];
  const record = (a: RenderedAttribute) => {
    if (!writes.some((w) => w.attribute === a.attribute)) writes.push({ attribute: a.attribute, use: a.use });
  };
  const target = resource as unknown as Record<string, unknown>;
  for (const a of attrs) {
    for (const name of a.setters ?? []) {
      const d = findProperty(resource, name);
      if (!d?.set) continue;
      Object.defineProperty(resource, name, {
        configurable: true,
        get: d.get ? function (this: unknown) { return d.get!.call(this); } : undefined,
        set(this: unknown, v: unknown) {
          if (library > 0) d.set!.call(this, v);
          else record(a);
        },
      });
    }
    for (const name of a.methods ?? []) {
      const original = target[name] as ((...args: unknown[]) => unknown) | undefined;
      if (typeof original !== 'function') continue;
      target[name] = function (this: unknown, ...args: unknown[]) {
        if (library > 0) return original.apply(this, args);
        record(a);
        return undefined;
      };
    }
  }
  const addOverride = resource.addOverride;
  resource.addOverride = function (this: TerraformResource, path: string, value: unknown) {
    const a = attrs.find((x) => x.attribute === String(path).split('.')[0]);
    if (a && library === 0) {
      record(a);
      return;
    }
    addOverride.call(this, path, value);
  };
  return {
    write<T>(fn: () => T): T {
      library++;
      try {
        return fn();
      } finally {
        library--;
      }
    },
    writes,
  };
}

function findProperty(o: object, name: string): PropertyDescriptor | undefined {
  for (let p: object | null = o; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d;
  }
  return undefined;
}
