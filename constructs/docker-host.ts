import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Cidr, DOCKER0_GATEWAY, DOCKER0_SUBNET, DOCKER_DEFAULT_LOCAL_POOLS } from './cidr';
import { Errors } from './errors';
import { createImage, ImageOptions, RegistryCredentials } from './image';
import { endpointCredentials } from './private/endpoint-url';
import { HostRegistry } from './private/host-registry';
import { isLiteralInStack, resolvedText } from './private/literal-secrets';
import { ProviderVersion } from './provider-version';
import { providerMirrorWarning } from './private/provider-mirror';
import { literalAttributes } from './private/terraform-literal';
import { reportWarnings, strictSettingProblems } from './warnings';

/**
 * TLS client material for a `tcp://` Docker endpoint. Certificates are paths or Terraform variables marked
 * sensitive: key material never lands in the synthesized JSON as a literal.
 */
export class TlsMaterial {
  /**
   * A directory holding `ca.pem`, `cert.pem` and `key.pem` (what `docker --tlsverify` uses).
   * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs#cert_path
   */
  public static fromPath(certPath: string): TlsMaterial {
    return new TlsMaterial({ certPath });
  }

  /**
   * Three sensitive Terraform variables, `<prefix>_ca_material`, `<prefix>_cert_material` and
   * `<prefix>_key_material` (prefix: the host's id), set with `TF_VAR_...` in CI.
   */
  public static fromVariables(prefix?: string): TlsMaterial {
    return new TlsMaterial({ variablesPrefix: prefix ?? '' });
  }

  /**
   * PEM material. The key must be a token (a secrets data source, a variable): literal key text is rejected at
   * synth. The CA and client certificates are public and may be literal PEM text (`-----BEGIN CERTIFICATE-----`).
   */
  public static fromValues(values: { readonly ca: string; readonly cert: string; readonly key: string }): TlsMaterial {
    return new TlsMaterial({ values });
  }

  private constructor(
    /** @internal */ public readonly _spec: {
      readonly certPath?: string;
      readonly variablesPrefix?: string;
      readonly values?: { readonly ca: string; readonly cert: string; readonly key: string };
    },
  ) {}
}

/**
 * Two Terraform variables of `stack` with one name: the library names the variables it generates (TLS material,
 * registry credentials, secrets) as users set them (`TF_VAR_<name>`), and a stack's own variable of that name
 * would silently replace one of them in cdk.tf.json.
 */
function variableClashes(stack: TerraformStack): string[] {
  const byName = new Map<string, TerraformVariable[]>();
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformVariable)) continue;
    const name = c.friendlyUniqueId;
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  return [...byName.entries()].filter(([, vs]) => vs.length > 1).map(([name, vs]) => Errors.variableClash(name, vs.map((v) => v.node.path)));
}

/** Options for a `tcp://` endpoint. */
export interface TcpEndpointOptions {
  /**
   * Client TLS material.
   * @default - none: the endpoint is rejected unless `insecure` is true
   */
  readonly tls?: TlsMaterial;
  /**
   * Accept a plain-text, unauthenticated daemon socket (anyone who reaches it is root on that host).
   * @default false
   */
  readonly insecure?: boolean;
}

/** How Terraform reaches one Docker engine. */
export class HostEndpoint {
  /**
   * Whatever the Docker CLI would use: `DOCKER_HOST` if set, else the local socket. Nothing is written into
   * the plan, so the same stack deploys from a laptop and from CI.
   */
  public static fromEnvironment(): HostEndpoint {
    return new HostEndpoint(undefined);
  }

  /** A Unix socket, by default `/var/run/docker.sock`. */
  public static unixSocket(path = '/var/run/docker.sock'): HostEndpoint {
    return new HostEndpoint(`unix://${path}`);
  }

  /**
   * An engine reached over SSH (`ssh://user@host[:port]`); the SSH agent or `~/.ssh/config` supplies keys.
   * @param sshOptions extra `ssh` options, e.g. `['-o', 'StrictHostKeyChecking=yes']`
   */
  public static ssh(url: string, sshOptions: readonly string[] = []): HostEndpoint {
    return new HostEndpoint(url, { sshOptions });
  }

  /** An engine reached over TCP, normally with TLS (`tcp://host:2376`). */
  public static tcp(url: string, options: TcpEndpointOptions = {}): HostEndpoint {
    return new HostEndpoint(url, { tls: options.tls, insecure: options.insecure });
  }

