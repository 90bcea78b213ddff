import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Cidr, DOCKER0_GATEWAY, DOCKER0_SUBNET, DOCKER_DEFAULT_LOCAL_POOLS } from './cidr';
import { ContainerErrors } from './container-errors';
import { Errors } from './errors';
import { createImage, ImageOptions, RegistryCredentials } from './image';
import { BuildImageOptions, createBuiltImage } from './image-build';
import { endpointCredentials } from './private/endpoint-url';
import { HostEndpoint, TlsMaterial } from './host-endpoint';
import { HostRegistry } from './private/host-registry';
import { sameEngineClashes } from './private/same-engine';
import { isLiteralInStack, resolvedText } from './private/literal-secrets';
import { ProviderVersion } from './provider-version';
import { providerMirrorWarning } from './private/provider-mirror';
import { StackRegistry } from './private/stack-registry';
import { literalAttributes, readTemplateLiteral } from './private/terraform-literal';
import { sshOptionProblems } from './private/ssh-options';
import { reportWarnings, strictSettingProblems } from './warnings';

// The endpoint types live in host-endpoint.ts; users import them with the DockerHost (constructs/index.ts).
export { HostEndpoint, TlsMaterial } from './host-endpoint';
export type { TcpEndpointOptions } from './host-endpoint';

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

/** What the endpoint alone shows: credentials in the URL, an unknown scheme, plain TCP without TLS or an opt-out. */
function endpointProblems(endpoint: HostEndpoint): string[] {
  const problems: string[] = [];
  const url = endpoint.url;
  const opts = endpoint._options;
  if (endpoint._hadCredentials) problems.push(Errors.endpointCredentials(url ?? ''));
  if (url !== undefined && !Token.isUnresolved(url)) {
    if (!/^(unix|ssh|tcp|npipe):\/\/./.test(url)) problems.push(Errors.badEndpoint(url));
    if (url.startsWith('tcp://') && !opts.tls && !opts.insecure) problems.push(Errors.insecureEndpoint(url));
  }
  return problems;
}

/** The provider's TLS arguments: a certificate directory, three sensitive variables, or the values given. */
function tlsArguments(host: Construct, id: string, tls: TlsMaterial['_spec'] | undefined): { certPath?: string; caMaterial?: string; certMaterial?: string; keyMaterial?: string } {
  if (tls?.values) return { caMaterial: tls.values.ca, certMaterial: tls.values.cert, keyMaterial: tls.values.key };
  if (tls?.variablesPrefix !== undefined) {
    const prefix = (tls.variablesPrefix || id).replace(/[^a-zA-Z0-9_]/g, '_');
    const variable = (name: string, description: string) => {
      const v = new TerraformVariable(host, name, { type: 'string', sensitive: true, description, nullable: false });
      v.overrideLogicalId(name); // the name users set as TF_VAR_<name>
      return v.stringValue;
    };
    return {
      caMaterial: variable(`${prefix}_ca_material`, `PEM CA certificate of Docker host ${id}`),
      certMaterial: variable(`${prefix}_cert_material`, `PEM client certificate for Docker host ${id}`),
      keyMaterial: variable(`${prefix}_key_material`, `PEM client key for Docker host ${id}`),
    };
  }
  return tls?.certPath ? { certPath: tls.certPath } : {};
}

