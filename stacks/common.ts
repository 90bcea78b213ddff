import { DefaultBridgeFacts, DockerHost, HostEndpoint, ProviderVersion } from '../constructs';
import { Construct } from 'constructs';

/** What every example stack takes: where to deploy and which image to run. */
export interface ExampleStackProps {
  /**
   * The image every example container runs. It needs `sh`, `sleep`, `httpd`, `ping`, `nc` and `wget` (busybox).
   * @default - $DEMO_IMAGE, else busybox:1.36 (pulled by Terraform if missing)
   */
  readonly image?: string;
  /**
   * The engine to deploy to.
   * @default HostEndpoint.fromEnvironment() - DOCKER_HOST or the local socket
   */
  readonly endpoint?: HostEndpoint;
  /**
   * The kreuzwerker/docker version to write for.
   * @default - $DEMO_PROVIDER_VERSION (e.g. `4.6.1-dev` for a mirror holding that build), else ProviderVersion.V3_6_2
   */
  readonly providerVersion?: ProviderVersion;
  /**
   * The engine's default bridge, when it is not a fresh engine's docker0 (e.g. the real-engine suite's own engine).
   * @default - a fresh engine's docker0: 172.17.0.0/16, gateway 172.17.0.1
   */
  readonly defaultBridge?: DefaultBridgeFacts;
}

/** The provider version the examples write for. */
export function exampleProviderVersion(props: { readonly providerVersion?: ProviderVersion }): ProviderVersion {
  return props.providerVersion ?? (process.env.DEMO_PROVIDER_VERSION ? ProviderVersion.of(process.env.DEMO_PROVIDER_VERSION) : ProviderVersion.V3_6_2);
}

/** The image name the examples use. */
export function exampleImage(props: ExampleStackProps): string {
  return props.image ?? process.env.DEMO_IMAGE ?? 'busybox:1.36';
}

/** A long-running command: serve `text` over HTTP on port 80 (busybox httpd). */
export function webServer(text: string): string[] {
  return ['sh', '-c', `mkdir -p /www && echo '${text}' > /www/index.html && exec httpd -f -p 80 -h /www`];
}

/** A long-running command that does nothing (a client to exec into). */
export const IDLE: readonly string[] = ['sleep', '2147483647'];

/** The stack's one Docker host, and the image id to run on it. */
export function exampleHost(scope: Construct, props: ExampleStackProps): { host: DockerHost; image: string } {
  const host = new DockerHost(scope, 'host', { endpoint: props.endpoint, providerVersion: exampleProviderVersion(props), defaultBridge: props.defaultBridge });
  return { host, image: host.image(exampleImage(props)) };
}

/**
 * Capabilities of the example containers that diagnose the network with ping: the library drops all by
 * default, and busybox ping opens a raw socket. Web servers need none (Docker lets containers bind ports
 * below 1024 without NET_BIND_SERVICE).
 */
export const PROBE_CAPABILITIES: readonly string[] = ['NET_RAW'];
