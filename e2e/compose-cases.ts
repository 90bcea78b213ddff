/**
 * Real-engine cases for the Compose importer: each example Compose file under examples/compose/ is loaded by
 * ComposeProject, deployed, checked from inside its containers, re-planned (must be empty) and destroyed by the
 * suite (run.ts). For web-app.yml and dns-filter.yml, Debian's docker-compose 1.29 and the current docker compose
 * (v5.6.0, built by e2e/compose-cli.sh) each first bring the same file up on the same engine (the suite's, by its
 * DOCKER_HOST); what the engine then holds (networks, subnets, gateways, aliases, addresses, published ports) is
 * recorded, taken down, and compared with what the library's deployment holds.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { parseDocument } from 'yaml';
import { BridgeNetwork, ComposeProject, ComposeProjectProps, Container, ContainerFile, DockerHost, SecretValue, Swarm } from '../constructs';
import { ExampleStackProps, exampleImage, exampleProviderVersion, IDLE } from '../stacks';
import type { StackCase } from './cases';
import type { RunResult } from './harness';
import { Checks, Engine, hostHttpGet, run, script, singleNodeSwarm, waitFor } from './harness';

const EXAMPLES = path.join(__dirname, '..', 'examples', 'compose');

/** A stack holding one Compose file, loaded with the test image. */
export class ComposeFileStack extends TerraformStack {
  public readonly project: ComposeProject;
  constructor(scope: Construct, id: string, file: string, props: ExampleStackProps, extra: Partial<ComposeProjectProps> = {}, swarm = false) {
    super(scope, id);
    const host = new DockerHost(this, 'host', { endpoint: props.endpoint, providerVersion: exampleProviderVersion(props) });
    this.project = new ComposeProject(this, 'compose', {
      file: path.join(EXAMPLES, file),
      env: { IMAGE: props.image ?? 'busybox:1.36', WEBPASSWORD: 'e2e' },
      mode: 'secure',
      swarm: swarm ? new Swarm(this, 'swarm', { manager: host }) : undefined,
      ...extra,
    });
  }
}

/**
 * Texts Terraform would evaluate if they reached cdk.tf.json unescaped (`${...}` interpolates, `%{...}` runs a
 * directive): set as environment variables from a Compose file (where `$$` is Compose's own escape for `$`) and
 * from the Container construct. Each container must hold them literally, not the host's hostname.
 */
export const LITERAL_TEXTS = {
  /** Compose `$${file("/etc/hostname")}`, i.e. the text after Compose's unescaping; the construct's value as given. */
  FILE: '${file("/etc/hostname")}',
  /** Compose `$$$${x}`; the construct's `$${x}`. */
  ESCAPED: '$${x}',
  DIRECTIVE: '%{ if true }x%{ endif }',
};

/** One Compose service and one Container, whose environments hold {@link LITERAL_TEXTS}. */
export class LiteralTextStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ExampleStackProps) {
    super(scope, id);
    const host = new DockerHost(this, 'host', { endpoint: props.endpoint, providerVersion: exampleProviderVersion(props), defaultBridge: props.defaultBridge });
    const yaml = [
      'name: literal',
      'services:',
      '  compose:',
      '    image: ${IMAGE}',
      '    command: ["sleep", "2147483647"]',
      '    environment:',
      '      FILE: "$${file(\\"/etc/hostname\\")}"',
      '      ESCAPED: "$$$${x}"',
      '      DIRECTIVE: "%{ if true }x%{ endif }"',
    ].join('\n');
    new ComposeProject(this, 'compose', { yaml, file: path.join(EXAMPLES, 'literal-text.yml'), env: { IMAGE: exampleImage(props) }, mode: 'secure' });
    const network = new BridgeNetwork(this, 'net', { name: 'literal_direct' });
    new Container(this, 'direct', { name: 'literal-direct', image: host.image(exampleImage(props)), command: IDLE, networks: [{ network }], env: LITERAL_TEXTS });
  }
}

/**
 * Issue 20: a secret given by a variable of the environment and configs given by content and by a variable, without
 * a swarm, written into the container as files (the provider's `upload`); and a Container given a file from a
 * SecretValue directly. The values of the variables reach Terraform only as TF_VAR_... at deploy.
 */
