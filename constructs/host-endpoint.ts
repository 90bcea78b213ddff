import { Token } from 'cdktf';
import { endpointCredentials } from './private/endpoint-url';

/**
 * TLS client material for a `tcp://` Docker endpoint. Certificates are paths or Terraform variables marked
 * sensitive: key material never lands in the synthesized JSON as a literal.
 */
export class TlsMaterial {
  /**
   * A directory holding `ca.pem`, `cert.pem` and `key.pem` (what `docker --tlsverify` uses).
   * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs#cert_path
   */
  public static fromPath(certPath: string): TlsMaterial {
    return new TlsMaterial({ certPath });
  }

  /**
   * Three sensitive Terraform variables, `<prefix>_ca_material`, `<prefix>_cert_material` and
   * `<prefix>_key_material` (prefix: the host's id), set with `TF_VAR_...` in CI.
   */
  public static fromVariables(prefix?: string): TlsMaterial {
    return new TlsMaterial({ variablesPrefix: prefix ?? '' });
  }

  /**
   * PEM material. The key must be a token (a secrets data source, a variable): literal key text is rejected at
   * synth. The CA and client certificates are public and may be literal PEM text (`-----BEGIN CERTIFICATE-----`).
   */
  public static fromValues(values: { readonly ca: string; readonly cert: string; readonly key: string }): TlsMaterial {
    return new TlsMaterial({ values });
  }

  private constructor(
    /** @internal */ public readonly _spec: {
      readonly certPath?: string;
      readonly variablesPrefix?: string;
      readonly values?: { readonly ca: string; readonly cert: string; readonly key: string };
    },
  ) {}
}

/** Options for a `tcp://` endpoint. */
export interface TcpEndpointOptions {
  /**
   * Client TLS material.
   * @default - none: the endpoint is rejected unless `insecure` is true
   */
  readonly tls?: TlsMaterial;
  /**
   * Accept a plain-text, unauthenticated daemon socket (anyone who reaches it is root on that host).
   * @default false
   */
  readonly insecure?: boolean;
}

/** How Terraform reaches one Docker engine. */
export class HostEndpoint {
  /**
   * Whatever the Docker CLI would use: `DOCKER_HOST` if set, else the local socket. Nothing is written into
   * the plan, so the same stack deploys from a laptop and from CI.
   */
  public static fromEnvironment(): HostEndpoint {
    return new HostEndpoint(undefined);
  }

  /** A Unix socket, by default `/var/run/docker.sock`. */
  public static unixSocket(path = '/var/run/docker.sock'): HostEndpoint {
    return new HostEndpoint(`unix://${path}`);
  }

  /**
   * An engine reached over SSH (`ssh://user@host[:port]`); the SSH agent or `~/.ssh/config` supplies keys.
   * @param sshOptions extra `ssh` options (the provider's `ssh_opts`, also given to the docker CLI by the tools), e.g.
   *   `['-p', '2222', '-o', 'StrictHostKeyChecking=yes']`. Only options that choose how to connect are accepted (port,
   *   user, identity file, known hosts, timeouts...: see the README); one that makes ssh run a program or read more
   *   configuration (ProxyCommand, LocalCommand, KnownHostsCommand, Match exec, -F, Include) fails synth.
   * @see https://registry.terraform.io/providers/kreuzwerker/docker/3.6.2/docs#ssh_opts
   */
  public static ssh(url: string, sshOptions: readonly string[] = []): HostEndpoint {
    return new HostEndpoint(url, { sshOptions });
  }

  /** An engine reached over TCP, normally with TLS (`tcp://host:2376`). */
  public static tcp(url: string, options: TcpEndpointOptions = {}): HostEndpoint {
    return new HostEndpoint(url, { tls: options.tls, insecure: options.insecure });
  }

  /**
   * The `host` argument of the provider, or undefined for the environment's. A password (or, but for `ssh://`,
   * any user-info) given in the URL is not kept: it is left out here, so that it never reaches cdk.tf.json or a
   * report, and the DockerHost fails synth saying so.
   */
  public readonly url: string | undefined;
  /** The URL as given held credentials, now left out. @internal */
  public readonly _hadCredentials: boolean;

  private constructor(
    url: string | undefined,
    /** @internal */ public readonly _options: {
      readonly sshOptions?: readonly string[];
      readonly tls?: TlsMaterial;
      readonly insecure?: boolean;
    } = {},
  ) {
    const creds = typeof url === 'string' && !Token.isUnresolved(url) ? endpointCredentials(url) : undefined;
    this.url = creds ? creds.redacted : url;
    this._hadCredentials = creds?.secret ?? false;
  }
}