  /**
   * The `host` argument of the provider, or undefined for the environment's. A password (or, but for `ssh://`,
   * any user-info) given in the URL is not kept: it is left out here, so that it never reaches cdk.tf.json or a
   * report, and the DockerHost fails synth saying so.
   */
  public readonly url: string | undefined;
  /** The URL as given held credentials, now left out. @internal */
  public readonly _hadCredentials: boolean;

  private constructor(
    url: string | undefined,
    /** @internal */ public readonly _options: {
      readonly sshOptions?: readonly string[];
      readonly tls?: TlsMaterial;
      readonly insecure?: boolean;
    } = {},
  ) {
    const creds = typeof url === 'string' && !Token.isUnresolved(url) ? endpointCredentials(url) : undefined;
    this.url = creds ? creds.redacted : url;
    this._hadCredentials = creds?.secret ?? false;
  }
}

/** Facts about an engine's default bridge (docker0). */
export interface DefaultBridgeFacts {
  /** @default 172.17.0.0/16 */
  readonly subnet?: string;
  /** @default 172.17.0.1 */
  readonly gateway?: string;
  /** @default docker0 */
  readonly bridgeName?: string;
}

/** Properties of a {@link DockerHost}. */
export interface DockerHostProps {
  /**
   * How to reach the engine.
   * @default HostEndpoint.fromEnvironment() - DOCKER_HOST or the local socket
   */
  readonly endpoint?: HostEndpoint;
  /**
   * Terraform provider alias. Needed when a stack has more than one host; at most one host may go without.
   * @default - no alias: the stack's default docker provider
   */
  readonly alias?: string;
  /**
   * The engine's docker0 facts, if its daemon.json sets `bip`. Subnets are checked against it.
   * @default - a fresh engine's 172.17.0.0/16, gateway 172.17.0.1
   */
  readonly defaultBridge?: DefaultBridgeFacts;
  /**
   * Also reject subnets that overlap Docker's default address pools (172.17-31.0.0/16, 192.168.0.0/16), which
   * networks created outside this stack (`docker network create`, Compose) draw from.
   * @default false
   */
  readonly avoidDefaultPools?: boolean;
  /**
   * Label every network, container and service created on this host with its stack and construct path
   * (`docker-network-cdktf/stack`, `docker-network-cdktf/path`), so objects left behind by an interrupted apply
   * can be found and adopted or removed (`npm run orphans`). Set false to keep resources deployed with 0.1.x
   * unchanged: adding labels replaces each network and container once.
   * @default true
   */
  readonly ownershipLabels?: boolean;
  /**
   * The kreuzwerker/docker version the stack is written for: the `required_providers` constraint and the
   * attributes that differ between 3.6.2 and 4.x (see {@link ProviderVersion}). Every host of a stack agrees.
   * @default ProviderVersion.V3_6_2 - what @cdktf/provider-docker 12.0.3 describes; nothing extra is written
   */
  readonly providerVersion?: ProviderVersion;
  /**
   * Registries the engine pulls private images from, with credentials that never appear in cdk.tf.json as text.
   * @default - none: public images only
   */
  readonly registries?: readonly RegistryCredentials[];
}

const HOSTS = new WeakMap<IConstruct, DockerHost[]>();
const STAND_INS = new WeakMap<IConstruct, DockerHost>();

/**
 * One Docker engine: one configuration of the kreuzwerker/docker provider. Every network and container of
 * this library belongs to exactly one host, and names and subnets are checked per host.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs
 */
export class DockerHost extends Construct {
  /**
   * The host a construct belongs to: `explicit` when given, else the only DockerHost of its stack.
   * Records an error on `scope` (reported at synth) when there is none or several.
   */
  public static of(scope: IConstruct, explicit?: DockerHost): DockerHost {
    if (explicit) {
      // A host of another stack: its provider is not in this stack, and cdktf would only say "resources without a
      // matching provider construct". Reported at synth with the rest; the host is used as given meanwhile.
      const mine = TerraformStack.of(scope);
      const its = TerraformStack.of(explicit);
      if (mine !== its) scope.node.addValidation({ validate: () => [Errors.hostOfOtherStack(explicit.node.path, its.node.path, mine.node.path)] });
      return explicit;
    }
    const stack = TerraformStack.of(scope);
    const hosts = HOSTS.get(stack) ?? [];
    if (hosts.length === 1) return hosts[0];
    // Reported at synth with every other problem; construction goes on with a stand-in host.
    const message = hosts.length === 0 ? Errors.noHost() : Errors.manyHosts(hosts.map((h) => h.node.path));
    scope.node.addValidation({ validate: () => [message] });
    if (hosts.length > 1) return hosts[0];
    let standIn = STAND_INS.get(stack);
    if (!standIn) {
      standIn = new DockerHost(stack, 'missing-docker-host', { _standIn: true } as DockerHostProps);
      STAND_INS.set(stack, standIn);
    }
    return standIn;
  }

