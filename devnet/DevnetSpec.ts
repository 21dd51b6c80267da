import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { descriptorSourceDevnet } from './backends/DescriptorSource.js'
import { type EmbeddedOptions, embeddedDevnet } from './backends/Embedded.js'
import { kurtosisDevnet } from './backends/Kurtosis.js'
import { testcontainersDevnet } from './backends/Testcontainers.js'
import type { DevnetBackend } from './Devnet.js'
import { DevnetInputError } from './DevnetError.js'

export interface DevnetSpecOptions {
  /** For `kurtosis:<enclave>`: create the enclave from this optimism-package args file first (`--kurtosis-args`). Default: none. */
  kurtosisArgsFile?: string
  /**
   * For `kurtosis:<enclave>` with `kurtosisArgsFile`: the package `kurtosis run`
   * runs, pinned if wanted (`github.com/ethpandaops/optimism-package@1.4.0`).
   * Default: `github.com/ethpandaops/optimism-package`.
   */
  kurtosisPackage?: string
  /** Directory relative paths (descriptor, definition, args file) resolve against. Default: the working directory. */
  cwd?: string
  /** Environment the backends read (`SIGNALBOX_ANVIL_IMAGE`, `SIGNALBOX_KURTOSIS_BIN`…). Default: `process.env`. */
  env?: NodeJS.ProcessEnv
  /** Options of the embedded devnet. Default: its own defaults. */
  embedded?: EmbeddedOptions
}

const specForms: Array<[string, string]> = [
  ['embedded', 'two anvil processes (the default)'],
  [
    'testcontainers[:<definition>]',
    'containers from a devnet definition (default: devnet/definitions/default.yaml)',
  ],
  [
    'kurtosis:<enclave>',
    'a Kurtosis enclave (with --kurtosis-args <file>: created first, removed after)',
  ],
  ['<path> | http(s)://<url>', 'a devnet-sdk descriptor of a devnet that runs already'],
]

/**
 * The backend a devnet spec names (the CLI's `--devnet`):
 * `embedded` | `testcontainers[:<definition file>]` | `kurtosis:<enclave>` |
 * a path or http(s) URL to a devnet-sdk descriptor. Nothing is started or read
 * until the backend's `start`. Throws a DevnetInputError for a spec it does not know.
 */
export function devnetFromSpec(spec: string, options: DevnetSpecOptions = {}): DevnetBackend {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? process.env
  const [kind, ...restParts] = spec.split(':')
  const rest = restParts.join(':')
  if (options.kurtosisArgsFile && kind !== 'kurtosis') {
    throw invalid(spec, 'a kurtosis args file applies only to kurtosis:<enclave>')
  }
  if (options.kurtosisPackage !== undefined && !options.kurtosisArgsFile) {
    throw invalid(
      spec,
      'a kurtosis package applies only when the enclave is created (--kurtosis-args)',
    )
  }
  // Passed to `kurtosis run` as an argument: one word that is not a flag.
  if (options.kurtosisPackage !== undefined && !/^[^\s-]\S*$/.test(options.kurtosisPackage)) {
    throw invalid(
      spec,
      `kurtosis package "${options.kurtosisPackage}" is not a package locator, e.g. github.com/ethpandaops/optimism-package@1.4.0`,
    )
  }
  if (spec === 'embedded') return embeddedDevnet(options.embedded ?? {})
  if (kind === 'testcontainers') {
    if (restParts.length > 0 && !rest)
      throw invalid(spec, 'testcontainers: needs a definition file after the colon')
    return testcontainersDevnet({ env, ...(rest ? { definitionFile: resolve(cwd, rest) } : {}) })
  }
  if (kind === 'kurtosis') {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(rest))
      throw invalid(spec, 'kurtosis: needs an enclave name, e.g. kurtosis:op-devnet')
    return kurtosisDevnet({
      enclave: rest,
      env,
      ...(options.kurtosisArgsFile ? { argsFile: resolve(cwd, options.kurtosisArgsFile) } : {}),
      ...(options.kurtosisPackage ? { packageLocator: options.kurtosisPackage } : {}),
    })
  }
  if (/^https?:\/\//i.test(spec)) return descriptorSourceDevnet(spec)
  // A path: one that exists, or that looks like one (so a missing file is reported as such, not as an unknown spec).
  if (existsSync(resolve(cwd, spec)) || /[\\/]/.test(spec) || /\.json$/i.test(spec)) {
    return descriptorSourceDevnet(spec, { cwd })
  }
  throw invalid(spec, `unknown devnet spec "${spec}"`)
}

function invalid(spec: string, shortMessage: string): DevnetInputError {
  return new DevnetInputError(shortMessage, {
    source: spec,
    hint: `A devnet spec is one of:\n${specForms.map(([form, what]) => `  ${form.padEnd(31)}${what}`).join('\n')}`,
  })
}