export class SecretFilesStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: ExampleStackProps & { version?: string }) {
    super(scope, id);
    const host = new DockerHost(this, 'host', { endpoint: props.endpoint, providerVersion: exampleProviderVersion(props) });
    const yaml = [
      'name: secrets',
      'services:',
      '  app:',
      '    image: ${IMAGE}',
      '    command: ["sleep", "2147483647"]',
      '    secrets:',
      '      - db_password',
      '      - { source: db_password, target: /etc/db/password }',
      '    configs:',
      '      - app_conf',
      '      - { source: env_conf, target: /etc/app/env.conf }',
      'secrets:',
      '  db_password:',
      '    environment: E2E_DB_PASSWORD',
      'configs:',
      '  app_conf:',
      '    content: |',
      `      version = ${props.version ?? '1'}`,
      '      literal = $${HOME} %{ if true }x%{ endif }',
      '  env_conf:',
      '    environment: E2E_APP_CONF',
    ].join('\n');
    new ComposeProject(this, 'compose', { yaml, file: path.join(EXAMPLES, 'secrets.yml'), env: { IMAGE: exampleImage(props) }, mode: 'secure' });
    const network = new BridgeNetwork(this, 'net', { name: 'secrets_direct' });
    const files = [ContainerFile.fromSecret('/run/secrets/token', SecretValue.fromVariable('e2e_file_token'), { mode: 0o400 })];
    new Container(this, 'direct', { name: 'secrets-direct', image: host.image(exampleImage(props)), command: IDLE, networks: [{ network }], files });
  }
}

/** The values given at deploy: each with text Terraform would read as a template if it were one (it is not). */
const SECRET_VALUES = {
  TF_VAR_E2E_DB_PASSWORD: `db-pass \${x} %{y} ${process.pid}`,
  TF_VAR_E2E_APP_CONF: `conf-from-env-${process.pid}`,
  TF_VAR_e2e_file_token: `token-${process.pid}-${Date.now() % 100000}`,
};

function secretFilesCase(): StackCase {
  const read = (engine: Engine, container: string, file: string) => engine.exec(container, ['cat', file]).stdout;
  const conf = (version: string) => `version = ${version}\nliteral = \${HOME} %{ if true }x%{ endif }\n`;
  const leaks = (text: string) => Object.entries(SECRET_VALUES).filter(([, v]) => text.includes(v)).map(([k]) => k);
  return {
    name: 'compose-secrets',
    build: (app: App, props) => new SecretFilesStack(app, 'compose-secrets', props),
    tfEnv: () => SECRET_VALUES,
    check(engine, c, _stack, json, redeploy) {
      running(engine, c, ['secrets-app-1', 'secrets-direct']);
      c.that('cdk.tf.json holds no value of the variables, and each variable is sensitive', () => {
        const doc = JSON.parse(json);
        const sensitive = ['E2E_DB_PASSWORD', 'E2E_APP_CONF', 'e2e_file_token'].map((v) => doc.variable?.[v]?.sensitive);
        return { ok: leaks(json).length === 0 && sensitive.every((x) => x === true), detail: `leaked ${leaks(json)}, sensitive ${sensitive}` };
      });
      c.equal('app reads the secret at /run/secrets/db_password and at its target /etc/db/password', () => [read(engine, 'secrets-app-1', '/run/secrets/db_password'), read(engine, 'secrets-app-1', '/etc/db/password')], [SECRET_VALUES.TF_VAR_E2E_DB_PASSWORD, SECRET_VALUES.TF_VAR_E2E_DB_PASSWORD]);
      c.equal('app reads the content config at /app_conf, ${ and %{ literal', () => read(engine, 'secrets-app-1', '/app_conf'), conf('1'));
      c.equal('app reads the environment config at /etc/app/env.conf', () => read(engine, 'secrets-app-1', '/etc/app/env.conf'), SECRET_VALUES.TF_VAR_E2E_APP_CONF);
      c.equal('the files have mode 0444 (as docker compose up writes them)', () => engine.exec('secrets-app-1', ['stat', '-c', '%a %u', '/run/secrets/db_password', '/etc/db/password', '/app_conf', '/etc/app/env.conf']).stdout.trim().split('\n'), ['444 0', '444 0', '444 0', '444 0']);
      c.equal('secrets-direct reads the SecretValue file /run/secrets/token (base64 upload), mode 0400', () => [read(engine, 'secrets-direct', '/run/secrets/token'), engine.exec('secrets-direct', ['stat', '-c', '%a', '/run/secrets/token']).stdout.trim()], [SECRET_VALUES.TF_VAR_e2e_file_token, '400']);
      const before = engine.inspectContainer('secrets-app-1').Id;
      const r: RunResult = redeploy((app, props) => new SecretFilesStack(app, 'compose-secrets', { ...props, version: '2' }));
      const out = r.stdout + r.stderr;
      c.that('a changed config applies (the container is replaced: upload forces replacement)', () => ({ ok: r.code === 0 && /must be replaced/.test(out), detail: out.slice(-2500) }));
      c.that('the plan and apply output of that change shows the upload block but no value of the variables', () => {
        const shown = out.split('\n').filter((l) => /upload|content|sensitive/.test(l));
        return { ok: leaks(out).length === 0 && shown.some((l) => /upload/.test(l)) && /sensitive/.test(out), detail: `leaked ${leaks(out)}; lines: ${shown.slice(0, 16).join(' | ')}` };
      });
      c.that('app is a new container holding version 2 of the config, and the secret still', () => {
        const after = engine.inspectContainer('secrets-app-1').Id;
        const now = [read(engine, 'secrets-app-1', '/app_conf'), read(engine, 'secrets-app-1', '/run/secrets/db_password')];
        return { ok: after !== before && now[0] === conf('2') && now[1] === SECRET_VALUES.TF_VAR_E2E_DB_PASSWORD, detail: `id ${before.slice(0, 12)} -> ${after.slice(0, 12)}, ${JSON.stringify(now[0])}` };
      });
    },
  };
}

