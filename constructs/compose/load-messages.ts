import { COMPOSE_LIMITS } from './limits';

const q = (v: unknown) => JSON.stringify(v);

/**
 * Messages of loading a project from several files (`files`, an override file, `include`, `extends`), its
 * profiles and its services' `env_file`s: what is wrong, with the value, and the fix.
 */
export const LoadMessages = {
  fileAndFiles: () => 'give either file (one Compose file, with its override file) or files (the files to merge, in order), not both',
  outside: (what: string, file: string, root: string, trust = '', real?: string) =>
    `${what} ${q(file)}${real === undefined ? '' : ` (${q(real)}: a leading ~ is a home directory)`} is outside the project directory ${q(root)}; a Compose file is input from someone else and may only name files inside the project: move the file into it${trust}`,
  throughSymlink: (what: string, file: string, root: string) =>
    `${what} ${q(file)} leads outside the project directory ${q(root)} through a symlink; a Compose file may only name files inside the project: copy the file into it instead of linking`,
  remote: (what: string, file: string) =>
    `${what} ${q(file)} is remote; only files inside the project are read (a remote Compose file is code from elsewhere): download it into the project and name it relatively`,
  absolute: (what: string, file: string) => `${what} ${q(file)} is an absolute path; name it relative to the file that names it`,
  missing: (what: string, file: string) => `${what} ${q(file)}: no such file; check the path (relative to the file that names it)`,
  tooManyFiles: () =>
    `the project reads more than ${COMPOSE_LIMITS.maxFiles} files (Compose files, include, extends and env_file; COMPOSE_LIMITS.maxFiles); is an include or extends repeated by mistake?`,
  tooDeep: () =>
    `include and extends nest more than ${COMPOSE_LIMITS.maxFileNesting} files deep here (COMPOSE_LIMITS.maxFileNesting); flatten the chain`,
  includeCycle: (chain: string[]) => `include cycle: ${chain.join(' includes ')}; remove one of the includes`,
  extendsCycle: (chain: string[]) => `extends cycle: ${chain.join(' extends ')}; remove one of the extends`,
  extendsNotFound: (service: string, ref: string, file: string, known: string[]) =>
    `service ${q(service)} extends ${q(ref)}, which ${file} does not have${known.length > 0 ? ` (it has ${known.join(', ')})` : ''}; name one of its services`,
  badShape: (what: string, example: string) => `${what} has a form Compose does not read; write it as ${example}`,
  envFileFormat: (format: unknown) => `env_file format ${q(format)} is not one Compose reads; write format: dotenv, or leave it out`,
  dependsOnInactive: (service: string, dependency: string, profiles: string[]) =>
    `service ${q(service)} depends on ${q(dependency)}, which is not active: its profiles (${profiles.join(', ')}) are not enabled; enable one (profiles: [${q(profiles[0] ?? '')}] or --profile ${profiles[0] ?? ''}), or write required: false on the dependency`,
};
