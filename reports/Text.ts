import type { TestError } from '../core/index.js'

/**
 * Text as the reports show it: untrusted text cleaned of terminal sequences,
 * cut to one line or a length, durations and timestamps for people.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI sequences start with ESC
const ansiPattern = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g

/** Removes terminal colour and OSC sequences, which error messages from assertion libraries carry. */
export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '')
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

/** Untrusted text without terminal sequences and control characters (tab and line breaks stay). */
export function cleanText(text: string): string {
  return stripAnsi(text).replace(controlCharacters, '')
}

/** The first line of a message, for one-line contexts. */
export function firstLine(text: string): string {
  const trimmed = text.trimStart()
  const end = trimmed.search(/\r\n|\r|\n/)
  return end === -1 ? trimmed : trimmed.slice(0, end)
}

/** Cuts text to at most `max` characters (default 200), marking the cut. */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/**
 * A duration for people: `850 ms`, `4.2 s`, `3m 07s`, `1h 02m`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const totalSeconds = Math.round(ms / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`
}

/**
 * An ISO timestamp as `YYYY-MM-DD HH:MM:SS UTC`; text that is not a timestamp
 * is returned as it is (the results carry the times; no clock is read).
 */
export function formatTimestamp(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return iso
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/**
 * A test error as one text: the full message (assertion diffs live there), then
 * the stack frames, without repeating the message the stack starts with.
 */
export function errorText(error: TestError | undefined): string {
  if (error === undefined) return ''
  const message = cleanText(error.message)
  if (error.stack === undefined) return message
  const stack = cleanText(error.stack)
  if (stack.includes(message)) return stack
  // The stack's header is usually the message again (with the error's name);
  // keep it only when it says something the message does not.
  const lines = stack.split(/\r\n|\r|\n/)
  const firstFrame = lines.findIndex((line) => /^\s+at\s/.test(line))
  const header = firstFrame === -1 ? lines : lines.slice(0, firstFrame)
  const redundant = header.every(
    (line) => line.trim() === '' || message.includes(line.replace(/^\w*Error: /, '')),
  )
  return `${message}\n${(redundant ? lines.slice(header.length) : lines).join('\n')}`
}
