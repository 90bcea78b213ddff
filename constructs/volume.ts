import { Volume as VolumeResource } from '@cdktf/provider-docker/lib/volume';
import { Construct } from 'constructs';
import { ContainerErrors } from './container-errors';
import { DockerHost } from './docker-host';
import type { InsecureOptions } from './security';
import { sensitiveBindReason, volumeHostBind } from './private/sensitive-paths';
import { withCheapCreationStacks } from './private/creation-stacks';
import { checkName, labelList } from './private/ipam';
import { ownershipLabels, reservedLabelProblems } from './private/ownership';
import { StackRegistry } from './private/stack-registry';
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

/**
 * What happens to a {@link Volume} and its data when the stack is destroyed (`terraform destroy`, `cdktf destroy`)
 * or the construct is removed from the code.
 */
export enum RemovalPolicy {
  /**
   * Keep the volume and its data, as `docker compose down` does. The stack does not create the volume as a
   * `docker_volume`: the engine creates it (local driver, no options) when the first container that mounts it is
   * created, and keeps it when containers are removed. A later deploy mounts the volume that is still there, with
   * its data. `docker volume rm <name>` removes it for good.
   */
  RETAIN = 'retain',
  /**
   * Remove the volume and its data with the stack, as `docker compose down -v` does: the volume is a
   * `docker_volume` of the stack (needed for a driver, driver options or labels).
   */
  DESTROY = 'destroy',
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
  /**
   * What destroying the stack does with the volume and its data. `RETAIN` keeps them (Compose's `down`);
   * `DESTROY` removes them (Compose's `down -v`) and is needed for `driver`, `driverOptions` and `labels`, which the
   * provider can only set on a `docker_volume`, and a `docker_volume` is removed by destroy.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The messages of a Volume. */
const VolumeErrors = {
  retainedWithOptions: (name: string, given: string[]) =>
    `volume ${name} keeps its data on destroy (removalPolicy RETAIN, the default), so the engine creates it and it cannot take ` +
    `${given.join(', ')}: only a docker_volume can, and destroy removes a docker_volume with its data. ` +
    `Choose one: removalPolicy: RemovalPolicy.DESTROY (removed with the stack, as docker compose down -v), or leave out ${given.join(', ')}, ` +
    `or create the volume outside the stack and mount it with Volume.fromName('${name}')`,
};

/**
 * A named Docker volume of the stack. By default ({@link RemovalPolicy.RETAIN}) destroying the stack keeps it and
 * its data, as `docker compose down` does, and a later deploy mounts it again; with {@link RemovalPolicy.DESTROY}
 * it is a `docker_volume`, removed with its data after the containers that mount it (`docker compose down -v`).
 * A volume created outside the stack is mounted through {@link Volume.fromName} (Compose's `external: true`).
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
  /**
   * The `docker_volume` resource (the escape hatch for attributes not covered here); only with
   * `removalPolicy: RemovalPolicy.DESTROY`: a retained volume is created by the engine, not by the stack.
   */
  public readonly resource?: VolumeResource;
  /** What destroying the stack does with the volume. */
  public readonly removalPolicy: RemovalPolicy;

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
    problems.push(...reservedLabelProblems(props.labels));
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (this.removalPolicy === RemovalPolicy.DESTROY) {
      this.resource = withCheapCreationStacks(
        () =>
          literalAttributes(new VolumeResource(this, 'volume', {
            provider: this.host.provider,
            name,
            driver: props.driver,
            driverOpts: props.driverOptions && Object.keys(props.driverOptions).length > 0 ? { ...props.driverOptions } : undefined,
            labels: labelList({ ...props.labels, ...ownershipLabels(this, this.host, { deployment: false }) }),
          })),
      );
      this.volumeName = this.resource.name;
    } else {
      const given = [
        props.driver !== undefined ? 'driver' : '',
        props.driverOptions && Object.keys(props.driverOptions).length > 0 ? 'driverOptions' : '',
        props.labels && Object.keys(props.labels).length > 0 ? 'labels' : '',
      ].filter(Boolean);
      if (given.length > 0) problems.push(VolumeErrors.retainedWithOptions(name, given));
      this.volumeName = name;
      // A stack synthesized by 0.2 holds this volume as a docker_volume: without a `removed` block, the first
      // deploy after the upgrade would destroy it with its data. Terraform forgets it instead (Terraform 1.7+).
      // The empty child 'volume' is where 0.2's docker_volume was: its path gives the same address.
      StackRegistry.of(this).forget('docker_volume', new Construct(this, 'volume'));
    }
    this.host._registry.addName('volume', this, name);
    this.node.addValidation({ validate: () => [...problems, ...this.host._registry.problemsFor(this)] });
  }
}
