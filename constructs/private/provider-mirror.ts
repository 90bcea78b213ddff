/**
 * Offline installs: when the Terraform CLI configuration in effect (TF_CLI_CONFIG_FILE, else ~/.terraformrc) takes
 * kreuzwerker/docker from a filesystem mirror only, and that mirror holds no version the stack's constraint
 * accepts, `terraform init` fails with "no available releases match". Found at synth, this says which versions
 * the mirror holds and how to choose one. A relative TF_CLI_CONFIG_FILE is warned about too: Terraform would look
 * for it inside cdktf.out/stacks/<stack>. Reads only that file and the mirror's directory listing; never throws.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Errors } from '../errors';

const PROVIDER_DIR = path.join('registry.terraform.io', 'kreuzwerker', 'docker');
const MAX_CONFIG_BYTES = 1 << 20;

interface Version {
  readonly nums: [number, number, number];
  readonly pre: string;
}

function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/.exec(text.trim());
  if (!m) return undefined;
  return { nums: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre: m[4] ?? '' };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i] - b.nums[i];
  if (a.pre === b.pre) return 0;
  if (!a.pre) return 1; // a release sorts after its pre-releases
  if (!b.pre) return -1;
  return a.pre < b.pre ? -1 : 1;
}

/**
 * Whether `version` satisfies a Terraform version constraint (`3.6.2`, `= 3.6.2`, `~> 4.6`, `>= 4.0, < 5.0`).
 * As Terraform does, a pre-release (`4.6.1-dev`) is accepted only by an exact match. Undefined when the
 * constraint cannot be read.
 */
export function constraintAccepts(constraint: string, version: string): boolean | undefined {
  const v = parseVersion(version);
  if (!v) return false;
  const parts = constraint.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return undefined;
  let exactPre = false;
  for (const part of parts) {
    const m = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/.exec(part);
    const want = m ? parseVersion(m[2]) : undefined;
    if (!m || !want) return undefined;
    const op = m[1] ?? '=';
    const c = compare(v, want);
    const segments = m[2].replace(/-.*/, '').split('.').length;
    let ok: boolean;
    switch (op) {
      case '=': ok = c === 0; exactPre ||= ok && v.pre !== ''; break;
      case '!=': ok = c !== 0; break;
      case '>': ok = c > 0; break;
      case '>=': ok = c >= 0; break;
      case '<': ok = c < 0; break;
      case '<=': ok = c <= 0; break;
      default: {
        // ~> 4.6 allows >= 4.6, < 5.0; ~> 4.6.1 allows >= 4.6.1, < 4.7.0.
        const upper = segments <= 2 ? [want.nums[0] + 1, 0, 0] : [want.nums[0], want.nums[1] + 1, 0];
        ok = c >= 0 && compare(v, { nums: upper as [number, number, number], pre: '' }) < 0;
      }
    }
    if (!ok) return false;
  }
  return v.pre === '' || exactPre;
}

/** The CLI configuration file Terraform reads, or undefined. */
function cliConfigFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.TF_CLI_CONFIG_FILE) return env.TF_CLI_CONFIG_FILE;
  const home = env.HOME ?? os.homedir();
  return home ? path.join(home, '.terraformrc') : undefined;
}

/** The kreuzwerker/docker versions a filesystem mirror directory holds (unpacked or packed layout). */
function mirrorVersions(dir: string): string[] {
  try {
    const out = new Set<string>();
    const base = path.join(dir, PROVIDER_DIR);
    for (const entry of fs.readdirSync(base)) {
      const packed = /^terraform-provider-docker_(.+)_[a-z0-9]+_[a-z0-9]+\.zip$/.exec(entry)?.[1];
      if (packed !== undefined) {
        if (parseVersion(packed)) out.add(packed);
        continue;
      }
      // Unpacked: <version>/<os>_<arch>/terraform-provider-docker*; a version directory without a binary holds nothing.
      if (!parseVersion(entry)) continue;
      const platforms = fs.readdirSync(path.join(base, entry));
      if (platforms.some((p) => fs.readdirSync(path.join(base, entry, p)).some((f) => f.startsWith('terraform-provider-docker')))) out.add(entry);
    }
    return [...out].sort();
  } catch {
    return [];
  }
}

/** What a block of the configuration says about kreuzwerker/docker: included, excluded, or nothing. */
function mentionsDocker(block: string, key: 'include' | 'exclude'): boolean | undefined {
  const list = new RegExp(`${key}\\s*=\\s*\\[([^\\]]*)\\]`).exec(block)?.[1];
  if (list === undefined) return undefined;
  return /"(registry\.terraform\.io\/)?kreuzwerker\/(docker|\*)"|"(registry\.terraform\.io\/)?\*\/\*"|"\*\/\*"/.test(list);
}

/**
 * A warning when the CLI configuration takes kreuzwerker/docker only from filesystem mirrors that hold no version
 * `constraint` accepts; undefined otherwise (including when anything cannot be read).
 */
export function providerMirrorWarning(constraint: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const given = env.TF_CLI_CONFIG_FILE;
    if (given && !path.isAbsolute(given)) {
      // cdktf runs terraform inside cdktf.out/stacks/<stack>: a relative path is looked for there, not found, and
      // terraform init asks the registry instead (offline: "could not connect to registry.terraform.io").
      return Errors.relativeCliConfig(given, path.resolve(given));
    }
    const file = cliConfigFile(env);
    if (!file || !fs.existsSync(file) || fs.statSync(file).size > MAX_CONFIG_BYTES) return undefined;
    const text = fs.readFileSync(file, 'utf8').replace(/^\s*(#|\/\/).*$/gm, '');
    const installation = /provider_installation\s*\{([\s\S]*)\}/.exec(text)?.[1];
    if (!installation) return undefined;
    const mirrors: string[] = [];
    for (const m of installation.matchAll(/filesystem_mirror\s*\{([^}]*)\}/g)) {
      const dir = /path\s*=\s*"([^"]+)"/.exec(m[1])?.[1];
      if (!dir || mentionsDocker(m[1], 'exclude') === true || mentionsDocker(m[1], 'include') === false) continue;
      mirrors.push(dir);
    }
    if (mirrors.length === 0) return undefined;
    // A direct (or network mirror) installation that may serve kreuzwerker/docker: nothing to say.
    for (const m of installation.matchAll(/(direct|network_mirror)\s*\{([^}]*)\}/g)) {
      if (mentionsDocker(m[2], 'exclude') !== true) return undefined;
    }
    const held = mirrors.flatMap((d) => mirrorVersions(path.resolve(d)));
    if (held.some((v) => constraintAccepts(constraint, v) !== false)) return undefined;
    return Errors.providerNotInMirror(constraint, file, mirrors.map((dir) => ({ dir, absolute: path.isAbsolute(dir) })), held);
  } catch {
    return undefined;
  }
}
