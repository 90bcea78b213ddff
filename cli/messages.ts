import { ACCEPTED_SSH_OPTIONS, SshOptionProblem } from '../constructs/private/ssh-options';

/** Messages of the command-line tool and its engine reader, in one place: what failed, and what to do. */
export const EngineMessages = {
  docker: (args: readonly string[], detail: string) =>
    `docker ${args.join(' ')} failed: ${detail}; check that the engine is reachable with the same DOCKER_HOST (or endpoint and TLS material) the stack deploys with`,
  tlsVariableMissing: (host: string, variable: string) =>
    `host ${host} takes its TLS material from ${variable}, which is not set; export it as you do for terraform apply`,
  endpointUnknown: (host: string, field: string, value: unknown) =>
    `host ${host}: its provider's ${field} is ${JSON.stringify(value)}, which the docker CLI cannot be given (only literals and \${var.NAME} references, read from TF_VAR_NAME, are); reach that engine with the same settings some other way, or give the provider a literal ${field}`,
  sshOptionsRefused: (host: string, problems: readonly SshOptionProblem[]) =>
    `host ${host}: its provider's ssh_opts are refused, nothing was run: ${problems.map((p) => `${JSON.stringify(p.option)} ${p.reason}`).join('; ')}. The tools give ssh only options that choose how to connect (${ACCEPTED_SSH_OPTIONS}), since ssh runs programs for others (ProxyCommand, LocalCommand, KnownHostsCommand, Match exec) and -F or Include read more configuration, and a cdk.tf.json may come from anyone: fix the stack (its DockerHost refuses them at synth too) or put the setting in ~/.ssh/config`,
  noSsh: (host: string) => `host ${host} is reached over ssh:// with ssh options, but no ssh program is on PATH; install the OpenSSH client`,
  noHost: (host: string, hosts: readonly string[]) => `the stack has no host ${host} (its hosts: ${hosts.join(', ')})`,
};

/** Messages of `docker-network-cdktf verify`. */
export const VerifyMessages = {
  notSynthesized: (arg: string, dir: string) =>
    `stack ${arg} is not synthesized: no ${dir}/cdk.tf.json; run cdktf synth (npx cdktf synth, or npm run synth in this repository) and try again, or pass the synthesized stack's directory`,
  engineUnreachable: (host: string, engine: string, detail: string) =>
    `cannot reach host ${host} (engine ${engine}): ${detail}`,
  noImage: (host: string, image: string, detail: string) =>
    `host ${host}: the probe image ${image} is not on the engine and cannot be pulled (${detail}); load one with sh, nslookup, ping, nc, ip and timeout (busybox has them) and pass it with --image`,
  badNumber: (option: string, value: string, range: string) => `${option} ${value}: give ${range}`,
  overCap: (max: number) => `over --max-probes ${max}: raise it to check this pair`,
  deadline: (seconds: number) => `the deadline of ${seconds} s (--deadline) was reached first`,
  probeFailed: (detail: string) => `the probe did not run: ${detail}`,
  interrupted: (signal: string, removed: number) => `verify: ${signal}: stopped; ${removed} probe(s) removed`,
};

/** Messages of `compose import`'s check of the stack it generated (cli/compose-check.ts). */
export const ImportMessages = {
  noCompiler: (why: string) =>
    `the generated stack could not be type-checked: ${why}. Install TypeScript 5 or 6 where you run the command (npm install -D typescript@~5.9), or write the stack unchecked with --force`,
  typeError: (file: string, line: number, col: number, text: string) => `${file}:${line}:${col}: the generated stack does not compile: ${text}`,
  synthError: (text: string) => `the generated stack does not synthesize: ${text}`,
  synthThrew: (text: string) => `synthesizing the generated stack failed: ${text}`,
  foreignImport: (name: string) => `the generated stack imports ${JSON.stringify(name)}, which the generator never writes`,
  checkFailed: (what: 'written' | 'printed', n: number, stage: 'not run' | 'types' | 'synth') => {
    const force = `--force ${what === 'written' ? 'writes' : 'prints'} it anyway`;
    const problems = `${n} problem${n === 1 ? '' : 's'} above`;
    if (stage === 'not run') return `nothing ${what}: the stack could not be checked (above); ${force}, unchecked\n`;
    if (stage === 'types') return `nothing ${what}: the generated stack does not compile (${problems}). This is a bug of the importer: please report it with the Compose file. ${force}, with the problems at its top\n`;
    return `nothing ${what}: the generated stack does not synthesize (${problems}): fix the Compose file (ComposeProject reports the same at synth), or ${force}, with the problems at its top\n`;
  },
  forced: (where: string) => `WARNING: --force: ${where} does NOT pass the check (the problems above); fix it before you use it\n`,
  forcedNote: () => 'WARNING: written with --force although it does not type-check or synthesize (compose import found these problems):',
};
