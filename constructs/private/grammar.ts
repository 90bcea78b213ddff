/**
 * The one parser of each text grammar the library reads (Go durations, Docker sizes): pure functions with no
 * construct or token in sight, each returning the value or the reason it is not one. `Duration.parse`,
 * `Size.parse`, the Compose mapping and the Compose code generator all read through these.
 */

import { ContainerErrors } from '../container-errors';

/** A parsed value, or why the text is not one (a message saying how to write it, for the caller to report). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const GO_UNITS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/**
 * Milliseconds of a duration in Go's notation (`time.ParseDuration`, which Docker and Compose use): `0`, or
 * numbers each followed by a unit (h, m, s, ms, us or µs, ns), such as `30s`, `1m30s`, `2.5s`, `500ms`. No sign,
 * no spaces (the caller trims if it wants to), no words.
 */
export function parseGoDuration(text: unknown): Parsed<number> {
  if (typeof text !== 'string') return { ok: false, problem: ContainerErrors.badDurationText(text) };
  if (text === '0') return { ok: true, value: 0 };
  if (!GO_DURATION.test(text)) return { ok: false, problem: ContainerErrors.badDurationText(text) };
  let ms = 0;
  for (const m of text.matchAll(GO_DURATION_PART)) ms += Number(m[1]) * GO_UNITS[m[2]];
  return { ok: true, value: ms };
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const DOCKER_SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp]?)(?:(?<=[kmgtp])i)?b?$/i;

/**
 * Bytes of a size in Docker's notation (go-units `RAMInBytes`, as `docker run --memory` reads it): a number, then
 * `k`, `m`, `g`, `t` or `p`, optionally followed by `i` and `b`, any case, all binary (`512m`, `512MiB`, `512mb`
 * are 512 MiB; `1024` and `1024b` bytes). Surrounding spaces are ignored; the result is rounded to whole bytes.
 */
export function parseDockerSize(text: unknown): Parsed<number> {
  const m = typeof text === 'string' ? DOCKER_SIZE.exec(text.trim()) : null;
  if (!m) return { ok: false, problem: ContainerErrors.badSizeText(text) };
  return { ok: true, value: Math.round(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()]) };
}
