import { Port } from './port';

/** Options of {@link Container.linkTo}. */
export interface LinkOptions {
  /**
   * The name under which the linking container reaches the target (`--link target:alias`).
   * @default - the target's container name
   */
  readonly alias?: string;
  /**
   * Also set Docker's legacy link variables in the linking container: `<ALIAS>_PORT_<n>_TCP_ADDR`, `_PORT`,
   * `_PROTO`, `<ALIAS>_PORT_<n>_TCP`, `<ALIAS>_PORT` and `<ALIAS>_NAME`, for each of `ports` (Docker's own
   * `<ALIAS>_ENV_*` copies of the target's environment are not reproduced).
   * @default false
   */
  readonly environment?: boolean;
  /**
   * The target's ports the variables describe.
   * @default - none; with `environment` only `<ALIAS>_NAME` is set
   */
  readonly ports?: readonly Port[];
}

/** The upper-case prefix of a link's variables: `db-main` -> `DB_MAIN`. */
export function linkEnvPrefix(alias: string): string {
  return alias.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Docker's legacy link variables for `alias` at `ip` (a literal or a token). */
export function linkEnvironment(linker: string, alias: string, ip: string, ports: readonly Port[]): Record<string, string> {
  const p = linkEnvPrefix(alias);
  const env: Record<string, string> = { [`${p}_NAME`]: `/${linker}/${alias}` };
  ports.forEach((port, i) => {
    const proto = port.protocol.toUpperCase();
    const base = `${p}_PORT_${port.number}_${proto}`;
    env[base] = `${port.protocol}://${ip}:${port.number}`;
    env[`${base}_ADDR`] = ip;
    env[`${base}_PORT`] = String(port.number);
    env[`${base}_PROTO`] = port.protocol;
    if (i === 0) env[`${p}_PORT`] = `${port.protocol}://${ip}:${port.number}`;
  });
  return env;
}
