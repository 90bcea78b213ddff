/**
 * Runs `fn` with cheap creation stacks. cdktf records a full stack trace for every token and for each of the ~14
 * complex attributes a `docker_container` binding builds in its constructor, and formatting those traces
 * (through source maps under tsx/ts-node) is about 40% of a large synth. The library creates provider resources
 * inside this wrapper, so the traces come out empty. Set DNC_CREATION_STACKS=1 to keep them when debugging a
 * token error.
 */
export function withCheapCreationStacks<T>(fn: () => T): T {
  if (process.env.DNC_CREATION_STACKS === '1') return fn();
  // cdktf's captureStackTrace calls Error.captureStackTrace(holder) and reads holder.stack; leaving the
  // holder untouched yields an empty trace. Synchronous and restored on the way out.
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = () => undefined;
  try {
    return fn();
  } finally {
    Error.captureStackTrace = capture;
  }
}
