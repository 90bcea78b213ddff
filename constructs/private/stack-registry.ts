import { Lazy, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/** A `removed` block as cdk.tf.json holds it: Terraform forgets the resource at `from` instead of destroying it. */
interface RemovedBlock {
  readonly from: string;
  readonly lifecycle: { readonly destroy: false };
}

/** The one map from a stack to its registry (a construct tree's stacks are its keys; nothing else is kept per stack). */
const REGISTRIES = new WeakMap<TerraformStack, StackRegistry>();

/**
 * What one stack holds across its constructs, as {@link HostRegistry} does for one Docker host: its Docker hosts
 * (and the stand-in that lets construction go on when it has none), and the resources Terraform is to forget
 * rather than destroy (`removed` blocks, Terraform 1.7+), rendered once at synth. The library's per-stack state
 * lives here and nowhere else.
 */
export class StackRegistry {
  /** The registry of the stack `scope` belongs to, made on first use. */
  public static of(scope: IConstruct): StackRegistry {
    const stack = TerraformStack.of(scope);
    let registry = REGISTRIES.get(stack);
    if (!registry) {
      registry = new StackRegistry(stack);
      REGISTRIES.set(stack, registry);
    }
    return registry;
  }

  /**
   * The stack's Docker hosts in creation order (DockerHost adds itself; `DockerHost.of` picks the only one).
   * Structural here, so that this module imports no construct.
   */
  public readonly hosts: IConstruct[] = [];
  /** The host that stands in when the stack has none (its constructs fail synth with the reason). */
  public standInHost?: IConstruct;
  /** The resources Terraform forgets (type, and the node whose path gives the address), in the order added. */
  private readonly forgotten: { readonly type: string; readonly anchor: IConstruct }[] = [];

  private constructor(private readonly stack: TerraformStack) {}

  /**
   * Terraform forgets the `type` resource that `anchor` stands for (its address: `type.<logical id>`, the id a
   * resource at the anchor's path gets) instead of destroying it: one `removed` block per call, rendered at synth.
   */
  public forget(type: string, anchor: IConstruct): void {
    if (this.forgotten.length === 0) {
      this.stack.addOverride('removed', Lazy.anyValue({ produce: () => this.removedBlocks() }));
    }
    this.forgotten.push({ type, anchor });
  }

  private removedBlocks(): RemovedBlock[] {
    return this.forgotten.map(({ type, anchor }) => ({ from: `${type}.${this.stack.getLogicalId(anchor.node)}`, lifecycle: { destroy: false } }));
  }
}
