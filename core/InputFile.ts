import { constants } from 'node:fs'
import { open } from 'node:fs/promises'

/** The largest file signalbox reads as input (gates, readiness, results, descriptors): 64 MiB. */
export const maxInputFileBytes = 64 * 1024 * 1024

/** A file's text, or why it cannot be read, in words a person acts on. */
export type InputText = { text: string } | { problem: string; cause?: unknown }

/**
 * Reads a file a person handed signalbox. Only a regular file of at most
 * {@link maxInputFileBytes} is read: a FIFO, a device such as /dev/urandom or
 * a directory is refused at once instead of blocking or filling memory.
 */
export async function readInputText(path: string): Promise<InputText> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    // Non-blocking, so that opening a FIFO with no writer does not wait for one.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (cause) {
    return { problem: reasonOf(cause), cause }
  }
  try {
    const stats = await handle.stat()
    if (stats.isDirectory()) return { problem: 'it is a directory' }
    if (!stats.isFile()) return { problem: 'it is not a regular file (a pipe, socket or device)' }
    if (stats.size > maxInputFileBytes)
      return { problem: `it is larger than ${maxInputFileBytes / 1024 / 1024} MiB` }
    return { text: await handle.readFile({ encoding: 'utf8' }) }
  } catch (cause) {
    return { problem: reasonOf(cause), cause }
  } finally {
    await handle.close()
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'EACCES') return 'permission denied'
  return String(code ?? error)
}
