/**
 * What the commands behind `npm run` need from their environment: the user's directory for relative paths, and a
 * Terraform CLI configuration that can be read.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * A path the user typed, made absolute against the directory the user ran the command in: `npm run` starts
 * scripts in the package root and says where the user was in INIT_CWD; without npm, the current directory.
 */
export function userPath(p: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.INIT_CWD || process.cwd(), p);
}

/**
 * The environment for running `terraform`: when TF_CLI_CONFIG_FILE names a file that cannot be read, Terraform
 * would print "Unable to open CLI configuration file" on every call; this drops the variable for those calls (so
 * Terraform reads its default, ~/.terraformrc if there is one) and says so once, in one `note:` line on stderr,
 * as scripts/cdktf.sh does for cdktf.
 */
export function terraformEnv(env: NodeJS.ProcessEnv = process.env, note: (line: string) => void = (l) => console.error(l)): NodeJS.ProcessEnv {
  const file = env.TF_CLI_CONFIG_FILE;
  if (!file) return env;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (!fs.statSync(file).isDirectory()) return env;
  } catch {
    // unreadable: fall through
  }
  note(`note: TF_CLI_CONFIG_FILE=${file} cannot be read; running terraform without it (its default CLI config, ~/.terraformrc if any)`);
  const out = { ...env };
  delete out.TF_CLI_CONFIG_FILE;
  return out;
}
