import { DataDockerRegistryImage } from '@cdktf/provider-docker/lib/data-docker-registry-image';
import { Image } from '@cdktf/provider-docker/lib/image';
import { DockerProviderRegistryAuth } from '@cdktf/provider-docker/lib/provider';
import { TerraformVariable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ContainerErrors } from './container-errors';
import { withCheapCreationStacks } from './private/creation-stacks';
import { isEmptyImage, isRegistryAddress, pinsDigest, referenceProblem } from './private/image-reference';
import { isLiteralInStack } from './private/literal-secrets';
import { literalAttributes } from './private/terraform-literal';

/** When the engine pulls an image. */
export class PullPolicy {
  /** Pull when the engine lacks the image (the provider's behaviour; Compose's `missing`). */
  public static readonly MISSING = new PullPolicy('missing');
  /**
   * Pull again whenever the registry's digest for the tag changes: each plan asks the registry (data source
   * `docker_registry_image`), and a new digest replaces the image and the containers that use it.
   */
  public static readonly ALWAYS = new PullPolicy('always');
  /** Never pull: the image must already be on the engine (loaded or built there). No docker_image resource. */
  public static readonly NEVER = new PullPolicy('never');
  private constructor(public readonly value: 'missing' | 'always' | 'never') {}
}

const PULL_POLICIES = [PullPolicy.MISSING, PullPolicy.ALWAYS, PullPolicy.NEVER];

/** How {@link DockerHost.image} gets an image. */
export interface ImageOptions {
  /**
   * From plain JavaScript the texts `'missing'`, `'always'` and `'never'` are taken too; anything else is a synth
   * error.
   * @default PullPolicy.MISSING
   */
  readonly pullPolicy?: PullPolicy;
  /**
   * Keep the image on the engine when the stack is destroyed (other containers may use it).
   * @default true
   */
  readonly keepOnDestroy?: boolean;
  /** e.g. `linux/arm64`. @default - the engine's */
  readonly platform?: string;
}

/** Problems of an image reference (the library's one grammar, see private/image-reference); tokens and empty text pass. */
export function imageReferenceProblems(ref: string): string[] {
  const p = referenceProblem(ref);
  return p ? [p] : [];
}

/** True when `ref` pins a digest (`name@sha256:...`). */
export function isPinned(ref: string): boolean {
  return pinsDigest(ref);
}

/**
 * Creates the resources that bring image `name` onto the engine of `provider` and returns what a container's
 * `image` takes. @internal
 */
export function createImage(scope: Construct, id: string, provider: import('@cdktf/provider-docker/lib/provider').DockerProvider, name: string, options: ImageOptions): string {
  const given: unknown = options.pullPolicy ?? PullPolicy.MISSING;
  // Plain JavaScript (and Compose habits) pass the text 'always': taken as PullPolicy.ALWAYS, not as the default.
  const policy = given instanceof PullPolicy ? given : PULL_POLICIES.find((p) => p.value === given);
  const empty = isEmptyImage(name);
  scope.node.addValidation({
    validate: () => [...(empty ? [ContainerErrors.emptyImageName()] : imageReferenceProblems(name)), ...(policy ? [] : [ContainerErrors.badPullPolicy(given)])],
  });
  if (!policy) return name;
  if (policy === PullPolicy.NEVER) return name;
  return withCheapCreationStacks(() => {
    let pullTriggers: string[] | undefined;
    if (policy === PullPolicy.ALWAYS && !isPinned(name)) {
      const remote = literalAttributes(new DataDockerRegistryImage(scope, `${id}-digest`, { provider, name }));
      pullTriggers = [remote.sha256Digest];
    }
    return literalAttributes(new Image(scope, id, { provider, name, keepLocally: options.keepOnDestroy ?? true, pullTriggers, platform: options.platform })).imageId;
  });
}

/**
 * Credentials for a registry, never written into cdk.tf.json as text: from the environment the provider reads
 * (`DOCKER_REGISTRY_USER`/`DOCKER_REGISTRY_PASS`), from Terraform variables marked sensitive, or from a Docker
 * config file (`~/.docker/config.json`).
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs#registry-credentials
 */
export class RegistryCredentials {
  /** The provider reads `DOCKER_REGISTRY_USER` and `DOCKER_REGISTRY_PASS` when it runs. */
  public static fromEnvironment(address: string): RegistryCredentials {
    return new RegistryCredentials(address, () => ({}));
  }

  /**
   * Two sensitive Terraform variables `<prefix>_registry_username` and `<prefix>_registry_password` (set
   * `TF_VAR_<prefix>_registry_password` in CI).
   */
  public static fromVariables(address: string, prefix: string): RegistryCredentials {
    return new RegistryCredentials(address, (scope) => {
      const clean = prefix.replace(/[^a-zA-Z0-9_]/g, '_');
      const variable = (name: string, description: string) => {
        const existing = scope.node.tryFindChild(name) as TerraformVariable | undefined;
        const v = existing ?? new TerraformVariable(scope, name, { type: 'string', sensitive: true, nullable: false, description });
        v.overrideLogicalId(name);
        return v.stringValue;
      };
      return {
        username: variable(`${clean}_registry_username`, `user name for registry ${address}`),
        password: variable(`${clean}_registry_password`, `password or token for registry ${address}`),
      };
    });
  }

  /** A Docker config file with an `auths` entry for the address. @default path - ~/.docker/config.json */
  public static fromDockerConfig(address: string, path?: string): RegistryCredentials {
    return new RegistryCredentials(address, () => ({ configFile: path ?? '~/.docker/config.json' }));
  }

  /** Values you hold as tokens (e.g. another variable or a secret manager's data source); literals are refused. */
  public static fromTokens(address: string, username: string, password: string): RegistryCredentials {
    return new RegistryCredentials(address, () => ({ username, password }), [username, password]);
  }

  private constructor(
    public readonly address: string,
    private readonly make: (scope: Construct) => { username?: string; password?: string; configFile?: string },
    private readonly given: string[] = [],
  ) {}

  /**
   * Problems: a literal password, also wrapped in a token such as `Fn.trimspace('...')` (with `scope`, tokens are
   * resolved in it to see through them; call it from a validation), and an address that is no registry host.
   */
  public problems(scope?: IConstruct): string[] {
    const out: string[] = [];
    if (this.given.length > 1) {
      const literal = scope ? isLiteralInStack(scope, this.given[1]) : !Token.isUnresolved(this.given[1]);
      if (literal) out.push(ContainerErrors.secretLiteral(`registry password for ${this.address}`));
    }
    const a = this.address;
    if (!isRegistryAddress(a)) out.push(ContainerErrors.badRegistryAddress(a));
    return out;
  }

  /** The provider's registry_auth block. @internal */
  public _providerAuth(scope: Construct): DockerProviderRegistryAuth {
    const v = this.make(scope);
    return { address: this.address, username: v.username, password: v.password, configFile: v.configFile };
  }

  /** A service's `auth` block (server_address, username, password). @internal */
  public _serviceAuth(scope: Construct): { serverAddress: string; username?: string; password?: string } {
    const v = this.make(scope);
    return { serverAddress: this.address, username: v.username, password: v.password };
  }
}
