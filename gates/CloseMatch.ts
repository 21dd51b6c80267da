/**
 * "Did you mean …": the candidate a person most likely meant when a name they
 * wrote matches nothing, by edit distance.
 */

/**
 * The candidate closest to `name` (fewest single-character insertions,
 * deletions and substitutions), when it is close enough to be a slip: at most
 * 2 edits, or one per 8 characters for long names such as test ids. Ties go
 * to the candidate that comes first. Undefined when none is that close, or
 * when `name` itself is a candidate.
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 8))
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    if (candidate === name) return undefined
    const bound = Math.min(limit, (best?.distance ?? limit + 1) - 1)
    if (Math.abs(candidate.length - name.length) > bound) continue
    const distance = editDistance(name, candidate, bound)
    if (distance <= bound) best = { candidate, distance }
  }
  return best?.candidate
}

/**
 * Levenshtein distance between `a` and `b`, or `max + 1` as soon as it is
 * known to exceed `max` (test ids are long and runs have thousands).
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      )
      current.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin > max) return max + 1
    previous = current
  }
  return previous[b.length] ?? 0
}