  /** How the engine is reached. */
  public readonly endpoint: HostEndpoint;
  /** The provider configuration; pass it as `provider` to raw resources on this host. */
  public readonly provider: DockerProvider;
  /** docker0's subnet on this engine. */
  public readonly defaultBridgeSubnet: string;
  /** docker0's gateway on this engine. */
  public readonly defaultBridgeGateway: string;
  /** docker0's Linux bridge name on this engine. */
  public readonly defaultBridgeName: string;
  /** Whether subnets are checked against Docker's default pools too. */
  public readonly avoidDefaultPools: boolean;
  /** Whether objects created on this host carry the ownership labels. */
  public readonly ownershipLabels: boolean;
  /** A readable name for messages: the alias, or `default`. */
  public readonly displayName: string;
  /** The kreuzwerker/docker version this host's stack is written for. */
  public readonly providerVersion: ProviderVersion;
  /** @internal */ public readonly _registry: HostRegistry;
  private readonly images = new Map<string, string>();

  constructor(scope: Construct, id: string, givenProps: DockerHostProps = {}) {
    super(scope, id);
    const props: DockerHostProps = givenProps ?? {}; // null from plain JavaScript: the defaults
    const endpoint = (this.endpoint = props.endpoint ?? HostEndpoint.fromEnvironment());
    const problems: string[] = [];
    const url = endpoint.url;
    const opts = endpoint._options;
    let tlsArgs: { certPath?: string; caMaterial?: string; certMaterial?: string; keyMaterial?: string } = {};
    if (endpoint._hadCredentials) problems.push(Errors.endpointCredentials(url ?? ''));
    if (url !== undefined && !Token.isUnresolved(url)) {
      if (!/^(unix|ssh|tcp|npipe):\/\/./.test(url)) problems.push(Errors.badEndpoint(url));
      if (url.startsWith('tcp://') && !opts.tls && !opts.insecure) problems.push(Errors.insecureEndpoint(url));
    }
    const tls = opts.tls?._spec;
    if (tls?.certPath) tlsArgs = { certPath: tls.certPath };
    if (tls?.variablesPrefix !== undefined) {
      const prefix = (tls.variablesPrefix || id).replace(/[^a-zA-Z0-9_]/g, '_');
      const variable = (name: string, description: string) => {
        const v = new TerraformVariable(this, name, { type: 'string', sensitive: true, description, nullable: false });
        v.overrideLogicalId(name); // the name users set as TF_VAR_<name>
        return v.stringValue;
      };
      tlsArgs = {
        caMaterial: variable(`${prefix}_ca_material`, `PEM CA certificate of Docker host ${id}`),
        certMaterial: variable(`${prefix}_cert_material`, `PEM client certificate for Docker host ${id}`),
        keyMaterial: variable(`${prefix}_key_material`, `PEM client key for Docker host ${id}`),
      };
    }
    if (tls?.values) {
      tlsArgs = { caMaterial: tls.values.ca, certMaterial: tls.values.cert, keyMaterial: tls.values.key };
    }
    this.provider = literalAttributes(new DockerProvider(this, 'provider', {
      host: url,
      registryAuth: props.registries && props.registries.length > 0 ? props.registries.map((r) => r._providerAuth(this)) : undefined,
      alias: props.alias,
      sshOpts: opts.sshOptions && opts.sshOptions.length > 0 ? [...opts.sshOptions] : undefined,
      ...tlsArgs,
    }));
    this.displayName = props.alias ?? 'default';
    this.defaultBridgeSubnet = props.defaultBridge?.subnet ?? DOCKER0_SUBNET;
    this.defaultBridgeGateway = props.defaultBridge?.gateway ?? DOCKER0_GATEWAY;
    this.defaultBridgeName = props.defaultBridge?.bridgeName ?? 'docker0';
    this.avoidDefaultPools = props.avoidDefaultPools ?? false;
    this.ownershipLabels = props.ownershipLabels ?? true;
    this._registry = new HostRegistry(this);

    const stack = TerraformStack.of(this);
    const hosts = HOSTS.get(stack) ?? [];
    if (!(props as { _standIn?: boolean })._standIn) hosts.push(this);
    HOSTS.set(stack, hosts);
    this.providerVersion = props.providerVersion ?? ProviderVersion.V3_6_2;
    if (!this.providerVersion.isDefault) stack.addOverride('terraform.required_providers.docker.version', this.providerVersion.constraint);

    const alias = props.alias;
    this.node.addValidation({
      validate: () => {
        const out = [...problems];
        // Literal TLS material, also wrapped in a token (Fn.trimspace('-----BEGIN...')): resolved here, at synth.
        // Certificates are public: only the key (or a key pasted where a certificate belongs) is secret.
        for (const [field, value] of Object.entries(tls?.values ?? {})) {
          if (!isLiteralInStack(this, value)) continue;
          const text = String(Token.isUnresolved(value) ? resolvedText(this, value) : value);
          if (field === 'key' || /PRIVATE KEY/.test(text)) out.push(Errors.secretLiteral(`tls.${field}`));
          else if (!/-----BEGIN CERTIFICATE-----/.test(text)) out.push(Errors.notACertificate(`tls.${field}`));
        }
        for (const r of props.registries ?? []) out.push(...r.problems(this));
        if (url !== undefined && Token.isUnresolved(url)) {
          const resolved = resolvedText(this, url);
          if (typeof resolved === 'string' && endpointCredentials(resolved).secret) out.push(Errors.endpointCredentials(endpointCredentials(resolved).redacted));
        }
        if ((HOSTS.get(stack) ?? [])[0] === this) out.push(...strictSettingProblems(), ...variableClashes(stack));
        if (alias === undefined) {
          const unaliased = (HOSTS.get(stack) ?? []).filter((h) => h.provider.alias === undefined);
          if (unaliased.length > 1 && unaliased[0] !== this) {
            out.push(Errors.hostsWithoutAlias(unaliased.map((h) => h.node.path)));
          }
        }
        const versions = [...new Set((HOSTS.get(stack) ?? []).map((h) => h.providerVersion.constraint))];
        if (versions.length > 1 && (HOSTS.get(stack) ?? [])[0] === this) out.push(Errors.providerVersionConflict(versions.join(', ')));
        if (this.providerVersion.major === undefined) out.push(Errors.providerVersion(this.providerVersion.constraint));
        else if ((HOSTS.get(stack) ?? [])[0] === this) {
          // Offline: a mirror that holds another version makes `terraform init` fail without a hint; say it now.
          const mirror = providerMirrorWarning(this.providerVersion.constraint);
          if (mirror) out.push(...reportWarnings(this, [mirror]));
        }
        const docker0 = Cidr.tryParse(this.defaultBridgeSubnet);
        if (!(docker0 instanceof Cidr)) out.push(Errors.invalidCidr('defaultBridge.subnet', Cidr.describeProblem(this.defaultBridgeSubnet, docker0)));
        return out;
      },
    });
  }

