/**
 * The stack's ssh options for the docker CLI. The provider hands `ssh_opts` to `ssh`; the docker CLI's ssh connection
 * helper runs `ssh` from PATH with arguments of its own only (`-l USER -p PORT -- HOST docker system dial-stdio`).
 * So that the CLI reaches the engine the provider reaches (port, identity, known hosts...), the engine reader puts
 * a private directory first on PATH holding an `ssh` script that runs the real ssh (an absolute path, looked up
 * once) with the stack's options, each shell-quoted, before the CLI's. The options are checked first with the
 * library's allowlist (constructs/private/ssh-options.ts): a cdk.tf.json may have been edited by hand or come from
 * another team, and an option such as ProxyCommand would run a program. Nothing is written or run then.
 */
import * as fs from 'fs';
import * as path from 'path';
import { sshOptionProblems } from '../constructs/private/ssh-options';
import { readTemplateLiteral } from '../constructs/private/terraform-literal';
import { EngineMessages } from './messages';
import { isPrivateDir, makePrivateDir } from './private-dirs';

/** `text` as one word for a POSIX shell: single-quoted, each `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The `ssh` script: the real ssh, the checked options, then the docker CLI's own arguments. */
export function sshWrapperScript(realSsh: string, options: readonly string[]): string {
  return [
    '#!/bin/sh',
    "# Written by docker-network-cdktf for the docker CLI: the real ssh with the stack's ssh options (ssh_opts, checked",
    '# against the allowlist of connection settings), then the arguments the docker CLI passes.',
    `exec ${[realSsh, ...options].map(shellQuote).join(' ')} "$@"`,
    '',
  ].join('\n');
}

/**
 * The provider's `ssh_opts` of host `name` as literal text, each checked against the allowlist; throws (nothing
 * run) when one is an expression, not text, or refused. An empty list when there are none.
 */
export function checkedSshOptions(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(EngineMessages.endpointUnknown(name, 'ssh_opts', value));
  const options = value.map((v) => {
    const text = typeof v === 'string' ? readTemplateLiteral(v) : undefined;
    if (text === undefined) throw new Error(EngineMessages.endpointUnknown(name, 'ssh_opts', v));
    return text;
  });
  const problems = sshOptionProblems(options);
  if (problems.length > 0) throw new Error(EngineMessages.sshOptionsRefused(name, problems));
  return options;
}

let realSsh: string | undefined;

/** The absolute path of `ssh` on `searchPath` (our own wrapper directories skipped), looked up once per process. */
function findRealSsh(searchPath: string | undefined, name: string): string {
  if (realSsh !== undefined) return realSsh;
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir) || isPrivateDir(dir)) continue;
    const candidate = path.join(dir, 'ssh');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return (realSsh = candidate);
    } catch {
      // not here
    }
  }
  throw new Error(EngineMessages.noSsh(name));
}

/**
 * A private directory (`$TMPDIR/dnc-ssh-XXXXXX`, mode 0700) holding the `ssh` wrapper for `options`, to put first on
 * PATH; removed with the engine environment (cli/private-dirs.ts).
 */
function writeSshWrapper(options: readonly string[], searchPath: string | undefined, name: string): string {
  const ssh = findRealSsh(searchPath, name);
  const dir = makePrivateDir('dnc-ssh-');
  fs.writeFileSync(path.join(dir, 'ssh'), sshWrapperScript(ssh, options), { mode: 0o700 });
  return dir;
}

/**
 * `env` with the wrapper for `options` first on PATH when it reaches an `ssh://` engine (the provider ignores ssh
 * options for other hosts); unchanged without options.
 */
export function withSshWrapper(env: NodeJS.ProcessEnv, options: readonly string[], name: string): NodeJS.ProcessEnv {
  if (options.length === 0 || !env.DOCKER_HOST?.startsWith('ssh://')) return env;
  const dir = writeSshWrapper(options, env.PATH, name);
  return { ...env, PATH: [dir, env.PATH].filter((p) => p !== undefined && p !== '').join(path.delimiter) };
}
