import { Token } from 'cdktf';
import { ContainerErrors } from '../container-errors';

/**
 * The one image-reference grammar of the library (distribution/reference, as `docker pull` reads a name):
 * `[registry-host[:port]/]path[:tag][@sha256:digest]`, or an image id `sha256:<64 hex>`. Containers, services,
 * `host.image()` and the Compose importer check references through this module; each entry point only words the
 * empty case its own way.
 */
const REFERENCE = /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[^@\s]+)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** A registry host as Docker takes it: a DNS name (no `_`) or bracketed IPv6 address, with an optional port. */
const REGISTRY_HOST = /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]{1,5})?$/;

/** True for an image given as no text or blank text (a token is not empty). */
export function isEmptyImage(ref: unknown): boolean {
  return typeof ref !== 'string' || (!Token.isUnresolved(ref) && ref.trim() === '');
}

/** The problem of a non-empty reference (syntax, then digest), or undefined; tokens and empty text pass. */
export function referenceProblem(ref: string): string | undefined {
  if (isEmptyImage(ref) || Token.isUnresolved(ref)) return undefined;
  if (DIGEST.test(ref)) return undefined; // an image id
  if (!REFERENCE.test(ref)) return ContainerErrors.badImageRef(ref);
  const at = ref.indexOf('@');
  if (at >= 0 && !DIGEST.test(ref.slice(at + 1))) return ContainerErrors.badDigest(ref.slice(at + 1));
  return undefined;
}

/** True when `ref` pins a digest (`name@sha256:...`). */
export function pinsDigest(ref: string): boolean {
  return !Token.isUnresolved(ref) && /@sha256:[0-9a-f]{64}$/.test(ref);
}

/** True when `address` (a URL scheme and path are ignored) names a registry host; tokens pass. */
export function isRegistryAddress(address: unknown): boolean {
  if (Token.isUnresolved(address)) return true;
  return typeof address === 'string' && REGISTRY_HOST.test(address.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
}
