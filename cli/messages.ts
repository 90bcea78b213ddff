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
