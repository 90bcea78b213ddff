import { Volume as VolumeResource } from '@cdktf/provider-docker/lib/volume';
import { Construct } from 'constructs';
import { ContainerErrors } from './container-errors';
import { DockerHost } from './docker-host';
import type { InsecureOptions } from './security';
import { sensitiveBindReason, volumeHostBind } from './private/sensitive-paths';
import { withCheapCreationStacks } from './private/creation-stacks';
import { checkName, labelList } from './private/ipam';
import { ownershipLabels } from './private/ownership';
import { literalAttributes } from './private/terraform-literal';

/** A named Docker volume a container or service can mount. */
export interface IVolume {
  /** The volume's name on the engine (a token for a created volume, so mounts wait for it). */
  readonly volumeName: string;
  /** The host it lives on, or undefined for a volume known only by name (swarm nodes create their own). */
  readonly host?: DockerHost;
  /**
   * The host path the volume mounts, when its driver options make it a bind (`local` driver with `o: bind` and a
   * `device`): a mount of the volume is checked as a bind mount of that path.
   * @default - none: a volume with its own storage
   */
  readonly hostBind?: VolumeHostBind;
}

/** The host path behind a volume created with the `local` driver's bind options. */
export interface VolumeHostBind {
  /** The host path (`device`). */
  readonly path: string;
  /** True when the options mount it read-only (`o: bind,ro`). */
  readonly readOnly: boolean;
}

/** Properties of a {@link Volume}. */
export interface VolumeProps {
  /**
   * The volume name on the engine.
   * @default - the construct id
   */
  readonly name?: string;
  /** @default - the only DockerHost of the stack */
  readonly host?: DockerHost;
  /**
   * Volume driver.
   * @default - the engine's `local`
   */
  readonly driver?: string;
  /**
   * Driver options (`docker volume create -o`), e.g. `{ type: 'tmpfs', device: 'tmpfs' }` for `local`.
   * @default - none
   */
  readonly driverOptions?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Explicit opt-outs: `{ sensitiveMounts: true }` allows driver options that bind a sensitive host path
   * (`{ type: 'none', o: 'bind', device: '/var/run' }`), as for a bind mount. Containers and services that mount
   * the volume need the same opt-out.
   * @default - a volume binding a sensitive host path is refused
   */
  readonly insecure?: Pick<InsecureOptions, 'sensitiveMounts'>;
}

/**
 * A named Docker volume owned by the stack (`docker_volume`). `terraform destroy` removes it with its data, after
 * the containers that mount it; a volume that must outlive the stack is created outside it and mounted through
 * {@link Volume.fromName}, which the stack never creates or removes (Compose's `external: true`).
 *
 * Replacing a container keeps the volume and its data: only the container is recreated.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/volume
 */
export class Volume extends Construct implements IVolume {
  /**
   * A volume the stack does not manage, by name. Docker creates it on first mount (with the `local` driver)
   * if it does not exist; destroy leaves it and its data alone.
   */
  public static fromName(name: string): IVolume {
    return { volumeName: name };
  }

  public readonly host: DockerHost;
  public readonly volumeName: string;
  /** The host path its driver options bind (`o: bind`, `device`), if any: mounts of it are checked as binds. */
  public readonly hostBind?: VolumeHostBind;
  /** The `docker_volume` resource (the escape hatch for attributes not covered here). */
  public readonly resource: VolumeResource;

  constructor(scope: Construct, id: string, givenProps: VolumeProps = {}) {
    super(scope, id);
    const props: VolumeProps = givenProps ?? {}; // null from plain JavaScript: the defaults
    this.host = DockerHost.of(this, props.host);
    const name = props.name ?? id;
    const problems: string[] = [];
    const p = checkName('volume', name);
    if (p) problems.push(p);
    this.hostBind = volumeHostBind(props.driver, props.driverOptions);
    if (this.hostBind) {
      const why = this.hostBind.path.startsWith('/') ? sensitiveBindReason(this.hostBind.path, this.hostBind.readOnly) : undefined;
      if (why && !props.insecure?.sensitiveMounts) problems.push(ContainerErrors.sensitiveVolumeBind(name, this.hostBind.path, why, 'on the Volume'));
    }
    this.resource = withCheapCreationStacks(
      () =>
        literalAttributes(new VolumeResource(this, 'volume', {
          provider: this.host.provider,
          name,
          driver: props.driver,
          driverOpts: props.driverOptions && Object.keys(props.driverOptions).length > 0 ? { ...props.driverOptions } : undefined,
          labels: labelList({ ...props.labels, ...ownershipLabels(this, this.host) }),
        })),
    );
    this.volumeName = this.resource.name;
    this.host._registry.addName('volume', this, name);
    this.node.addValidation({ validate: () => [...problems, ...this.host._registry.problemsFor(this)] });
  }
}
