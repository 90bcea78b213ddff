/**
 * The credentials an endpoint URL carries in its user-info part (`scheme://user:password@host`), found without
 * trusting the rest of the URL to parse: a password for any scheme, and for every scheme but `ssh://` (where the
 * user name picks the account) any user-info at all, which HTTP and TCP clients send as a token.
 */
export interface EndpointCredentials {
  /** True when the URL holds a secret. */
  readonly secret: boolean;
  /** The URL with the secret left out (`ssh://user@host`, `tcp://host:2376`), safe to write and print. */
  readonly redacted: string;
}

/** See {@link EndpointCredentials}. */
export function endpointCredentials(url: string): EndpointCredentials {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(url);
  if (!m) return { secret: false, redacted: url };
  const [, scheme, authority, rest] = m;
  const at = authority.lastIndexOf('@');
  if (at < 0) return { secret: false, redacted: url };
  const userinfo = authority.slice(0, at);
  const host = authority.slice(at + 1);
  const colon = userinfo.indexOf(':');
  if (scheme.toLowerCase() === 'ssh') {
    if (colon < 0) return { secret: false, redacted: url };
    return { secret: true, redacted: `${scheme}://${userinfo.slice(0, colon)}@${host}${rest}` };
  }
  return { secret: true, redacted: `${scheme}://${host}${rest}` };
}
