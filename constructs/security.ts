/**
 * Opt-outs of the secure defaults (CIS Docker Benchmark v1.6 numbering). Every field defaults to false; set one
 * only where the container really needs it, so that the exception shows in review as `insecure: { ... }`.
 *
 * The defaults the library applies to every container:
 * - not privileged (5.5); all Linux capabilities dropped, add back what the program needs with
 *   `capabilities` (5.4), except those as strong as privileged (SYS_ADMIN, NET_ADMIN, SYS_PTRACE...: see
 *   `privilegedCapabilities`); `no-new-privileges` (5.26);
 * - no host network, PID, IPC or user namespace (5.10, 5.16, 5.17, 5.31);
 * - not on docker0, the default bridge (5.30): use a user-defined network;
 * - published ports bound to 127.0.0.1 (5.14): see `HostInterface.allInterfaces()` to opt out per port;
 * - bind mounts are read-only unless asked, and sensitive host paths and the Docker socket are refused (5.5, 5.32).
 */
export interface InsecureOptions {
  /** Run privileged: every capability and every device (CIS 5.5). @default false */
  readonly privileged?: boolean;
  /** Allow `BuiltinNetwork.host()`: the container shares the host's network namespace (CIS 5.10). @default false */
  readonly hostNetwork?: boolean;
  /** Share the host's PID namespace (`--pid host`, CIS 5.16). @default false */
  readonly hostPid?: boolean;
  /** Share the host's IPC namespace (`--ipc host`, CIS 5.17). @default false */
  readonly hostIpc?: boolean;
  /** Use the host's user namespace when the daemon remaps users (`--userns host`, CIS 5.31). @default false */
  readonly hostUserns?: boolean;
  /** Let processes gain privileges through setuid binaries (drops `no-new-privileges`, CIS 5.26). @default false */
  readonly allowNewPrivileges?: boolean;
  /** Keep Docker's default capability set instead of dropping all (CIS 5.4). @default false */
  readonly defaultCapabilities?: boolean;
  /**
   * Allow `capabilities` as strong as privileged (CIS 5.4/5.5): SYS_ADMIN, SYS_MODULE, SYS_RAWIO, SYS_PTRACE,
   * SYS_BOOT, DAC_READ_SEARCH, NET_ADMIN, BPF, PERFMON, MAC_ADMIN, MAC_OVERRIDE, SYS_TIME, SYSLOG, AUDIT_CONTROL.
   * Not needed with `privileged`, which has them all. @default false
   */
  readonly privilegedCapabilities?: boolean;
  /** Allow `BuiltinNetwork.bridge()`, docker0, for this container (CIS 5.30). @default false */
  readonly defaultBridge?: boolean;
  /**
   * Allow bind mounts of sensitive host paths (/, /etc, /proc, /sys, /dev, /boot, /var/lib/docker...) and of the
   * Docker socket, which gives control of the engine (CIS 5.5, 5.31/5.32). @default false
   */
  readonly sensitiveMounts?: boolean;
}
