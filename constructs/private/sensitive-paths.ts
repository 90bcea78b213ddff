import { Token } from 'cdktf';

/**
 * One host path a container may not reach without `insecure: { sensitiveMounts: true }` (CIS Docker Benchmark
 * 5.5 sensitive directories; 5.31/5.32 the engine's socket).
 *
 * A segment `*` matches any one path segment (a user name, a uid).
 */
interface SensitivePath {
  readonly path: string;
  /** What a container that reaches it gets, for the message. */
  readonly why: string;
  /** The path itself only, not what is beneath it. */
  readonly exact?: boolean;
  /** Refused read-only too (secrets to read, kernel interfaces, sockets). */
  readonly evenReadOnly?: boolean;
  /**
   * A socket, or a directory of sockets: Linux lets a process connect to a socket on a read-only mount, so every
   * directory above it is refused read-only too.
   */
  readonly socket?: boolean;
}

const ENGINE = 'control of a container engine, i.e. root on the host';

/**
 * The denylist. `/var/run` is written `/run` here: the path is matched after {@link normalizeHostPath}, which reads
 * `/var/run` as the `/run` it links to on every current distribution. A read-write bind of any directory above an
 * entry is refused too (it contains the entry); see {@link sensitiveBindReason}.
 */
const SENSITIVE: readonly SensitivePath[] = [
  { path: '/', exact: true, why: "the host's whole file system", evenReadOnly: true },
  { path: '/run', exact: true, why: "the host's runtime sockets (Docker's among them)", evenReadOnly: true },
  // Engine sockets (CIS 5.32): Docker, rootless Docker, containerd, CRI-O, Podman, BuildKit, k3s, cri-dockerd.
  { path: '/run/docker.sock', why: 'control of the Docker engine, i.e. root on the host', evenReadOnly: true, socket: true },
  { path: '/run/docker', why: "the Docker engine's plugin and containerd sockets", evenReadOnly: true, socket: true },
  { path: '/run/containerd', why: ENGINE, evenReadOnly: true, socket: true },
  { path: '/run/crio', why: ENGINE, evenReadOnly: true, socket: true },
  { path: '/run/podman', why: ENGINE, evenReadOnly: true, socket: true },
  { path: '/run/buildkit', why: 'control of BuildKit, i.e. root on the host', evenReadOnly: true, socket: true },
  { path: '/run/k3s', why: ENGINE, evenReadOnly: true, socket: true },
  { path: '/run/cri-dockerd.sock', why: ENGINE, evenReadOnly: true, socket: true },
  { path: '/run/user/*/docker.sock', why: "control of a user's rootless Docker engine (that user's files and keys)", evenReadOnly: true, socket: true },
  { path: '/run/user/*/docker', why: "a user's rootless Docker engine", evenReadOnly: true, socket: true },
  { path: '/run/user/*/podman', why: "control of a user's rootless Podman", evenReadOnly: true, socket: true },
  { path: '/run/user/*/containerd-rootless', why: "control of a user's rootless containerd", evenReadOnly: true, socket: true },
  { path: '/run/user/*/buildkit', why: "control of a user's rootless BuildKit", evenReadOnly: true, socket: true },
  { path: '/run/systemd/private', why: 'control of systemd, i.e. root on the host', evenReadOnly: true, socket: true },
  { path: '/run/dbus/system_bus_socket', why: "the host's system bus (systemd, i.e. root on the host)", evenReadOnly: true, socket: true },
  // Engine and orchestrator state: every container's files, volumes and secrets.
  { path: '/var/lib/docker', why: "every container's files and the engine's state", evenReadOnly: true },
  { path: '/var/lib/containerd', why: "every container's files and containerd's state", evenReadOnly: true },
  { path: '/var/lib/containers', why: "every Podman/CRI-O container's files", evenReadOnly: true },
  { path: '/var/lib/kubelet', why: "every pod's volumes and secrets", evenReadOnly: true },
  { path: '/home/*/.local/share/docker', why: "every rootless container's files", evenReadOnly: true },
  // Kernel and devices.
  { path: '/proc', why: "the host's kernel interfaces", evenReadOnly: true },
  { path: '/sys', why: "the host's kernel and device settings", evenReadOnly: true },
  { path: '/dev', why: "the host's devices", evenReadOnly: true },
  { path: '/boot', why: "the host's kernel and boot loader", evenReadOnly: true },
  // Credentials and configuration.
  { path: '/etc', exact: true, why: "the host's whole configuration (users, passwords)", evenReadOnly: true },
  { path: '/etc/shadow', why: "the host's password hashes", evenReadOnly: true },
  { path: '/etc/gshadow', why: "the host's group password hashes", evenReadOnly: true },
  { path: '/etc/sudoers', why: "who is root on the host", evenReadOnly: true },
  { path: '/etc/sudoers.d', why: 'who is root on the host', evenReadOnly: true },
  { path: '/etc/ssh', why: "the host's SSH keys", evenReadOnly: true },
  { path: '/etc/docker', why: "the engine's configuration and TLS keys", evenReadOnly: true },
  { path: '/etc/kubernetes', why: "the cluster's admin credentials", evenReadOnly: true },
  { path: '/etc', why: "write access to the host's configuration" },
  { path: '/root', why: "root's home directory (keys, credentials)", evenReadOnly: true },
  { path: '/home', exact: true, why: "every user's home directory (keys, credentials)", evenReadOnly: true },
  { path: '/home/*', exact: true, why: "a user's whole home directory (SSH keys, credentials)", evenReadOnly: true },
  { path: '/home/*/.ssh', why: "a user's SSH keys", evenReadOnly: true },
  { path: '/home/*/.docker', why: "a user's registry credentials and engine contexts", evenReadOnly: true },
  { path: '/home/*/.kube', why: "a user's cluster credentials", evenReadOnly: true },
  { path: '/home/*/.aws', why: "a user's cloud credentials", evenReadOnly: true },
  { path: '/home/*/.gnupg', why: "a user's private keys", evenReadOnly: true },
  // Programs and libraries: writing them is running code as root on the host.
  { path: '/usr', why: "write access to the host's programs" },
  { path: '/lib', why: "write access to the host's libraries" },
  { path: '/lib64', why: "write access to the host's libraries" },
  { path: '/bin', why: "write access to the host's programs" },
  { path: '/sbin', why: "write access to the host's programs" },
];

