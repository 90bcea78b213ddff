/**
 * `net_raw` -> `CAP_NET_RAW`: the form Docker stores and the provider reads back. Written any other way, the
 * next plan replaces the container (seen on Docker 20.10).
 */
export function normalizeCapability(cap: string): string {
  const upper = cap.toUpperCase();
  return upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}
