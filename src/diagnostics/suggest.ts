/**
 * "Did you mean": the one edit distance and nearest-name rule of the project, for unknown keys,
 * names, presets and currencies alike. A leaf module: it imports nothing of the project.
 */

/** Levenshtein edit distance (insertions, deletions, substitutions), O(|a|·|b|). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate nearest to `word`, if it is near enough to be a plausible typo: case is ignored
 * and at most max(2, length / 3) edits are allowed (the length of `word`, rounded down). Ties go
 * to the earlier candidate.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/**
 * `; did you mean 'x'?` when a candidate is near, else ''. `quote` is the quote mark of the
 * message around it: scenario messages quote names with `'`, fee-model messages with `"`.
 */
export function didYouMean(word: string, candidates: Iterable<string>, quote: "'" | '"' = "'"): string {
  const best = nearest(word, candidates);
  return best === undefined ? '' : `; did you mean ${quote}${best}${quote}?`;
}
