/**
 * `docker-network-cdktf report <stack dir> [--live] [--engine host=DOCKER_HOST]... [--json] [--svg file] [--color|--no-color]`
 *
 * Prints the topology of a synthesized stack as declared (the `topology.json` that `TopologyReport` writes beside
 * its cdk.tf.json); with --live, as the engines hold it (each host read where its provider deploys: the stack's
 * declared host wins over DOCKER_HOST) followed by the differences (exit status 3 when there are some). In this
 * repository `npm run report -- <example stack>` is the same command over an example stack built in memory
 * (scripts/report.ts); both go through {@link reportMain}.
 */
import * as fs from 'fs';
import * as path from 'path';
import writeFileAtomic from 'write-file-atomic';
import { renderDifferences, renderSvg, renderText, toDot, TOPOLOGY_FORMAT, TopologyModel } from '../constructs/report';
import { endpointCredentials } from '../constructs/private/endpoint-url';
import { EXIT, lastOf, parseCommandLine, stringValue, stringValues, UsageError, wantsHelp } from './args';
import { compareModelWithEngines, engineShown, stackEnvironment } from './engine';
import { EngineMessages } from './messages';
import { CommandIo, processIo, progress } from './output';

/** A stack to report on: what it declares, and how each of its hosts is reached. */
export interface ReportTarget {
  /** The declared topology. */
  readonly declared: TopologyModel;
  /**
   * The docker CLI's environment for host `host` (its alias, or `default`), from `base`: where the stack's
   * provider for that host deploys (the engine reader's `providerEnvironment`).
   */
  environment(host: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

/**
 * Finds the stack a report is asked for. Throws a {@link UsageError} when the argument names nothing of the kind,
 * an Error when the stack cannot be read or does not validate.
 */
export type ReportTargetResolver = (arg: string, io: CommandIo) => ReportTarget;

/** How a command line names the report and its stack argument, for its usage text. */
export interface ReportCommand {
  /** The command as the user types it, e.g. `docker-network-cdktf report`. */
  readonly program: string;
  /** The stack argument's name and its description in the usage. */
  readonly stackArg: string;
  readonly stackHelp: string;
  readonly resolve: ReportTargetResolver;
}

/**
 * A synthesized stack's directory (`cdktf.out/stacks/<name>`, or its cdk.tf.json or topology.json): the topology
 * from its topology.json, each host reached as the provider configuration in its cdk.tf.json says.
 */
export function stackDirectory(arg: string, io: CommandIo): ReportTarget {
  let dir = path.resolve(io.cwd, arg);
  if (fs.existsSync(dir) && fs.statSync(dir).isFile()) dir = path.dirname(dir);
  const tfFile = path.join(dir, 'cdk.tf.json');
  const topologyFile = path.join(dir, 'topology.json');
  if (!fs.existsSync(tfFile)) throw new Error(`no cdk.tf.json in ${dir}: pass the synthesized stack's directory (cdktf synth writes cdktf.out/stacks/<stack>)`);
  if (!fs.existsSync(topologyFile)) {
    throw new Error(
      `no topology.json in ${dir}: the report reads the topology that TopologyReport writes at synth; add TopologyReport.addToEveryStack(app) after your stacks (import { TopologyReport } from 'docker-network-cdktf') and synthesize again`,
    );
  }
  let declared: TopologyModel;
  let doc: unknown;
  try {
    declared = JSON.parse(fs.readFileSync(topologyFile, 'utf8'));
    doc = JSON.parse(fs.readFileSync(tfFile, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the stack in ${dir}: ${(e as Error).message}; synthesize it again`);
  }
  if (declared?.format !== TOPOLOGY_FORMAT || declared.source !== 'declared' || !Array.isArray(declared.hosts)) {
    throw new Error(`${topologyFile} is not a declared topology of this version (format ${JSON.stringify((declared as any)?.format)}, expected ${TOPOLOGY_FORMAT}); synthesize the stack again with this version`);
  }
  return { declared, environment: (host, base) => stackEnvironment(doc, host, base) };
}

/** The usage text of the report as `command` names it, with the exit statuses. */
export function reportUsage(command: Pick<ReportCommand, 'program' | 'stackArg' | 'stackHelp'>): string {
  return `usage: ${command.program} ${command.stackArg} [--live] [--engine host=DOCKER_HOST]... [--json] [--svg file] [--color|--no-color]

  ${command.stackArg.padEnd(22)}  ${command.stackHelp}
  --live                  read the engine(s) and list what differs from the declared topology; each host is read
                          where its provider deploys (its declared host and TLS material win over DOCKER_HOST)
  --engine host=ADDRESS   with --live: reach host (its alias, or default) at ADDRESS, e.g. a=unix:///run/a.sock
  --json                  the same as data
  --svg file              also write the diagram to file (relative to where you run the command)
  --color, --no-color     colour (default: on a terminal, unless NO_COLOR is set)
  -h, --help              this text

exit status:
  ${EXIT.ok}  done (with --live: no difference)
  ${EXIT.failed}  the stack cannot be read or does not validate, or an engine could not be read
  ${EXIT.usage}  wrong arguments (this text on stderr)
  ${EXIT.found}  with --live: differences found
`;
}

const OPTIONS = {
  live: { type: 'boolean' },
  engine: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  svg: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--engine host=ADDRESS` specifications: the address by host name; a usage error for a malformed one or one with a secret. */
export function engineOverrides(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 1) throw new UsageError(`--engine ${endpointCredentials(spec).redacted}: write it as host=DOCKER_HOST, e.g. a=unix:///run/a.sock`);
    const creds = endpointCredentials(spec.slice(eq + 1));
    if (creds.secret) {
      throw new UsageError(
        `--engine ${spec.slice(0, eq)}=${creds.redacted}: a password or token in the endpoint URL (left out here) would show in process lists and logs; use an SSH key (agent or ~/.ssh/config) for ssh://, TLS client certificates (DOCKER_CERT_PATH) for tcp://`,
      );
    }
    out[spec.slice(0, eq)] = spec.slice(eq + 1);
  }
  return out;
}

/** The report command; returns its exit status. */
export async function reportMain(argv: readonly string[], command: ReportCommand, io: CommandIo = processIo()): Promise<number> {
  const usage = reportUsage(command);
  if (wantsHelp(argv)) {
    io.stdout(usage);
    return EXIT.ok;
  }
  let stackArg: string;
  let engines: Record<string, string>;
  let svg: string | undefined;
  let live: boolean;
  let json: boolean;
  let color: boolean;
  try {
    const args = parseCommandLine(argv, OPTIONS);
    if (args.positionals.length === 0) throw new UsageError('which stack?');
    if (args.positionals.length > 1) throw new UsageError(`one stack at a time (got ${args.positionals.join(' and ')})`);
    stackArg = args.positionals[0];
    engines = engineOverrides(stringValues(args, 'engine'));
    const svgArg = stringValue(args, 'svg');
    svg = svgArg === undefined ? undefined : path.resolve(io.cwd, svgArg);
    live = args.values.live === true;
    json = args.values.json === true;
    color = lastOf(argv, '--color', '--no-color') ?? (io.stdoutTty && !io.env.NO_COLOR);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\n${usage}`);
    return EXIT.usage;
  }
  const shown = progress(io);
  try {
    shown.step(`reading stack ${stackArg}`);
    const target = command.resolve(stackArg, io);
    shown.done();
    const declared = target.declared;
    if (!live) {
      if (svg) writeFileAtomic.sync(svg, await renderSvg(toDot(declared)));
      io.stdout(json ? `${JSON.stringify(declared, null, 2)}\n` : renderText(declared, { color }));
      return EXIT.ok;
    }
    const hosts = declared.hosts.map((h) => h.name);
    const unknown = Object.keys(engines).filter((h) => !hosts.includes(h));
    if (unknown.length > 0) throw new UsageError(`--engine: ${EngineMessages.noHost(unknown.join(', '), hosts)}`);
    const cmp = compareModelWithEngines(
      declared,
      (host) => (engines[host] !== undefined ? { ...io.env, DOCKER_HOST: engines[host] } : target.environment(host, io.env)),
      { onHost: (host, env) => shown.step(`reading host ${host}: engine ${engineShown(env)}`) },
    );
    shown.done();
    if (svg) writeFileAtomic.sync(svg, await renderSvg(toDot(cmp.live, { differences: cmp.differences })));
    if (json) io.stdout(`${JSON.stringify(cmp, null, 2)}\n`);
    else io.stdout(`${renderText(cmp.live, { color })}\n${renderDifferences(cmp.differences, { color })}`);
    return cmp.differences.length > 0 ? EXIT.found : EXIT.ok;
  } catch (e) {
    shown.done();
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n${usage}`);
      return EXIT.usage;
    }
    io.stderr(`${(e as Error).message}\n`);
    return EXIT.failed;
  }
}

/** The report of the command-line tool: over a synthesized stack's directory. */
export const REPORT_COMMAND: ReportCommand = {
  program: 'docker-network-cdktf report',
  stackArg: '<stack dir>',
  stackHelp: 'a synthesized stack, e.g. cdktf.out/stacks/NAME, with the topology.json TopologyReport writes',
  resolve: stackDirectory,
};