/**
 * Symlinks every current distribution has that point somewhere shallower, so that `..` after them climbs from the
 * target: `/var/run/..` is `/`, not `/var`.
 */
const SYSTEM_LINKS: Readonly<Record<string, readonly string[]>> = { '/var/run': ['run'], '/var/lock': ['run', 'lock'] };

/**
 * The absolute host path `source` in one spelling: `//`, `/./`, `..` and trailing slashes resolved, and `/var/run`
 * (`/var/lock`) read as the `/run` (`/run/lock`) it links to, before any `..` that follows. Other symlinks on the
 * host are not followed: the engine runs elsewhere.
 */
export function normalizeHostPath(source: string): string {
  const out: string[] = [];
  for (const seg of source.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else {
      out.push(seg);
      const link = SYSTEM_LINKS[`/${out.join('/')}`];
      if (link) out.splice(0, out.length, ...link);
    }
  }
  return `/${out.join('/')}`;
}

const segments = (p: string) => (p === '/' ? [] : p.slice(1).split('/'));

/** True when the pattern's segments match the first segments of `segs` (all of them when `whole`). */
function matches(pattern: readonly string[], segs: readonly string[], whole: boolean): boolean {
  if (segs.length < pattern.length || (whole && segs.length !== pattern.length)) return false;
  return pattern.every((s, i) => s === '*' || s === segs[i]);
}

/** True when `segs` is a proper ancestor of something the pattern matches. */
function above(pattern: readonly string[], segs: readonly string[]): boolean {
  return segs.length < pattern.length && segs.every((s, i) => pattern[i] === '*' || pattern[i] === s);
}

/** A pattern as messages show it: `/run/user/<uid>/docker.sock`, `/home/<user>/.ssh`. */
const spell = (p: string) => p.replace('/run/user/*', '/run/user/<uid>').replace(/\*/g, '<user>');

/**
 * Why binding the absolute host path `source` into a container is refused, or undefined when it is not:
 * - the path is a denylisted entry or beneath one (the entry's own rule: read-write only, or even read-only);
 * - it is a directory above an entry, mounted read-write (it contains the entry), or above a socket, mounted even
 *   read-only (a socket on a read-only mount still answers).
 */
export function sensitiveBindReason(source: string, readOnly: boolean): string | undefined {
  const segs = segments(normalizeHostPath(source));
  for (const s of SENSITIVE) {
    if (!matches(segments(s.path), segs, s.exact ?? false)) continue;
    if (s.evenReadOnly || !readOnly) return s.why;
  }
  for (const s of SENSITIVE) {
    if (!above(segments(s.path), segs)) continue;
    if (s.socket) return `${s.why}, through ${spell(s.path)} beneath it (a socket answers on a read-only mount too)`;
    if (!readOnly) return `write access to ${spell(s.path)} beneath it: ${s.why}`;
  }
  return undefined;
}

/**
 * The host path that `driver` with `options` binds, or undefined: the `local` driver (the default) runs
 * `mount -t <type> -o <o> <device>`, so an `o` list holding `bind` or `rbind` mounts the host path `device`.
 * Tokens are not read.
 */
export function volumeHostBind(driver: string | undefined, options: Readonly<Record<string, string>> | undefined): { readonly path: string; readonly readOnly: boolean } | undefined {
  if (driver !== undefined && (Token.isUnresolved(driver) || driver !== 'local')) return undefined;
  const o = options?.o;
  const device = options?.device;
  if (typeof o !== 'string' || typeof device !== 'string' || Token.isUnresolved(o) || Token.isUnresolved(device)) return undefined;
  const flags = o.split(',').map((f) => f.trim());
  if (!flags.includes('bind') && !flags.includes('rbind')) return undefined;
  return { path: device, readOnly: flags.includes('ro') };
}