/** The stack's DockerHosts, in creation order (the registry holds them structurally; a stack has one or a few). */
const stackHosts = (scope: IConstruct): DockerHost[] => StackRegistry.of(scope).hosts.filter((h): h is DockerHost => h instanceof DockerHost);

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
    const hosts = stackHosts(scope);
    if (hosts.length === 1) return hosts[0];
    // Reported at synth with every other problem; construction goes on with a stand-in host.
    const message = hosts.length === 0 ? Errors.noHost() : Errors.manyHosts(hosts.map((h) => h.node.path));
    scope.node.addValidation({ validate: () => [message] });
    if (hosts.length > 1) return hosts[0];
    const registry = StackRegistry.of(scope);
    if (registry.standInHost instanceof DockerHost) return registry.standInHost;
    const standIn = new DockerHost(TerraformStack.of(scope), 'missing-docker-host', { _standIn: true } as DockerHostProps);
    registry.standInHost = standIn;
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
  private readonly builds = new Map<string, { readonly options: string; readonly imageId: string }>();

  constructor(scope: Construct, id: string, givenProps: DockerHostProps = {}) {
    super(scope, id);
    const props: DockerHostProps = givenProps ?? {}; // null from plain JavaScript: the defaults
    const endpoint = (this.endpoint = props.endpoint ?? HostEndpoint.fromEnvironment());
    const url = endpoint.url;
    const opts = endpoint._options;
    const problems = endpointProblems(endpoint);
    const tls = opts.tls?._spec;
    const tlsArgs = tlsArguments(this, id, tls);
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
    if (!(props as { _standIn?: boolean })._standIn) StackRegistry.of(this).hosts.push(this);
    this.providerVersion = props.providerVersion ?? ProviderVersion.V3_6_2;
    if (!this.providerVersion.isDefault) stack.addOverride('terraform.required_providers.docker.version', this.providerVersion.constraint);

    this.node.addValidation({ validate: () => [...problems, ...this.synthProblems(props, tls?.values), ...this.stackProblems(stack, props.alias)] });
  }

  /** What only synth can tell of this host: literal TLS material, registries, credentials in a token URL, docker0. */
  private synthProblems(props: DockerHostProps, tlsValues: Readonly<Record<string, string>> | undefined): string[] {
    const out: string[] = [];
    // Literal TLS material, also wrapped in a token (Fn.trimspace('-----BEGIN...')): resolved here, at synth.
    // Certificates are public: only the key (or a key pasted where a certificate belongs) is secret.
    for (const [field, value] of Object.entries(tlsValues ?? {})) {
      if (!isLiteralInStack(this, value)) continue;
      const text = String(Token.isUnresolved(value) ? resolvedText(this, value) : value);
      if (field === 'key' || /PRIVATE KEY/.test(text)) out.push(Errors.secretLiteral(`tls.${field}`));
      else if (!/-----BEGIN CERTIFICATE-----/.test(text)) out.push(Errors.notACertificate(`tls.${field}`));
    }
    for (const r of props.registries ?? []) out.push(...r.problems(this));
    out.push(...this.sshProblems());
    const url = this.endpoint.url;
    if (url !== undefined && Token.isUnresolved(url)) {
      const resolved = resolvedText(this, url);
      if (typeof resolved === 'string' && endpointCredentials(resolved).secret) out.push(Errors.endpointCredentials(endpointCredentials(resolved).redacted));
    }
    return out;
  }

  /** The endpoint's ssh options outside the allowlist (constructs/private/ssh-options.ts), or given as expressions. */
  private sshProblems(): string[] {
    const out: string[] = [];
    const given: readonly unknown[] = this.endpoint._options.sshOptions ?? [];
    const literal = given.map((o) => {
      if (!Token.isUnresolved(o)) return o;
      const resolved = resolvedText(this, o);
      const text = typeof resolved === 'string' ? readTemplateLiteral(resolved) : undefined;
      if (text === undefined) out.push(Errors.sshOptionExpression(String(resolved ?? o)));
      return text ?? '';
    });
    if (out.length > 0) return out;
    return sshOptionProblems(literal).map((p) => Errors.sshOption(p.option, p.reason));
  }

  /**
   * What concerns the stack's hosts together, reported once by its first host (strict settings, variable clashes,
   * provider versions, the mirror), and this host's own version, alias and docker0 subnet.
   */
  private stackProblems(stack: TerraformStack, alias: string | undefined): string[] {
    const out: string[] = [];
    const hosts = stackHosts(stack);
    const first = hosts[0] === this;
    if (first) out.push(...strictSettingProblems(), ...variableClashes(stack));
    if (alias === undefined) {
      const unaliased = hosts.filter((h) => h.provider.alias === undefined);
      if (unaliased.length > 1 && unaliased[0] !== this) {
        out.push(Errors.hostsWithoutAlias(unaliased.map((h) => h.node.path)));
      }
    }
    const versions = [...new Set(hosts.map((h) => h.providerVersion.constraint))];
    if (versions.length > 1 && first) out.push(Errors.providerVersionConflict(versions.join(', ')));
    if (this.providerVersion.major === undefined) out.push(Errors.providerVersion(this.providerVersion.constraint));
    else if (first) {
      // Offline: a mirror that holds another version makes `terraform init` fail without a hint; say it now.
      const mirror = providerMirrorWarning(this.providerVersion.constraint);
      if (mirror) out.push(...reportWarnings(this, [mirror]));
    }
    const docker0 = Cidr.tryParse(this.defaultBridgeSubnet);
    if (!(docker0 instanceof Cidr)) out.push(Errors.invalidCidr('defaultBridge.subnet', Cidr.describeProblem(this.defaultBridgeSubnet, docker0)));
    out.push(...sameEngineClashes(this, stack, (c): c is DockerHost => c instanceof DockerHost));
    return out;
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

  /**
   * The image `name` built on this host from a local context (`docker build -t name`), as Compose's `build:`
   * does; returns the image id to pass as a container's `image`. One resource per name: building one name twice
   * with different options is a synth error. Nothing is pulled beyond a base image the engine lacks.
   * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/image#build
   */
  public buildImage(name: string, options: BuildImageOptions): string {
    const key = JSON.stringify(options ?? {});
    const existing = this.builds.get(name);
    if (existing) {
      if (existing.options !== key) this.node.addValidation({ validate: () => [ContainerErrors.buildTwice(name)] });
      return existing.imageId;
    }
    const imageId = createBuiltImage(this, `build-${name.replace(/[^a-zA-Z0-9_-]/g, '_')}`, this.provider, this.providerVersion, name, options ?? ({} as BuildImageOptions));
    this.builds.set(name, { options: key, imageId });
    return imageId;
  }
}
