/** The largest of `values` (block numbers, balances: viem's bigints, which Math.max refuses). Throws on an empty list. */
export function maxOf(values: Iterable<bigint>): bigint {
  return extremeOf(values, (candidate, best) => candidate > best)
}

/** The smallest of `values`. Throws on an empty list. */
export function minOf(values: Iterable<bigint>): bigint {
  return extremeOf(values, (candidate, best) => candidate < best)
}

function extremeOf(
  values: Iterable<bigint>,
  better: (candidate: bigint, best: bigint) => boolean,
): bigint {
  let best: bigint | undefined
  for (const value of values) if (best === undefined || better(value, best)) best = value
  if (best === undefined) throw new Error('no values to compare')
  return best
}
