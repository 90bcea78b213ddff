import { Token } from 'cdktf';
import { ContainerErrors } from '../container-errors';
import { didYouMean } from './did-you-mean';

/** The Linux capabilities (capabilities(7), kernel 5.9+), without the CAP_ prefix. */
export const LINUX_CAPABILITIES: readonly string[] = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER',
  'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP',
  'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF',
  'CHECKPOINT_RESTORE',
];

/**
 * Capabilities as strong as `privileged`: each one alone is a known way out of the container or over the host, so
 * adding one back needs `insecure: { privilegedCapabilities: true }` (containers) or
 * `insecurePrivilegedCapabilities: true` (swarm services), as `privileged` needs its opt-out. One line each on why.
 *
 * Not listed: Docker's default set (`DAC_OVERRIDE`, `CHOWN`, `FOWNER`, `SETUID`, `MKNOD`, `NET_RAW`...), which
 * every container without `--cap-drop` has and which reaches nothing a sensitive mount does not already guard;
 * and capabilities confined to the container's own namespaces or limits (`SYS_NICE`, `SYS_RESOURCE`, `IPC_LOCK`,
 * `SYS_CHROOT`, `NET_BIND_SERVICE`...).
 */
export const PRIVILEGED_CAPABILITIES: Readonly<Record<string, string>> = {
  SYS_ADMIN: 'mount, namespaces and most of the kernel\'s administration: the usual container escape',
  SYS_MODULE: 'loads kernel modules: any code in the host kernel',
  SYS_RAWIO: 'raw I/O ports and device memory: reads and writes the host\'s memory and disks',
  SYS_PTRACE: 'traces and injects code into other processes (the host\'s, with a shared PID namespace) and escapes seccomp on older kernels',
  SYS_BOOT: 'reboots the host and loads a new kernel (kexec)',
  DAC_READ_SEARCH: 'open_by_handle_at reads any file of the host\'s file systems (the "shocker" escape)',
  NET_ADMIN: 'reconfigures interfaces, routes and firewall rules (the host\'s, on the host network) through a large kernel surface',
  BPF: 'loads BPF programs: reads kernel memory and watches every process of the host',
  PERFMON: 'perf events and BPF tracing: reads the kernel\'s and other processes\' data',
  MAC_ADMIN: 'changes the AppArmor/SELinux policy that confines the containers',
  MAC_OVERRIDE: 'bypasses the AppArmor/SELinux policy that confines the containers',
  SYS_TIME: 'sets the host\'s clock, which is not namespaced (certificates, logs, tokens of every process)',
  SYSLOG: 'reads and clears the kernel log, which leaks kernel addresses (defeats KASLR)',
  AUDIT_CONTROL: 'changes or turns off the host\'s kernel audit rules',
};

/**
 * Why `cap` is as strong as privileged, or undefined (also for tokens and names outside the Linux list, which
 * {@link capabilityProblem} reports).
 */
export function privilegedCapabilityReason(cap: string): string | undefined {
  if (typeof cap !== 'string' || Token.isUnresolved(cap)) return undefined;
  return PRIVILEGED_CAPABILITIES[cap.toUpperCase().replace(/^CAP_/, '')];
}

/**
 * `net_raw` -> `CAP_NET_RAW`: the form Docker stores and the provider reads back. Written any other way, the
 * next plan replaces the container (seen on Docker 20.10). Tokens pass through untouched.
 */
export function normalizeCapability(cap: string): string {
  if (Token.isUnresolved(cap)) return cap;
  const upper = cap.toUpperCase();
  return upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

/** A problem with a capability name (checked against the Linux list), or undefined; tokens pass. */
export function capabilityProblem(cap: string): string | undefined {
  if (Token.isUnresolved(cap)) return undefined;
  if (typeof cap !== 'string') return ContainerErrors.capabilityNotText(cap);
  const bare = cap.toUpperCase().replace(/^CAP_/, '');
  if (bare === 'ALL') return ContainerErrors.capabilityAll(cap);
  if (LINUX_CAPABILITIES.includes(bare)) return undefined;
  return ContainerErrors.unknownCapability(cap, didYouMean(bare, LINUX_CAPABILITIES));
}