/** What the engine holds for one project: comparable whichever tool deployed it. */
interface EngineFacts {
  networks: Record<string, { driver: string; internal: boolean; ipam: unknown; bridge?: string }>;
  /** By service: network -> { aliases (without container ids and names), ipv4 when static }. */
  services: Record<string, Record<string, { aliases: string[]; gateway: string; ipv4?: string }>>;
  /** By service: `container/proto -> hostIp:hostPort`. */
  ports: Record<string, string[]>;
}

/** Facts of `networks` and of containers by service (`name(service)` gives the container name). */
function engineFacts(engine: Engine, networks: string[], services: Record<string, string>, staticIps: boolean): EngineFacts {
  const facts: EngineFacts = { networks: {}, services: {}, ports: {} };
  for (const n of networks) {
    const i = engine.inspectNetwork(n);
    facts.networks[n] = {
      driver: i.Driver,
      internal: i.Internal,
      // The gateway is compared as the containers see it (below): Compose leaves it to Docker, the library writes it.
      ipam: (i.IPAM.Config ?? []).map((c: any) => ({ subnet: c.Subnet, ipRange: c.IPRange || undefined, aux: c.AuxiliaryAddresses || undefined })),
      bridge: i.Options?.['com.docker.network.bridge.name'],
    };
  }
  for (const [svc, container] of Object.entries(services)) {
    const c = engine.inspectContainer(container);
    const id = String(c.Id).slice(0, 12);
    facts.services[svc] = {};
    for (const [net, n] of Object.entries<any>(c.NetworkSettings.Networks)) {
      const aliases = (n.Aliases ?? []).filter((a: string) => a !== id && a !== container).sort();
      facts.services[svc][net] = { aliases, gateway: n.Gateway, ipv4: staticIps ? n.IPAMConfig?.IPv4Address || undefined : undefined };
    }
    facts.ports[svc] = Object.entries<any>(c.HostConfig.PortBindings ?? {})
      .flatMap(([port, bindings]) => (bindings ?? []).map((b: any) => `${port} -> ${b.HostIp || '0.0.0.0'}:${b.HostPort}`))
      .sort();
  }
  return facts;
}

/** A Compose CLI the suite compares with: Debian's docker-compose 1.29, and the current one built from source. */
interface ComposeCli {
  /** As named in check titles: `docker-compose 1.29`, `docker compose v5.6.0`. */
  readonly label: string;
  /** The binary, or why it is not there. */
  readonly binary: () => string | { missing: string };
  /** 1.29 knows no top-level `name:` (the copy given to it has none). */
  readonly stripName: boolean;
  /** Container names it gives: `<project>_<service>_1` (1.29) or `<project>-<service>-1` (v2 and later, as the library). */
  readonly containers: 'v1' | 'v2';
}

let builtV5: string | { missing: string } | undefined;

