/**
 * The kreuzwerker/docker provider version a stack is written for, and every difference between the versions
 * that the library writes. `@cdktf/provider-docker` 12.0.3 describes 3.6.2, the default; upstream is at 4.x.
 *
 * What differs, and only this (each difference is unit-tested in test/provider-version.test.ts):
 * - `terraform.required_providers.docker.version`: the version or constraint given here;
 * - `docker_service` `task_spec.networks_advanced`: 3.x knows only `name` (the library writes the network id
 *   there); 4.x deprecates `name` and reads the network back as `id`, so `name` would replace the service on
 *   every plan. The library writes `id` on 4.x.
 * - `docker_network.check_duplicate` is removed in 4.x: the library never writes it, on any version.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/latest/docs/guides/v3_v4_migration
 */
export class ProviderVersion {
  /** kreuzwerker/docker 3.6.2, pinned exactly: what `@cdktf/provider-docker` 12.0.3 describes. */
  public static readonly V3_6_2 = new ProviderVersion('3.6.2');

  /**
   * A kreuzwerker/docker 4.x release or constraint: `4.6.0`, `~> 4.6`, `>= 4.0, < 5.0`, or the label of a
   * build in a filesystem mirror such as `4.6.1-dev`. It must name major version 4 (checked at synth).
   */
  public static v4(constraint = '~> 4.0'): ProviderVersion {
    return new ProviderVersion(constraint);
  }

  /**
   * A version or constraint given as text (e.g. from an environment variable): `3.6.2` or a 3.x constraint
   * behaves as {@link ProviderVersion.V3_6_2} does, a 4.x one as {@link ProviderVersion.v4}.
   */
  public static of(constraint: string): ProviderVersion {
    return constraint.trim() === '3.6.2' ? ProviderVersion.V3_6_2 : new ProviderVersion(constraint.trim());
  }

  /**
   * The major version the library writes for: the first number of the constraint, 3 or 4. Undefined when it is
   * neither, or when the constraint is open-ended upwards (`>= 3.6` without `<`), so that Terraform could pick
   * a major the stack was not written for.
   */
  public readonly major: 3 | 4 | undefined;

  private constructor(
    /** What `required_providers.docker.version` says. */
    public readonly constraint: string,
  ) {
    const first = /\d+/.exec(constraint)?.[0];
    const openEnded = /(^|[^~])>/.test(constraint) && !/</.test(constraint);
    this.major = !openEnded && (first === '3' || first === '4') ? (Number(first) as 3 | 4) : undefined;
  }

  /** True for the default, 3.6.2: nothing is written beyond what the bindings write. */
  public get isDefault(): boolean {
    return this === ProviderVersion.V3_6_2;
  }

  /** The `docker_service` `task_spec.networks_advanced` attribute that holds the network id. */
  public get serviceNetworkAttribute(): 'name' | 'id' {
    return this.major === 4 ? 'id' : 'name';
  }

  public toString(): string {
    return this.constraint;
  }
}
