import * as path from 'path';
import { Config as ConfigResource } from '@cdktf/provider-docker/lib/config';
import { Secret as SecretResource } from '@cdktf/provider-docker/lib/secret';
import { Fn, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ContainerErrors } from './container-errors';
import { checkName } from './private/ipam';
import { isLiteralInStack } from './private/literal-secrets';
import { isValidName } from './private/names';
import { withCheapCreationStacks } from './private/creation-stacks';
import { Swarm } from './swarm';
import { hclStringArg, literalAttributes } from './private/terraform-literal';

/**
 * Where a secret's bytes come from. Never literal text: it would be written into cdk.tf.json (and the plan).
 */
export class SecretValue {
  /**
   * A Terraform variable marked sensitive, named `name` (set `TF_VAR_<name>` in CI). One variable per name and
   * stack.
   */
  public static fromVariable(name: string, description?: string): SecretValue {
    return new SecretValue((scope) => {
      const stackScope = TerraformStack.of(scope);
      const existing = stackScope.node.tryFindChild(`secret-var-${name}`) as TerraformVariable | undefined;
      const v = existing ?? new TerraformVariable(stackScope, `secret-var-${name}`, { type: 'string', sensitive: true, nullable: false, description });
      v.overrideLogicalId(name);
      return Fn.base64encode(v.stringValue);
    }, name);
  }

  /**
   * A file read by Terraform at plan time (Terraform's `filebase64`), e.g. written by a secret manager's CLI. A
   * relative path is taken from the directory synth runs in (`process.cwd()`, where `cdktf synth` is started) and
   * written as an absolute path, since Terraform would read it from `cdktf.out/stacks/<stack>`.
   */
  public static fromFile(file: string): SecretValue {
    const resolved = absoluteFile(file);
    return new SecretValue(() => Fn.filebase64(hclStringArg(resolved)), undefined, resolved);
  }

  /**
   * A value you hold as a token (another resource's sensitive attribute); literal text is refused at synth, also
   * inside a function (`Fn.trimspace('...')`, `Fn.base64decode('...')`): the token must reference something
   * outside the stack's source (a variable, a data source, a resource, a file).
   */
  public static fromToken(value: string): SecretValue {
    return new SecretValue(() => (Token.isUnresolved(value) ? Fn.base64encode(value) : value), undefined, undefined, value);
  }

  private constructor(
    /** The base64 `data` expression. */
    private readonly make: (scope: Construct) => string,
    /** The variable name, if any. */
    public readonly variableName?: string,
    /** The file, if any. */
    public readonly file?: string,
    private readonly literal?: string,
  ) {}

  /** @internal */
  public _data(scope: Construct): string {
    return this.make(scope);
  }

  /**
   * Literal text given as the value, also wrapped in a token (`Fn.trimspace('...')`), and a variable name
   * Terraform cannot take; call from a validation.
   * @internal
   */
  public _problems(field: string, scope: IConstruct): string[] {
    const out = this.literal !== undefined && isLiteralInStack(scope, this.literal) ? [ContainerErrors.secretLiteral(field)] : [];
    const v = this.variableName;
    if (v !== undefined && !Token.isUnresolved(v) && !isValidName('terraform variable', v)) out.push(ContainerErrors.badVariableName(v));
    return out;
  }
}

/** Swarm's limit on a config's data (swarmkit `MaxConfigSize`, 500 KiB). */
const CONFIG_LIMIT = 500 * 1024;

/** `file` as Terraform should read it: relative paths from the directory synth runs in; tokens unchanged. */
function absoluteFile(file: string): string {
  return typeof file !== 'string' || Token.isUnresolved(file) || path.isAbsolute(file) ? file : path.resolve(process.cwd(), file);
}

/** Properties of a {@link SwarmSecret}. */
export interface SwarmSecretProps {
  readonly swarm: Swarm;
  /**
   * The secret's name in the swarm. Swarm secrets are immutable: to rotate one, give it a new name (the services
   * that use it are updated to the new one).
   * @default - the construct id
   */
  readonly name?: string;
  readonly value: SecretValue;
}

/**
 * A swarm secret (`docker_secret`), mounted into service tasks under /run/secrets. The data comes from a
 * sensitive variable or a file, never from literal text in the stack.
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/secret
 */
export class SwarmSecret extends Construct {
  public readonly swarm: Swarm;
  public readonly secretName: string;
  /** The secret's id, a token. */
  public readonly secretId: string;
  public readonly resource: SecretResource;

  constructor(scope: Construct, id: string, props: SwarmSecretProps) {
    super(scope, id);
    this.swarm = props.swarm;
    this.secretName = props.name ?? id;
    const problems: string[] = [];
    const p = checkName('secret', this.secretName);
    if (p) problems.push(p);
    this.resource = withCheapCreationStacks(
      () => literalAttributes(new SecretResource(this, 'secret', { provider: props.swarm.manager.provider, name: this.secretName, data: props.value._data(this) })),
    );
    this.secretId = this.resource.id;
    props.swarm.manager._registry.addName('secret', this, this.secretName);
    this.node.addValidation({
      validate: () => [...props.value._problems(`secret ${this.secretName}`, this), ...problems, ...props.swarm.manager._registry.problemsFor(this)],
    });
  }
}

/** Properties of a {@link SwarmConfig}. */
export interface SwarmConfigProps {
  readonly swarm: Swarm;
  /** @default - the construct id */
  readonly name?: string;
  /** The content as text (configs are not secret). Exactly one of `text` and `file`. @default - none */
  readonly text?: string;
  /**
   * A file Terraform reads at plan time; a relative path is taken from the directory synth runs in
   * (`process.cwd()`) and written as an absolute path.
   * @default - none
   */
  readonly file?: string;
}

/**
 * A swarm config (`docker_config`): a non-secret file mounted into service tasks.
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/config
 */
export class SwarmConfig extends Construct {
  public readonly swarm: Swarm;
  public readonly configName: string;
  public readonly configId: string;
  public readonly resource: ConfigResource;

  constructor(scope: Construct, id: string, props: SwarmConfigProps) {
    super(scope, id);
    this.swarm = props.swarm;
    this.configName = props.name ?? id;
    const problems: string[] = [];
    const p = checkName('config', this.configName);
    if (p) problems.push(p);
    if ((props.text === undefined) === (props.file === undefined)) problems.push(ContainerErrors.configTextOrFile(this.configName));
    else if (props.text !== undefined && !Token.isUnresolved(props.text)) {
      const bytes = Buffer.byteLength(String(props.text));
      if (bytes === 0) problems.push(ContainerErrors.emptyConfig(this.configName));
      else if (bytes > CONFIG_LIMIT) problems.push(ContainerErrors.configTooLarge(this.configName, bytes, CONFIG_LIMIT));
    }
    // Literal text and paths are quoted for HCL here: cdktf's quoting of an `Fn` argument leaves `%{`, quotes and backslashes as they are.
    const data = props.file !== undefined ? Fn.filebase64(hclStringArg(absoluteFile(props.file))) : Fn.base64encode(hclStringArg(props.text ?? ''));
    this.resource = withCheapCreationStacks(() => literalAttributes(new ConfigResource(this, 'config', { provider: props.swarm.manager.provider, name: this.configName, data })));
    this.configId = this.resource.id;
    props.swarm.manager._registry.addName('config', this, this.configName);
    this.node.addValidation({ validate: () => [...problems, ...props.swarm.manager._registry.problemsFor(this)] });
  }
}
