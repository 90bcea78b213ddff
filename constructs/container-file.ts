import { ContainerUpload } from '@cdktf/provider-docker/lib/container';
import { TerraformVariable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import * as path from 'path';
import { ContainerErrors } from './container-errors';
import type { Mount } from './mount';
import { SecretValue } from './swarm-secret';

/** Options of a file placed in a container. */
export interface ContainerFileOptions {
  /**
   * Permission bits of the file, 0 to 0o777, e.g. `0o444` (what Compose gives secrets and configs); a number, not
   * a token (the provider takes octal text).
   * @default 0o644 - the provider's (0o744 is not offered: give the mode)
   */
  readonly mode?: number;
}

/** Where the file's content comes from. */
type Source =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'variable'; readonly variable: TerraformVariable }
  | { readonly kind: 'secret'; readonly secret: SecretValue };

/**
 * A file the provider writes into a container after creating it and before starting it (the provider's `upload`
 * block), as `docker compose up` writes a secret given by an environment variable or a config given by `content:`.
 * The file is part of the container: changing its content, path or mode replaces the container (every attribute
 * of `upload` forces replacement, on 3.6.2 and 4.x alike), and Terraform's state holds the content.
 *
 * - {@link ContainerFile.fromString}: literal text, written into cdk.tf.json (escaped, so `${` stays literal);
 *   for configuration, never for secrets.
 * - {@link ContainerFile.fromVariable}: the value of a Terraform variable, given at plan and apply
 *   (`TF_VAR_<name>`); only the reference is in cdk.tf.json. Declare the variable `sensitive: true` for a secret,
 *   so that `terraform plan` prints `(sensitive value)` instead of it.
 * - {@link ContainerFile.fromSecret}: a {@link SecretValue} (a sensitive variable, a file Terraform reads, a
 *   token), which must not be literal text.
 *
 * Docker refuses to copy into a container whose root file system is read-only, so a container with
 * `readOnlyRootFilesystem` cannot take files (a synth error); nor can a path at or beneath a mount (the file
 * would land in the volume or the host directory, not in the container).
 *
 * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs/resources/container#nested-schema-for-upload
 */
export class ContainerFile {
  /** The literal `text` at `file` (an absolute container path). The text is written into cdk.tf.json. */
  public static fromString(file: string, text: string, options: ContainerFileOptions = {}): ContainerFile {
    return new ContainerFile(file, { kind: 'text', text }, options);
  }

  /** The value of the Terraform variable `variable` at `file`, given at deploy (`TF_VAR_<name>`). */
  public static fromVariable(file: string, variable: TerraformVariable, options: ContainerFileOptions = {}): ContainerFile {
    return new ContainerFile(file, { kind: 'variable', variable }, options);
  }

  /** The secret `secret` at `file` (uploaded base64-encoded, so binary content arrives intact). */
  public static fromSecret(file: string, secret: SecretValue, options: ContainerFileOptions = {}): ContainerFile {
    return new ContainerFile(file, { kind: 'secret', secret }, options);
  }

  private constructor(
    /** The absolute path of the file in the container. */
    public readonly file: string,
    private readonly source: Source,
    private readonly options: ContainerFileOptions,
  ) {}

  /** The permission bits, if given. */
  public get mode(): number | undefined {
    return this.options.mode;
  }

  /** Problems of this file, for a validation; tokens pass. @internal */
  public _problems(scope: IConstruct): string[] {
    const out: string[] = [];
    const f = this.file;
    if (typeof f !== 'string' || (!Token.isUnresolved(f) && (!f.startsWith('/') || f.endsWith('/') || normalizeFile(f) === '/'))) out.push(ContainerErrors.badFilePath(f));
    const mode = this.options.mode;
    if (mode !== undefined && Token.isUnresolved(mode)) out.push(ContainerErrors.fileModeToken(f));
    else if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > 0o777)) out.push(ContainerErrors.fileMode(mode));
    const s = this.source;
    if (s.kind === 'text' && typeof s.text !== 'string') out.push(ContainerErrors.fileNotText(f, s.text));
    else if (s.kind === 'text' && s.text === '') out.push(ContainerErrors.emptyFile(f));
    if (s.kind === 'variable' && !(s.variable instanceof TerraformVariable)) out.push(ContainerErrors.fileNotVariable(f));
    if (s.kind === 'secret') out.push(...s.secret._problems(`the file ${f}`, scope));
    return out;
  }

  /** The provider's `upload` block. @internal */
  public _render(scope: IConstruct): ContainerUpload {
    const s = this.source;
    const mode = this.options.mode;
    // The provider takes the mode as octal text (`^0[0-7]{3}$`); a token could not be written so (refused above).
    const permissions = mode === undefined || Token.isUnresolved(mode) ? undefined : `0${mode.toString(8).padStart(3, '0')}`;
    const content = s.kind === 'text' ? { content: s.text } : s.kind === 'variable' ? { content: s.variable.stringValue } : { contentBase64: s.secret._data(scope as Construct) };
    return { file: this.file, ...content, permissions };
  }
}

/** A container path as Docker compares paths: normalised, without a trailing slash. */
function normalizeFile(file: string): string {
  return path.posix.normalize(file).replace(/(.)\/+$/, '$1');
}

/**
 * Problems of a container's files taken together: each file's own, the same path twice, a path at or beneath a
 * mount's target, and any file on a read-only root file system.
 */
export function containerFileProblems(scope: IConstruct, files: readonly ContainerFile[], mounts: readonly Mount[], readOnlyRoot: boolean): string[] {
  const out = files.flatMap((f) => (f instanceof ContainerFile ? f._problems(scope) : [ContainerErrors.notAContainerFile(f)]));
  const known = files.filter((f) => f instanceof ContainerFile && typeof f.file === 'string' && !Token.isUnresolved(f.file)).map((f) => normalizeFile(f.file));
  const seen = new Set<string>();
  for (const f of known) {
    if (seen.has(f)) out.push(ContainerErrors.fileTwice(f));
    seen.add(f);
  }
  for (const m of mounts) {
    if (typeof m?.target !== 'string' || Token.isUnresolved(m.target)) continue;
    const t = normalizeFile(m.target);
    for (const f of new Set(known)) if (f === t || f.startsWith(t === '/' ? '/' : `${t}/`)) out.push(ContainerErrors.fileUnderMount(f, m.type, t));
  }
  if (readOnlyRoot && files.length > 0) out.push(ContainerErrors.fileOnReadOnlyRoot(known[0] ?? '(a file)'));
  return out;
}