/** docker compose v5.6.0, built once from the Go module proxy into the cache by e2e/compose-cli.sh. */
function composeV5(): string | { missing: string } {
  if (builtV5 === undefined) {
    try {
      builtV5 = script(path.join(__dirname, 'compose-cli.sh'), [], process.env, 3_600_000).split('\n').pop()!;
    } catch (e) {
      builtV5 = { missing: `e2e/compose-cli.sh could not build docker compose v5.6.0: ${(e as Error).message.slice(-1500)}` };
    }
  }
  return builtV5;
}

export const COMPOSE_CLIS: readonly ComposeCli[] = [
  { label: 'docker-compose 1.29', binary: () => (which('docker-compose') ? 'docker-compose' : { missing: 'docker-compose is not installed (apt-get install docker-compose)' }), stripName: true, containers: 'v1' },
  { label: 'docker compose v5.6.0', binary: composeV5, stripName: false, containers: 'v2' },
];

/** Brings `file` up with `cli` as project `project`, on the suite's engine only (its DOCKER_HOST). */
function composeUp(cli: ComposeCli, binary: string, engine: Engine, file: string, project: string, env: Record<string, string>, work: string): { ok: boolean; detail: string; down: () => void } {
  const doc = parseDocument(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
  if (cli.stripName) doc.delete('name');
  const copy = path.join(work, `${cli.label.replace(/\W+/g, '-')}-${file}`);
  fs.writeFileSync(copy, doc.toString());
  const args = ['-p', project, '-f', copy];
  const e = { ...engine.env(), ...env };
  const up = run(binary, [...args, 'up', '-d', '--no-build'], { env: e, timeoutMs: 180_000 });
  return {
    ok: up.code === 0,
    detail: up.stdout + up.stderr,
    down: () => {
      run(binary, [...args, 'down', '--volumes', '--remove-orphans', '-t', '1'], { env: e, timeoutMs: 180_000 });
    },
  };
}

function which(cmd: string): boolean {
  return run('sh', ['-c', `command -v ${cmd}`]).code === 0;
}

/** Facts recorded from each Compose CLI's deployment, by `<case> <cli>`. */
const composeFacts = new Map<string, EngineFacts | string>();

/** Container names by service as `cli` names them, from the library's (`<project>-<service>-1`). */
function cliContainers(cli: ComposeCli, containers: Record<string, string>, project: string): Record<string, string> {
  if (cli.containers === 'v2') return containers;
  return Object.fromEntries(Object.entries(containers).map(([svc, c]) => [svc, c === `${project}-${svc}-1` ? `${project}_${svc}_1` : c]));
}

/** The comparison with each Compose CLI, run in the case's `before` (before the library deploys). */
function withCompose(name: string, file: string, networks: string[], containers: Record<string, string>, staticIps: boolean): Pick<StackCase, 'before'> {
  return {
    before(engine) {
      const project = name.replace(/^compose-/, '');
      for (const cli of COMPOSE_CLIS) {
        const key = `${name} ${cli.label}`;
        const binary = cli.binary();
        if (typeof binary !== 'string') {
          composeFacts.set(key, binary.missing);
          continue;
        }
        const work = process.env.E2E_WORK ?? fs.mkdtempSync('/tmp/dnc-compose-');
        const up = composeUp(cli, binary, engine, file, project, { IMAGE: 'e2e-busybox:latest', WEBPASSWORD: 'e2e' }, work);
        try {
          if (!up.ok) composeFacts.set(key, `${cli.label} up failed: ${up.detail.slice(-1500)}`);
          else composeFacts.set(key, engineFacts(engine, networks, cliContainers(cli, containers, project), staticIps));
        } catch (e) {
          composeFacts.set(key, `reading the deployment of ${cli.label} failed: ${(e as Error).message}`);
        } finally {
          up.down();
        }
      }
      return undefined;
    },
  };
}

/** Compares the library's deployment with each Compose CLI's, field by field; ports differ only in host IP. */
function compareWithCompose(name: string, engine: Engine, c: Checks, networks: string[], containers: Record<string, string>, staticIps: boolean, loopbackExpected: boolean): void {
  const ours = engineFacts(engine, networks, containers, staticIps);
  for (const cli of COMPOSE_CLIS) {
    const theirs = composeFacts.get(`${name} ${cli.label}`);
    if (typeof theirs === 'string' || theirs === undefined) {
      c.that(`${cli.label} deployed the same file for comparison`, () => ({ ok: false, detail: theirs ?? 'not run' }));
      continue;
    }
    c.equal(`networks as ${cli.label} creates them (name, driver, internal, subnet, ip_range, aux addresses, bridge name)`, () => ours.networks, theirs.networks);
    c.equal(`every service on the same networks with the same aliases, gateway and static addresses as under ${cli.label}`, () => ours.services, theirs.services);
    const expected = Object.fromEntries(
      Object.entries(theirs.ports).map(([svc, list]) => [svc, list.map((p) => (loopbackExpected ? p.replace(' -> 0.0.0.0:', ' -> 127.0.0.1:') : p))]),
    );
    c.equal(
      loopbackExpected
        ? `published ports as under ${cli.label}, except the host IP: 127.0.0.1 where Compose binds 0.0.0.0 (the secure default)`
        : `published ports exactly as under ${cli.label}`,
      () => ours.ports,
      expected,
    );
  }
}

function running(engine: Engine, c: Checks, names: string[]): void {
  for (const n of names) c.that(`container ${n} is running`, () => engine.inspectContainer(n).State.Running === true);
}

const WEB_NETS = ['shop_front', 'shop_back'];
const WEB_CONTAINERS = { proxy: 'shop-proxy-1', api: 'shop-api-1', db: 'shop-db-1', cache: 'shop-cache-1' };
const DNS_NETS = ['dnsfilter_dns_net'];
const DNS_CONTAINERS = { resolver: 'dns-resolver', client: 'dnsfilter-client-1' };

export const COMPOSE_CASES: StackCase[] = [
  {
    name: 'compose-shop',
    build: (app: App, props) => new ComposeFileStack(app, 'compose-shop', 'web-app.yml', props),
    ...withCompose('compose-shop', 'web-app.yml', WEB_NETS, WEB_CONTAINERS, false),
    check(engine, c) {
      running(engine, c, Object.values(WEB_CONTAINERS));
      c.equal('shop_back is internal, 10.61.1.0/24', () => [engine.inspectNetwork('shop_back').Internal, engine.inspectNetwork('shop_back').IPAM.Config[0].Subnet], [true, '10.61.1.0/24']);
      const apiFront = () => engine.addresses('shop-api-1').shop_front.ipv4;
      c.equal('proxy resolves the service name api on front', () => engine.resolve('shop-proxy-1', 'api'), apiFront());
      c.equal('proxy resolves the alias backend on front', () => engine.resolve('shop-proxy-1', 'backend'), apiFront());
      c.equal('proxy gets the api page at backend:8080', () => engine.httpGet('shop-proxy-1', 'backend', 8080), 'api');
      c.equal('api gets the db page at db:5432 (over back)', () => engine.httpGet('shop-api-1', 'db', 5432), 'db');
      c.equal('api gets the cache page at cache:6379', () => engine.httpGet('shop-api-1', 'cache', 6379), 'cache');
      c.that('proxy cannot resolve db (front and back share only api)', () => engine.resolve('shop-proxy-1', 'db') === undefined);
      c.equal('the proxy answers on 127.0.0.1:18081 from the host', () => hostHttpGet('127.0.0.1', 18081), 'proxy');
      c.equal('db mounts the named volume shop_dbdata at /var/lib/db', () =>
        engine.inspectContainer('shop-db-1').Mounts.filter((m: any) => m.Type === 'volume').map((m: any) => [m.Name, m.Destination]), [['shop_dbdata', '/var/lib/db']]);
      c.that('db is healthy (its health check runs), and api started after it was', () => {
        const db = engine.inspectContainer('shop-db-1').State;
        const api = engine.inspectContainer('shop-api-1').State;
        // Docker keeps only the last 5 health results: on a slow run the first passing one may be gone already.
        // Then the log does not reach back to api's start, and what is left to prove the wait is that api started
        // no earlier than db's first health check could have run (db start + the 2 s interval).
        const log: any[] = db.Health?.Log ?? [];
        const apiStart = new Date(api.StartedAt).getTime();
        const okBefore = log.some((l) => l.ExitCode === 0 && new Date(l.End).getTime() <= apiStart);
        const logStartsLater = log.length >= 5 && log.every((l) => new Date(l.Start).getTime() > apiStart);
        const afterFirstCheck = apiStart >= new Date(db.StartedAt).getTime() + 2000;
        const ok = db.Health?.Status === 'healthy' && (okBefore || (logStartsLater && afterFirstCheck));
        const first = log.find((l) => l.ExitCode === 0)?.End;
        return { ok, detail: `db ${db.Health?.Status}, started ${db.StartedAt}, earliest ok kept ${first} (${log.length} results kept), api started ${api.StartedAt}` };
      });
      compareWithCompose('compose-shop', engine, c, WEB_NETS, WEB_CONTAINERS, false, true);
    },
  },
  {
    name: 'compose-dnsfilter',
    build: (app: App, props) => new ComposeFileStack(app, 'compose-dnsfilter', 'dns-filter.yml', props),
    ...withCompose('compose-dnsfilter', 'dns-filter.yml', DNS_NETS, DNS_CONTAINERS, true),
    check(engine, c) {
      running(engine, c, Object.values(DNS_CONTAINERS));
      const net = () => engine.inspectNetwork('dnsfilter_dns_net');
      c.equal('dns_net: 10.62.0.0/24, gateway .1, ip_range .128/25, aux router .2', () => net().IPAM.Config, [
        { Subnet: '10.62.0.0/24', IPRange: '10.62.0.128/25', Gateway: '10.62.0.1', AuxiliaryAddresses: { router: '10.62.0.2' } },
      ]);
      c.that('the host has bridge br-dnsfilter holding 10.62.0.1/24', () => {
        const r = run('ip', ['-4', '-o', 'addr', 'show', 'dev', 'br-dnsfilter']);
        return { ok: r.code === 0 && r.stdout.includes('inet 10.62.0.1/24'), detail: r.stdout + r.stderr };
      });
      c.equal('the resolver holds its static address 10.62.0.53', () => engine.addresses('dns-resolver').dnsfilter_dns_net.ipv4, '10.62.0.53');
      c.equal('the client resolves resolver (service name) to 10.62.0.53', () => engine.resolve('dnsfilter-client-1', 'resolver'), '10.62.0.53');
      c.equal('the client gets the admin page from 10.62.0.53', () => engine.httpGet('dnsfilter-client-1', '10.62.0.53'), 'admin');
      c.equal('the admin page answers on 127.0.0.1:18082 from the host', () => hostHttpGet('127.0.0.1', 18082), 'admin');
      compareWithCompose('compose-dnsfilter', engine, c, DNS_NETS, DNS_CONTAINERS, true, false);
    },
  },
  {
    name: 'compose-legacy',
    build: (app: App, props) =>
      new ComposeFileStack(app, 'compose-legacy', 'legacy-links.yml', props, { insecure: { db: { defaultBridge: true }, web: { defaultBridge: true } } }),
    check(engine, c) {
      running(engine, c, ['legacy-db-1', 'legacy-web-1']);
      const dbIp = () => engine.addresses('legacy-db-1').bridge.ipv4;
      c.that('web has a hosts entry database -> the db address on docker0', () => {
        const hosts = engine.exec('legacy-web-1', ['cat', '/etc/hosts']).stdout;
        return { ok: new RegExp(`^${dbIp().replace(/\./g, '\\.')}\\s+database$`, 'm').test(hosts), detail: hosts };
      });
      c.equal('web has the link variable DATABASE_PORT_80_TCP_ADDR', () => engine.exec('legacy-web-1', ['sh', '-c', 'echo $DATABASE_PORT_80_TCP_ADDR']).stdout.trim(), dbIp());
      c.equal('web gets the db page at database', () => engine.httpGet('legacy-web-1', 'database'), 'legacy db');
    },
  },
  {
    // Issue 20: build (offline, FROM the suite's local busybox), file secret and config, replicas, init, limits.
    name: 'compose-build',
    build: (app: App, props) => new ComposeFileStack(app, 'compose-build', 'build-app.yml', props, { env: { IMAGE: exampleImage(props), BASE_IMAGE: exampleImage(props) } }),
    check(engine, c) {
      const web = ['buildapp-web-1', 'buildapp-web-2'];
      running(engine, c, [...web, 'buildapp-client-1']);
      // busybox nc, as Engine.httpGet (its wget crashes), for a path other than /.
      const get = (target: string, file: string) =>
        engine.exec('buildapp-client-1', ['sh', '-c', `printf 'GET /${file} HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${target} 8080`], 8_000).stdout.split(/\r?\n\r?\n/).slice(1).join('\n').trim();
      c.equal('the image buildapp-web was built on the engine, with its label', () => engine.docker(['image', 'inspect', 'buildapp-web', '--format', '{{index .Config.Labels "org.example.app"}}']).trim(), 'buildapp');
      c.equal('build arg GREETING reached stage web (target), not stage unused', () => get('buildapp-web-1', 'greeting'), 'hello-from-build');
      c.equal('the secret file is at /run/secrets/api_token', () => get('buildapp-web-1', 'token'), 'token-not-a-real-secret');
      c.equal('the config file is at its target /etc/app.conf', () => get('buildapp-web-2', 'conf'), 'mode=demo');
      c.equal('the client reaches both replicas by container name', () => web.map((w) => get(w, 'name')), web.map((w) => engine.inspectContainer(w).Config.Hostname));
      c.equal('the service name web resolves to both replicas', () => engine.resolveAll('buildapp-client-1', 'web').sort(), web.map((w) => engine.addresses(w).buildapp_default.ipv4).sort());
      c.equal('the one-shot job migrate exited 0 and is not running', () => {
        const st = engine.inspectContainer('buildapp-migrate-1').State;
        return [st.Running, st.ExitCode];
      }, [false, 0]);
      c.that('both replicas started after migrate had exited (service_completed_successfully)', () => {
        const done = new Date(engine.inspectContainer('buildapp-migrate-1').State.FinishedAt).getTime();
        const started = web.map((w) => new Date(engine.inspectContainer(w).State.StartedAt).getTime());
        return { ok: started.every((t) => t >= done), detail: `migrate finished ${new Date(done).toISOString()}, web started ${started.map((t) => new Date(t).toISOString()).join(', ')}` };
      });
      c.equal('each replica has its own anonymous volume at /var/cache/app', () =>
        web.map((w) => engine.inspectContainer(w).Mounts.filter((m: any) => m.Destination === '/var/cache/app').map((m: any) => [m.Type, m.Name])), web.map((w) => [['volume', `${w}_var_cache_app`]]));
      c.equal('client: read-only root, tmpfs /tmp, nofile 1024:2048, json-file 1m x 2, 0.25 CPU, 32 MiB (read_only, ulimits, logging, cpus, mem_limit)', () => {
        const inspected = engine.inspectContainer('buildapp-client-1');
        const h = inspected.HostConfig;
        const nofile = (h.Ulimits ?? []).find((u: any) => u.Name === 'nofile');
        const tmpfs = [...Object.keys(h.Tmpfs ?? {}), ...inspected.Mounts.filter((m: any) => m.Type === 'tmpfs').map((m: any) => m.Destination)];
        const log = Object.fromEntries(Object.entries(h.LogConfig.Config ?? {}).sort(([a], [b]) => a.localeCompare(b)));
        return [h.ReadonlyRootfs, tmpfs, nofile && [nofile.Soft, nofile.Hard], h.LogConfig.Type, log, h.CpuQuota > 0 ? h.CpuQuota / h.CpuPeriod : h.NanoCpus / 1e9, h.Memory];
      }, [true, ['/tmp'], [1024, 2048], 'json-file', { 'max-file': '2', 'max-size': '1m' }, 0.25, 32 * 1024 * 1024]);
      c.that('client: the root filesystem refuses writes, /tmp takes them', () => {
        const root = engine.exec('buildapp-client-1', ['sh', '-c', 'touch /x 2>/dev/null; echo $?']).stdout.trim();
        const tmp = engine.exec('buildapp-client-1', ['sh', '-c', 'touch /tmp/x; echo $?']).stdout.trim();
        return { ok: root !== '0' && tmp === '0', detail: `touch /x: ${root}, touch /tmp/x: ${tmp}` };
      });
      for (const w of web) {
        c.equal(`${w}: PID 1 is Docker's init (init: true)`, () => engine.exec(w, ['cat', '/proc/1/comm']).stdout.trim(), 'docker-init');
        c.that(`${w}: the secret is mounted read-only`, () => engine.inspectContainer(w).Mounts.some((m: any) => m.Destination === '/run/secrets/api_token' && m.RW === false));
        c.equal(`${w}: memory 64 MiB, 0.5 CPU, restart on-failure:3, sysctl set`, () => {
          const h = engine.inspectContainer(w).HostConfig;
          return [h.Memory, h.CpuQuota > 0 ? h.CpuQuota / h.CpuPeriod : h.NanoCpus / 1e9, h.RestartPolicy.Name, h.RestartPolicy.MaximumRetryCount, h.Sysctls['net.ipv4.ip_unprivileged_port_start']];
        }, [64 * 1024 * 1024, 0.5, 'on-failure', 3, '0']);
      }
    },
  },
  {
    // Loading as Compose loads a project (issue 20): the override file beside compose.yaml, include with its own
    // .env, env_file, a profile not chosen.
    name: 'compose-project',
    build: (app: App, props) => new ComposeFileStack(app, 'compose-project', 'project/compose.yaml', props),
    check(engine, c) {
      running(engine, c, ['project-web-1', 'project-db-1']);
      const names = () => engine.docker(['ps', '-a', '--format', '{{.Names}}']).split('\n').filter((n) => n.startsWith('project-')).sort();
      c.equal('the debug service (profile debug, not chosen) has no container', names, ['project-db-1', 'project-web-1']);
      const env = (container: string, name: string) => engine.exec(container, ['sh', '-c', `printf '%s' "$${name}"`]).stdout;
      c.equal('web: environment wins over env_file', () => env('project-web-1', 'GREETING'), 'from-environment');
      c.equal('web: MODE from the override file', () => env('project-web-1', 'MODE'), 'override');
      c.equal('web: env_file values interpolated, # kept inside a value', () => [env('project-web-1', 'DB_URL'), env('project-web-1', 'PASSWORD')], ['postgres://db:5432/app', 'abc#def']);
      c.equal("db (included): ROLE from the included project's .env", () => env('project-db-1', 'ROLE'), 'database');
      c.equal('web resolves the included service db', () => engine.resolve('project-web-1', 'db'), engine.addresses('project-db-1').project_default.ipv4);
    },
  },
  secretFilesCase(),
  {
    name: 'literal-text',
    build: (app: App, props) => new LiteralTextStack(app, 'literal-text', props),
    check(engine, c) {
      running(engine, c, ['literal-compose-1', 'literal-direct']);
      for (const container of ['literal-compose-1', 'literal-direct']) {
        for (const [name, text] of Object.entries(LITERAL_TEXTS)) {
          c.equal(`${container}: ${name} holds the literal text ${text}, not what Terraform would make of it`, () => engine.exec(container, ['sh', '-c', `printf '%s' "$${name}"`]).stdout.replace(/\n$/, ''), text);
        }
      }
    },
  },
  {
    name: 'compose-swarm',
    build: (app: App, props) => new ComposeFileStack(app, 'compose-swarm', 'swarm-stack.yml', props, {}, true),
    ...singleNodeSwarm(),
    check(engine, c) {
      const net = () => engine.inspectNetwork('stack_backbone');
      c.equal('stack_backbone is an encrypted swarm overlay on 172.16.63.0/24', () => [net().Driver, net().Scope, net().Options?.encrypted, net().IPAM.Config[0].Subnet], [
        'overlay',
        'swarm',
        'true',
        '172.16.63.0/24',
      ]);
      for (const [svc, n] of [['stack_api', '2/2'], ['stack_edge', '1/1']] as const) {
        c.that(`service ${svc} converges to ${n} replicas`, () => {
          let last = '';
          const ok = waitFor(() => (last = engine.docker(['service', 'ls', '--filter', `name=${svc}`, '--format', '{{.Replicas}}']).trim()) === n, 90_000);
          return { ok, detail: `replicas ${last}` };
        });
      }
      const tasks = (svc: string) =>
        engine
          .docker(['ps', '--filter', `label=com.docker.swarm.service.name=${svc}`, '--format', '{{.Names}}'])
          .split('\n')
          .filter(Boolean);
      const edge = () => tasks('stack_edge')[0];
      const apiIps = () => tasks('stack_api').map((t) => engine.addresses(t).stack_backbone?.ipv4).sort();
      c.that('edge resolves the alias api-v1 (dnsrr) to the api tasks', () => {
        const ips = engine.resolveAll(edge(), 'api-v1').filter((a) => !a.includes(':')).sort();
        return { ok: JSON.stringify(ips) === JSON.stringify(apiIps()) && ips.length === 2, detail: `${ips} vs ${apiIps()}` };
      });
      c.equal('edge gets the api page by service name', () => engine.httpGet(edge(), 'api'), 'api');
      c.equal('the host-mode port answers on 127.0.0.1:18083', () => hostHttpGet('127.0.0.1', 18083), 'edge');
    },
  },
];
