import type { InsecureOptions } from '../security';
import { ComposeMessages, ComposeMessageSet } from './errors';
import { Environment, VariableSource } from './interpolation';
import { ComposePath, ComposeProblem } from './source';

/** How the importer treats the places where the library's secure defaults differ from Compose. */
export type ComposeMode = 'secure' | 'compose-compatible';

/** Inputs of the stages after the schema (canonical form, normalisation, consistency, mapping). */
export interface PlanOptions {
  readonly projectName: string;
  readonly mode: ComposeMode;
  /** Per-service opt-outs of the secure defaults, by service key. */
  readonly insecure: Readonly<Record<string, InsecureOptions>>;
  /** Services become swarm services on overlays. */
  readonly swarm: boolean;
  /** For `environment` entries without a value, which Compose takes from the environment. */
  readonly env: Environment;
  /** Variables interpolation substituted, by name: carried into the plan with those `environment` reads. @default - none */
  readonly variables?: Readonly<Record<string, string>>;
  /** The interpolated strings that hold them. @default - none */
  readonly variableSources?: readonly VariableSource[];
  /** Absolute directory relative bind sources are resolved from (the Compose file's). */
  readonly directory: string;
  /** Absolute directory build contexts and secret files must stay in. @default - `directory` */
  readonly root?: string;
  /** The wording of fixes (props or command-line flags). @default - the library's (ComposeProject props) */
  readonly messages?: ComposeMessageSet;
}

/**
 * What every stage after the schema reads and where it reports: one object instead of positional parameters.
 * Problems are collected, never thrown, so that one run reports all of them.
 */
export class StageContext {
  public readonly project: string;
  public readonly swarm: boolean;
  public readonly compatible: boolean;
  public readonly directory: string;
  /** The directory paths the file names (build contexts, secret and config files) must resolve inside. */
  public readonly root: string;
  public readonly insecure: Readonly<Record<string, InsecureOptions>>;
  /** The caller's wording of messages. */
  public readonly M: ComposeMessageSet;
  /** Fields not carried over: an error at synth unless `unmapped: 'warn'`. */
  public readonly unmapped: ComposeProblem[] = [];
  /** Refusals and invalid values. */
  public readonly errors: ComposeProblem[] = [];
  public readonly warnings: ComposeProblem[] = [];
  /** Every value read from the environment, so that generated code refers to it instead of holding it. */
  public readonly variables: Record<string, string>;
  public readonly variableSources: VariableSource[];
  private readonly env: Environment;

  constructor(public readonly options: PlanOptions) {
    this.project = options.projectName;
    this.swarm = options.swarm;
    this.compatible = options.mode === 'compose-compatible';
    this.directory = options.directory;
    this.root = options.root ?? options.directory;
    this.insecure = options.insecure;
    this.M = options.messages ?? ComposeMessages;
    this.env = options.env;
    this.variables = { ...(options.variables ?? {}) };
    this.variableSources = [...(options.variableSources ?? [])];
  }

  /** A field (or value) that is not carried over. */
  public drop(path: ComposePath, message: string): void {
    this.unmapped.push({ path, message });
  }

  /** A refusal: the file is invalid or asks for what the library will not do. */
  public fail(path: ComposePath, message: string): void {
    this.errors.push({ path, message });
  }

  public warn(path: ComposePath, message: string, secureDefaults?: boolean): void {
    this.warnings.push(secureDefaults ? { path, message, secureDefaults } : { path, message });
  }

  /** The value of variable `name` (an `environment` entry without a value), recorded as used. */
  public lookup(name: string): string | undefined {
    const v = Object.prototype.hasOwnProperty.call(this.env, name) ? this.env[name] : undefined;
    if (v !== undefined) {
      this.variables[name] = v;
      this.variableSources.push({ text: v, names: [name], segments: [{ text: v, name }] });
    }
    return v;
  }

  /** The opt-outs the caller granted service `key`. */
  public granted(key: string): InsecureOptions {
    return this.insecure[key] ?? {};
  }
}
