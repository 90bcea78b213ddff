/**
 * The allowlist of `ssh` options an `ssh://` endpoint may carry (`HostEndpoint.ssh(url, sshOptions)`, the provider's
 * `ssh_opts`). The provider and the docker CLI hand them to `ssh`, where many options run programs (ProxyCommand,
 * LocalCommand with PermitLocalCommand, KnownHostsCommand, Match exec) or read other configuration that may
 * (-F, Include): a stack, or another team's cdk.tf.json read by the tools, must not become code that way. Only
 * options that choose how to connect (port, user, identity, known hosts, timeouts, address family, compression)
 * pass, each with a value of the expected form. One rule table, used at synth by the DockerHost and by the tools
 * (cli/engine.ts) on a cdk.tf.json, which may have been edited by hand.
 */

/** One refused argument: as given, and why it is refused. */
export interface SshOptionProblem {
  readonly option: string;
  readonly reason: string;
}

/** The options accepted, as messages and the README name them. */
export const ACCEPTED_SSH_OPTIONS =
  '-p PORT, -l USER, -i FILE, -4, -6, -C, -q, and -o with AddressFamily, BatchMode, CheckHostIP, Compression, ConnectionAttempts, ConnectTimeout, GlobalKnownHostsFile, HostKeyAlias, IdentitiesOnly, IdentityFile, KbdInteractiveAuthentication, LogLevel, PasswordAuthentication, Port, PreferredAuthentications, PubkeyAuthentication, ServerAliveCountMax, ServerAliveInterval, StrictHostKeyChecking, TCPKeepAlive, User, UserKnownHostsFile';

/** Checks a value; returns why it is refused, or undefined when it is accepted. */
type ValueRule = (value: string) => string | undefined;

const oneOf = (...words: string[]): ValueRule => (v) => (words.includes(v.toLowerCase()) ? undefined : `takes one of ${words.join(', ')}`);
const yesNo = oneOf('yes', 'no');
const count: ValueRule = (v) => (/^[0-9]{1,6}$/.test(v) ? undefined : 'takes a whole number');
const port: ValueRule = (v) => (/^[0-9]{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'takes a port number between 1 and 65535');
const user: ValueRule = (v) => (/^[A-Za-z0-9_.][A-Za-z0-9_.@-]{0,63}$/.test(v) ? undefined : 'takes a user name (letters, digits, _ . - @; not starting with -)');
const file: ValueRule = (v) => (v.trim() !== '' ? undefined : 'takes a file path');
const hostAlias: ValueRule = (v) => (/^[A-Za-z0-9_.:[\]-]{1,253}$/.test(v) ? undefined : 'takes a host name');
const methods: ValueRule = (v) => (/^[a-z-]+(,[a-z-]+)*$/.test(v) ? undefined : 'takes a comma-separated list of authentication methods');

/** `-o Keyword=value` keywords accepted (lower case: ssh reads keywords case-insensitively), with their value rules. */
const KEYWORDS: Readonly<Record<string, ValueRule>> = {
  addressfamily: oneOf('any', 'inet', 'inet6'),
  batchmode: yesNo,
  checkhostip: yesNo,
  compression: yesNo,
  connectionattempts: count,
  connecttimeout: count,
  globalknownhostsfile: file,
  hostkeyalias: hostAlias,
  identitiesonly: yesNo,
  identityfile: file,
  kbdinteractiveauthentication: yesNo,
  loglevel: oneOf('quiet', 'fatal', 'error', 'info', 'verbose', 'debug', 'debug1', 'debug2', 'debug3'),
  passwordauthentication: yesNo,
  port,
  preferredauthentications: methods,
  pubkeyauthentication: yesNo,
  serveralivecountmax: count,
  serveraliveinterval: count,
  stricthostkeychecking: oneOf('yes', 'no', 'ask', 'accept-new', 'off'),
  tcpkeepalive: yesNo,
  user,
  userknownhostsfile: file,
};

/** Flags with a value, and the rule for it. */
const VALUE_FLAGS: Readonly<Record<string, ValueRule>> = { p: port, l: user, i: file };
/** Flags without a value (may be grouped: `-4C`). */
const PLAIN_FLAGS = /^-[46Cq]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** ssh's other flags that take a value (its getopt string): refused, and their value with them. */
const OTHER_VALUE_FLAGS = /^-[bcemBDEFIJLOPQRSwW]$/;

function keywordProblem(text: string): string | undefined {
  const m = /^([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/s.exec(text.trim());
  if (!m) return 'is not of the form Keyword=value';
  const rule = KEYWORDS[m[1].toLowerCase()];
  if (!rule) return `sets ${m[1]}, which is not an accepted keyword`;
  const why = rule(m[2]);
  return why ? `sets ${m[1]} to ${JSON.stringify(m[2])}, but ${m[1]} ${why}` : undefined;
}

/**
 * Why each argument of `args` (ssh's own argument list: `['-p', '2222', '-o', 'BatchMode=yes']`, or a value attached:
 * `-p2222`, `-oBatchMode=yes`) is refused; empty when every one is accepted. Never throws: a non-text element is a
 * problem too.
 */
export function sshOptionProblems(args: readonly unknown[]): SshOptionProblem[] {
  const out: SshOptionProblem[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg !== 'string') {
      out.push({ option: String(arg), reason: 'is not text' });
      continue;
    }
    if (CONTROL.test(arg)) {
      out.push({ option: arg, reason: 'holds a control character (a newline, tab or the like)' });
      continue;
    }
    if (PLAIN_FLAGS.test(arg)) continue;
    const m = /^-([pilo])(.*)$/s.exec(arg);
    if (!m) {
      if (OTHER_VALUE_FLAGS.test(arg) && typeof args[i + 1] === 'string') {
        out.push({ option: `${arg} ${args[++i] as string}`, reason: 'is not an accepted option' });
        continue;
      }
      const reason = arg.startsWith('-') ? 'is not an accepted option' : 'is no option: ssh would take it as the host or as a command to run there';
      out.push({ option: arg, reason });
      continue;
    }
    let value = m[2];
    let shown = arg;
    if (value === '') {
      const next = args[i + 1];
      if (typeof next !== 'string') {
        out.push({ option: arg, reason: 'needs a value after it' });
        continue;
      }
      i++;
      value = next;
      shown = `${arg} ${next}`;
      if (CONTROL.test(next)) {
        out.push({ option: shown, reason: 'holds a control character (a newline, tab or the like)' });
        continue;
      }
    }
    const flagWhy = m[1] === 'o' ? undefined : VALUE_FLAGS[m[1]](value.trim());
    const why = m[1] === 'o' ? keywordProblem(value) : flagWhy && `-${m[1]} ${flagWhy}`;
    if (why) out.push({ option: shown, reason: why });
  }
  return out;
}
