import { InputError, SignalboxError } from '../core/index.js'

/** A devnet that could not be had: the run could not decide (exit 2). */
export class DevnetError extends SignalboxError {
  override name = 'DevnetError'
}

/** A devnet process or container did not come up. */
export class DevnetStartError extends DevnetError {
  override name = 'DevnetStartError'
}

/**
 * A devnet backend needs a package that is not installed (an optional peer
 * dependency, such as testcontainers for `--devnet testcontainers`).
 */
export class DevnetPackageMissingError extends DevnetError {
  override name = 'DevnetPackageMissingError'
}

/**
 * A descriptor or definition file that cannot be read, is not valid JSON or
 * YAML, or does not match its schema, or a devnet spec signalbox does not
 * know. Names the source and, for schema errors, every path that is wrong.
 */
export class DevnetInputError extends InputError {
  override name = 'DevnetInputError'
}