  /** Subnets the engine uses outside this stack that networks must not overlap, with a label each. */
  public reservedRanges(): { cidr: Cidr; label: string }[] {
    const out: { cidr: Cidr; label: string }[] = [];
    const docker0 = Cidr.tryParse(this.defaultBridgeSubnet);
    if (docker0 instanceof Cidr) out.push({ cidr: docker0, label: `docker0 (the default bridge) on host ${this.displayName}` });
    if (this.avoidDefaultPools) {
      for (const p of DOCKER_DEFAULT_LOCAL_POOLS) out.push({ cidr: Cidr.parse(p), label: `Docker's default address pool on host ${this.displayName}` });
    }
    return out;
  }

  /**
   * The image `name` on this host, pulled by Terraform if the engine lacks it and kept on destroy (other
   * containers may use it). Returns the image id to pass as a container's `image`. One resource per name and
   * options. Pin a digest with `name@sha256:<digest>`; see {@link ImageOptions} for the pull policy.
   * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/image
   */
  public image(name: string, options: ImageOptions = {}): string {
    options = options ?? {};
    const given: unknown = options.pullPolicy;
    const policy = typeof given === 'string' ? given : (options.pullPolicy?.value ?? 'missing');
    const keep = options.keepOnDestroy ?? true;
    const variant = [policy === 'missing' ? '' : `-${policy}`, keep ? '' : '-remove', options.platform ? `-${options.platform}` : ''].join('');
    const key = `${name}${variant}`;
    let imageId = this.images.get(key);
    if (imageId === undefined) {
      const id = `image-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
      imageId = createImage(this, id, this.provider, name, options);
      this.images.set(key, imageId);
    }
    return imageId;
  }
}
