/**
 * The kreuzwerker/docker provider version a stack is written for, and every difference between the versions
 * that the library writes. `@cdktf/provider-docker` 12.0.3 describes 3.6.2, the default; upstream is at 4.x.
 *
 * What differs, and only this: {@link ProviderVersion.QUIRKS}, one row per difference, each unit-tested in
 * test/provider-version.test.ts and proved on a real engine by the suite, which runs every stack on both versions.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/latest/docs/guides/v3_v4_migration
 */
/** One difference between kreuzwerker/docker versions that the library writes around. */
export interface ProviderQuirk {
  /** A stable id, e.g. `container-cpus`. */
  readonly id: string;
  /** The attribute concerned, as Terraform names it. */
  readonly attribute: string;
  /** What the library writes (or refuses) on 3.6.2, and why. */
  readonly v3: string;
  /** What the library writes on 4.x. */
  readonly v4: string;
}

export class ProviderVersion {
  /**
   * Every difference between 3.6.2 and 4.x that the library writes around: the same table is in the README
   * ("Provider versions"), and test/provider-version.test.ts has a test per row.
   */
  public static readonly QUIRKS: readonly ProviderQuirk[] = [
    {
      id: 'required-version',
      attribute: 'terraform.required_providers.docker.version',
      v3: '`3.6.2`, exactly what @cdktf/provider-docker 12.0.3 describes',
      v4: 'the constraint given, e.g. `~> 4.6`',
    },
    {
      id: 'service-network-reference',
      attribute: 'docker_service task_spec.networks_advanced',
      v3: '`name`, holding the network id (3.x knows no `id`)',
      v4: '`id` (4.x reads the network back as `id`; `name` would replace the service on every plan)',
    },
    {
      id: 'container-cpus',
      attribute: 'docker_container.cpus',
      v3:
        '`cpu_period` = 100000 and `cpu_quota` = cpus x 100000 (the same CFS limit Docker sets for --cpus): 3.6.2 crashes on `cpus` ' +
        '(panic "interface {} is string, not float32", upstream issue #759)',
      v4: '`cpus`',
    },
    {
      id: 'service-tmpfs-options',
      attribute: 'docker_service task_spec.container_spec.mounts.tmpfs_options',
      v3:
        'refused at synth: 3.6.2 crashes on any tmpfs_options block of a service (panic "interface {} is int, not int64"); ' +
        'use ProviderVersion.v4(), or a service tmpfs mount without size and mode',
      v4: '`size_bytes` and `mode`',
    },
    {
      id: 'image-build-labels',
      attribute: 'docker_image build.labels / build.label',
      v3: '`labels`: 3.6.2 builds with the engine\'s builder (no `builder` given), which reads `labels` and ignores `label`',
      v4: '`label`: 4.x builds with buildx by default, which reads `label` and ignores `labels`',
    },
    {
      id: 'network-check-duplicate',
      attribute: 'docker_network.check_duplicate',
      v3: 'never written',
      v4: 'never written (removed in 4.x)',
    },
  ];

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

  /**
   * How a container's `cpus` limit is written: `cpus` on 4.x; `cpu_period` + `cpu_quota` on 3.x, whose
   * provider crashes on `cpus` (quirk `container-cpus`).
   */
  public get containerCpus(): 'cpus' | 'cpu-period-quota' {
    return this.major === 4 ? 'cpus' : 'cpu-period-quota';
  }

  /** False on 3.x, whose provider crashes on a service tmpfs mount's options (quirk `service-tmpfs-options`). */
  public get serviceTmpfsOptions(): boolean {
    return this.major === 4;
  }

  /** The docker_image `build` attribute the image labels go to (quirk `image-build-labels`). */
  public get imageBuildLabels(): 'labels' | 'label' {
    return this.major === 4 ? 'label' : 'labels';
  }

  public toString(): string {
    return this.constraint;
  }
}
