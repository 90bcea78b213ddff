import type { AddressPlan } from '../address-plan';
import type { DockerHost } from '../docker-host';
import type { InsecureOptions } from '../security';
import type { Swarm } from '../swarm';
import type { ComposeMode } from './context';
import type { Environment } from './interpolation';

/** Properties of a {@link ComposeProject}. */
export interface ComposeProjectProps {
  /**
   * Path of the Compose file; relative paths in it (bind sources, env_file, include, extends, x-address-plan's
   * lock file) and `.env` are found beside it. When its name is one of Compose's default names (`compose.yaml`,
   * `compose.yml`, `docker-compose.yml`, `docker-compose.yaml`), an override file beside it
   * (`compose.override.yml`, `compose.override.yaml`, `docker-compose.override.yml`, `docker-compose.override.yaml`)
   * is merged onto it, as `docker compose` does in that directory; give {@link files} to choose the files yourself.
   * @default - none: give `files` or `yaml`
   */
  readonly file?: string;
  /**
   * Compose files merged in this order with Compose's rules (`docker compose -f a.yaml -f b.yaml`); no override file
   * is looked for. The first file's directory is the project directory (`.env`, relative paths).
   * @default - none: give `file` or `yaml`
   */
  readonly files?: readonly string[];
  /**
   * Profiles to enable (`docker compose --profile`): a service with `profiles:` is left out unless one of them is
   * here (`'*'` enables all).
   * @default - the COMPOSE_PROFILES variable (from `env`, `processEnv` or `.env`), else none: only services without profiles
   */
  readonly profiles?: readonly string[];
  /**
   * Compose YAML text, instead of or besides `file` (which then only names it in messages).
   * @default - read from `file`
   */
  readonly yaml?: string;
  /**
   * The Compose project name: networks are `<project>_<network>`, containers `<project>-<service>-1`.
   * @default - the file's `name:`, else its directory's name (as Compose does)
   */
  readonly projectName?: string;
  /**
   * The directory the paths the file names must stay in: build contexts and Dockerfiles, `file:` secrets and
   * configs, `include`, `extends` and `env_file`. A Compose file is input from someone else, so by default it may
   * only reach its own directory; give a parent you trust when a file builds from sibling directories
   * (`context: ../api`, as in a repository with the Compose file under `deploy/`). Relative paths are still resolved
   * from the file's directory, as Compose resolves them; this only widens what they may reach. It must contain the
   * file's directory.
   * @default - the Compose file's directory (of the first of `files`)
   */
  readonly projectRoot?: string;
  /**
   * Variables for `${VAR}` interpolation and for `environment` entries without a value; `.env` beside the file
   * fills in what these and {@link processEnv} lack. The process environment is not read unless named in
   * `processEnv`: a Compose file is input from someone else, and must not pull a pipeline's variables
   * (`PG_CONN_STR`, `TF_VAR_*`) into cdk.tf.json.
   * @default - none: only `.env` beside the file (and `processEnv`)
   */
  readonly env?: Environment;
  /**
   * Names of process-environment variables the file may read (interpolation and `environment` entries without a
   * value), e.g. `['IMAGE_TAG']`; `env` wins over them, they win over `.env` (as the shell does in Compose).
   * @default - none: the process environment is not read
   */
  readonly processEnv?: readonly string[];
  /** @default - the only DockerHost of the stack */
  readonly host?: DockerHost;
  /**
   * Services to place on another engine than `host`, by service key. The bridge networks they join are created
   * on that engine too (bridges are per host: containers on two hosts do not reach each other through them).
   * @default - every service on `host`
   */
  readonly placement?: Readonly<Record<string, DockerHost>>;
  /**
   * Deploy as `docker stack deploy` does: services become swarm services, networks overlays of this swarm.
   * @default - standalone containers, as `docker compose up`
   */
  readonly swarm?: Swarm;
  /**
   * `secure` (the library's defaults: published ports on 127.0.0.1, all capabilities dropped, no-new-privileges;
   * said once per service) or `compose-compatible` (0.0.0.0, Docker's default capabilities, no
   * no-new-privileges, as Compose does).
   * @default 'secure'
   */
  readonly mode?: ComposeMode;
  /**
   * What to do with fields that cannot be carried over: `error` fails synth listing each with file, line and
   * column; `warn` reports them as warnings.
   * @default 'error'
   */
  readonly unmapped?: 'error' | 'warn';
  /**
   * Per-service opt-outs the file needs beyond the mode (privileged, network_mode host or bridge, pid/ipc host),
   * e.g. `{ monitor: { hostNetwork: true } }`. Without one, such a service fails synth.
   * @default - none
   */
  readonly insecure?: Readonly<Record<string, InsecureOptions>>;
  /**
   * Where networks without an ipam config take their subnets from (by Docker network name).
   * @default - the file's `x-address-plan`, else Docker picks
   */
  readonly addressPlan?: AddressPlan;
}
