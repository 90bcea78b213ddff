import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { renderSvgSync, toDot } from './diagram';
import { declaredTopology, TopologyModel } from './model';
import { renderText } from './text';

/** Properties of a {@link TopologyReport}. */
export interface TopologyReportProps {
  /**
   * Also lay out `topology.svg` (Graphviz as WebAssembly, in a worker thread: well under a second a stack).
   * @default true
   */
  readonly diagram?: boolean;
}

/** The id every stack's report has, so that {@link TopologyReport.of} finds it. */
const REPORT_ID = 'topology-report';

/**
 * Writes the stack's topology beside its `cdk.tf.json` at synth: `topology.txt` (a `docker network ls`-like
 * table, an `inspect`-like section per network, a `brctl show`-like view, published ports, the reachability
 * matrix and the warnings), `topology.json` (the same as data) and `topology.svg` (the diagram).
 *
 * It adds nothing to the Terraform configuration: it wraps the stack's synthesizer and writes its files once
 * the stack has synthesized (so a stack that fails validation writes no report).
 *
 * @example
 * const app = new App();
 * new MyStack(app, 'prod');
 * TopologyReport.addToEveryStack(app);
 * app.synth(); // cdktf.out/stacks/prod/{cdk.tf.json,topology.txt,topology.json,topology.svg}
 */
export class TopologyReport extends Construct {
  /** The stack's report, added if it has none. */
  public static of(stack: TerraformStack, props: TopologyReportProps = {}): TopologyReport {
    return (stack.node.tryFindChild(REPORT_ID) as TopologyReport | undefined) ?? new TopologyReport(stack, props);
  }

  /** A report for every stack under `scope` (an App). Call it after the stacks are defined. */
  public static addToEveryStack(scope: IConstruct, props: TopologyReportProps = {}): TopologyReport[] {
    return scope.node.findAll().filter(TerraformStack.isStack).map((stack) => TopologyReport.of(stack, props));
  }

  private readonly stack: TerraformStack;

  private constructor(stack: TerraformStack, props: TopologyReportProps) {
    super(stack, REPORT_ID);
    this.stack = stack;
    const inner = stack.synthesizer;
    const diagram = props.diagram ?? true;
    stack.synthesizer = {
      synthesize: (session) => {
        inner.synthesize(session);
        const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        this.writeTo(dir, diagram);
      },
    };
  }

  /** The topology the stack declares. */
  public model(): TopologyModel {
    return declaredTopology(this.stack);
  }

  /** Writes the report files into `dir`; returns their paths. */
  public writeTo(dir: string, diagram = true): string[] {
    const model = this.model();
    const files: [string, string][] = [
      ['topology.txt', renderText(model)],
      ['topology.json', `${JSON.stringify(model, null, 2)}\n`],
    ];
    if (diagram) files.push(['topology.svg', renderSvgSync(toDot(model))]);
    fs.mkdirSync(dir, { recursive: true });
    return files.map(([name, body]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, body);
      return file;
    });
  }
}
