import { ContainerMounts } from '@cdktf/provider-docker/lib/container';
import { ServiceTaskSpecContainerSpecMounts } from '@cdktf/provider-docker/lib/service';
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import * as path from 'path';
import { ContainerErrors } from './container-errors';
import { nameProblem } from './private/names';
import { sensitiveBindReason } from './private/sensitive-paths';
import { Size } from './size';
import type { IVolume } from './volume';

/** Options of a volume mount. */
export interface VolumeMountOptions {
  /** @default false - the container may write */
  readonly readOnly?: boolean;
  /**
   * Do not copy the image's files at the target into an empty volume on first mount.
   * @default false - Docker copies them
   */
  readonly noCopy?: boolean;
}

/** Options of a bind mount. */
export interface BindMountOptions {
  /**
   * Let the container write to the host directory. Bind mounts are read-only unless asked.
   * @default false
   */
  readonly readWrite?: boolean;
}

/** Options of a tmpfs mount. */
export interface TmpfsMountOptions {
  /** @default - unlimited (half the host's memory, the kernel's default) */
  readonly size?: Size;
  /**
   * Permission bits of the mount's root, 0 to 0o777, e.g. `0o755` (the provider cannot carry the sticky bit
   * of Docker's default).
   * @default - Docker's 1777 (world-writable, sticky)
   */
  readonly mode?: number;
}

/** Opt-outs that concern mounts. */
export interface MountPolicy {
  /** Allow bind mounts of sensitive host paths and the Docker socket. */
  readonly sensitiveMounts?: boolean;
}

export { sensitiveBindReason };

/**
 * Something mounted into a container or a service's tasks: a named volume, a host directory (bind) or a
 * tmpfs. Bind mounts are read-only unless asked, and refuse sensitive host paths and the Docker socket.
 */
export class Mount {
  /** The named volume `volume` at `target` (`--mount type=volume`). */
  public static volume(volume: IVolume, target: string, options: VolumeMountOptions = {}): Mount {
    return new Mount('volume', target, volume.volumeName, options.readOnly ?? false, volume, options.noCopy);
  }

  /** The host directory or file `source` at `target`, read-only unless `readWrite` (`--mount type=bind`). */
  public static bind(source: string, target: string, options: BindMountOptions = {}): Mount {
    return new Mount('bind', target, source, !(options.readWrite ?? false));
  }

  /** A memory-backed file system at `target` (`--mount type=tmpfs`), e.g. for /tmp under a read-only root. */
  public static tmpfs(target: string, options: TmpfsMountOptions = {}): Mount {
    return new Mount('tmpfs', target, undefined, false, undefined, undefined, options);
  }

  private constructor(
    public readonly type: 'volume' | 'bind' | 'tmpfs',
    public readonly target: string,
    public readonly source: string | undefined,
    public readonly readOnly: boolean,
    public readonly volume?: IVolume,
    private readonly noCopy?: boolean,
    private readonly tmpfsOptions: TmpfsMountOptions = {},
  ) {}

  /** Problems with this mount, for a validation; tokens pass. */
  public problems(policy: MountPolicy = {}): string[] {
    const out: string[] = [];
    if (!Token.isUnresolved(this.target) && !this.target.startsWith('/')) out.push(ContainerErrors.relativeTarget(`${this.type} mount target`, this.target));
    else if (!Token.isUnresolved(this.target) && normalizeTarget(this.target) === '/') out.push(ContainerErrors.mountAtRoot(this.type));
    if (this.type === 'volume') {
      const p = nameProblem('volume', this.source as string);
      if (p) out.push(`volume mount at ${this.target}: ${p}`);
    }
    if (this.type === 'bind' && this.source !== undefined && !Token.isUnresolved(this.source)) {
      if (!this.source.startsWith('/')) out.push(ContainerErrors.relativeSource(this.source));
      else {
        const why = sensitiveBindReason(this.source, this.readOnly);
        if (why && !policy.sensitiveMounts) out.push(ContainerErrors.sensitiveBind(this.source, why));
      }
    }
    // A volume whose driver options bind a host path is a bind mount of that path (read-only if either says so).
    const hb = this.type === 'volume' ? this.volume?.hostBind : undefined;
    if (hb && hb.path.startsWith('/') && !policy.sensitiveMounts) {
      const why = sensitiveBindReason(hb.path, hb.readOnly || this.readOnly);
      const v = this.volume as IVolume & Partial<IConstruct>;
      if (why) out.push(ContainerErrors.sensitiveVolumeBind(v.node?.path ?? String(this.source), hb.path, why, 'on this container or service (and on the Volume)'));
    }
    const t = this.tmpfsOptions;
    if (t.size && !t.size.valid) out.push(ContainerErrors.badSize('tmpfs size', String(t.size.bytes)));
    if (t.mode !== undefined && !Token.isUnresolved(t.mode) && (!Number.isInteger(t.mode) || t.mode < 0 || t.mode > 0o777)) out.push(ContainerErrors.tmpfsMode(t.mode));
    return out;
  }

  /** @internal */
  public _renderContainer(): ContainerMounts {
    return this.render();
  }

  /** For a service, a volume mount names the volume: each node creates it locally on first use. @internal */
  public _renderService(): ServiceTaskSpecContainerSpecMounts {
    return this.render();
  }

  /** The mount block; containers and services take the same shape. */
  private render(): ContainerMounts & ServiceTaskSpecContainerSpecMounts {
    return {
      type: this.type,
      target: this.target,
      source: this.source,
      readOnly: this.readOnly ? true : undefined,
      volumeOptions: this.noCopy ? { noCopy: true } : undefined,
      tmpfsOptions: this.tmpfsBlock(),
    };
  }

  private tmpfsBlock(): { sizeBytes?: number; mode?: number } | undefined {
    const t = this.tmpfsOptions;
    if (this.type !== 'tmpfs' || (t.size === undefined && t.mode === undefined)) return undefined;
    return { sizeBytes: t.size?.bytes, mode: t.mode };
  }
}

/** A container path as Docker compares mount points: normalised, without a trailing slash (`/data/` is `/data`). */
function normalizeTarget(target: string): string {
  return path.posix.normalize(target).replace(/(.)\/+$/, '$1');
}

/** Problems of a list of mounts taken together (duplicate targets). */
export function mountListProblems(mounts: readonly Mount[], policy: MountPolicy): string[] {
  const out = mounts.flatMap((m) => m.problems(policy));
  const seen = new Set<string>();
  for (const m of mounts) {
    if (Token.isUnresolved(m.target)) continue;
    const t = normalizeTarget(m.target);
    if (seen.has(t)) out.push(ContainerErrors.duplicateTarget(t));
    seen.add(t);
  }
  return out;
}
