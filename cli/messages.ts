/** Messages of the command-line tool and its engine reader, in one place: what failed, and what to do. */
export const EngineMessages = {
  docker: (args: readonly string[], detail: string) =>
    `docker ${args.join(' ')} failed: ${detail}; check that the engine is reachable with the same DOCKER_HOST (or endpoint and TLS material) the stack deploys with`,
  tlsVariableMissing: (host: string, variable: string) =>
    `host ${host} takes its TLS material from ${variable}, which is not set; export it as you do for terraform apply`,
  endpointUnknown: (host: string, field: string, value: unknown) =>
    `host ${host}: its provider's ${field} is ${JSON.stringify(value)}, which the docker CLI cannot be given (only literals and \${var.NAME} references, read from TF_VAR_NAME, are); reach that engine with the same settings some other way, or give the provider a literal ${field}`,
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
