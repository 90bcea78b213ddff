import { distance } from 'fastest-levenshtein';

/**
 * The one "did you mean" of the library: the candidate closest to `word` by Levenshtein distance, when it is close
 * enough to be a typo (at most 2 edits, or a third of the word's length for longer words); undefined otherwise.
 * Ties go to the earlier candidate. The distance is fastest-levenshtein's (maintained, no dependencies, typed); the
 * threshold is ours, shared by capability names, Compose fields and opt-outs, command-line options and warning ids.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (typeof word !== 'string') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
