/** `1 test`, `3 tests`: a count with its noun. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** Text as a literal inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * A duration in the form the CLI's duration options take (`1h30m`, `5s`), for
 * messages; a part of a second is shown to the tenth (`2.5s`).
 */
export function formatDurationOption(ms: number): string {
  const seconds = Math.round(ms / 100) / 10
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = Math.round((seconds % 60) * 10) / 10
  const parts = [hours > 0 && `${hours}h`, minutes > 0 && `${minutes}m`, rest > 0 && `${rest}s`]
  return parts.filter(Boolean).join('') || '0s'
}
