import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseDocument } from 'yaml'
import { z } from 'zod'
import { maxYamlNesting, yamlNestingOf } from '../../core/index.js'
import { DevnetInputError } from '../DevnetError.js'
import { readInputFile, validate } from '../InputDocument.js'
import { devMnemonic } from '../Wallets.js'

/**
 * A devnet definition: the chains the testcontainers backend starts, one
 * container per chain, each on the devnet's own Docker network. The shipped
 * default (`devnet/definitions/default.yaml`) runs anvil; a team swaps in
 * real images (op-geth, reth…) by writing its own file.
 */

/** Environment variable naming the image for chains that name none. */
export const anvilImageEnv = 'SIGNALBOX_ANVIL_IMAGE'

/** The public foundry image, for chains that name no image when neither the environment nor the file names one. */
export const defaultAnvilImage = 'ghcr.io/foundry-rs/foundry:latest'

const Port = z.number().int().min(1).max(65_535)
/** YAML writes `8545` and `"8545"` alike in a command; both mean the argument `8545`. */
const Argument = z.union([z.string(), z.number(), z.boolean()]).transform(String)

const isRegex = (pattern: string) => {
  try {
    new RegExp(pattern)
    return true
  } catch {
    return false
  }
}

/** When the container counts as started. */
export const WaitStrategy = z.discriminatedUnion('type', [
  z.object({
    /** A line of the container's output matches `pattern` (a regular expression), `times` times. */
    type: z.literal('log'),
    pattern: z.string().min(1).refine(isRegex, 'expected a valid regular expression'),
    times: z.number().int().positive().default(1),
  }),
  z.object({
    /** An HTTP request to `path` on container port `port` answers `status`. */
    type: z.literal('http'),
    path: z.string().startsWith('/'),
    port: Port,
    /** Default: GET. */
    method: z.string().default('GET'),
    /** Default: 200. */
    status: z.number().int().default(200),
  }),
  /** Every exposed port accepts connections. */
  z.object({ type: z.literal('ports') }),
  /** The image's own Docker HEALTHCHECK reports healthy. */
  z.object({ type: z.literal('healthcheck') }),
])
export type WaitStrategy = z.infer<typeof WaitStrategy>

/** One chain of a definition: one container. */
export const DefinitionChain = z
  .object({
    /** Chain name in the descriptor, and its container's alias on the devnet's network. */
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes'),
    role: z.enum(['l1', 'l2']),
    /** The chain id the node is started with (the health checks compare it). */
    chainId: z.number().int().positive(),
    /** Seconds between blocks; leave out for a chain that mines on demand. */
    blockTimeSeconds: z.number().positive().optional(),
    /** Default: `$SIGNALBOX_ANVIL_IMAGE`, else the file's `anvilImage`, else the public foundry image. */
    image: z.string().min(1).optional(),
    /** Overrides the image's entrypoint. */
    entrypoint: z.array(z.string()).optional(),
    command: z.array(Argument).default([]),
    /** Container port of the JSON-RPC endpoint. Default: 8545. */
    rpcPort: Port.default(8545),
    /** More container ports to publish (on 127.0.0.1); the RPC port always is. */
    ports: z.array(Port).default([]),
    environment: z.record(z.string(), Argument).default({}),
    /** Default: every exposed port accepts connections. */
    wait: WaitStrategy.default({ type: 'ports' }),
  })
  .strict()
export type DefinitionChain = z.infer<typeof DefinitionChain>

/** A devnet definition file. Unknown keys are errors, so a typo does not go unnoticed. */
export const DevnetDefinition = z
  .object({
    name: z.string().min(1),
    /** Image for chains that name none, unless `$SIGNALBOX_ANVIL_IMAGE` is set. Default: the public foundry image. */
    anvilImage: z.string().min(1).optional(),
    /** The funded accounts the descriptor lists: the first `count` of `mnemonic`. Funded on one chain or more: the faucet funds each chain's tests from those with ether there. */
    wallets: z
      .object({
        mnemonic: z.string().min(1).default(devMnemonic),
        count: z.number().int().min(0).max(1_000).default(10),
      })
      .strict()
      // Parsed like a written `wallets: {}`, so the defaults above are the only ones.
      .prefault({}),
    chains: z.array(DefinitionChain).min(1),
  })
  .strict()
  .superRefine((definition, context) => {
    const seen = new Set<string>()
    for (const [index, chain] of definition.chains.entries()) {
      if (seen.has(chain.name)) {
        context.addIssue({
          code: 'custom',
          path: ['chains', index, 'name'],
          message: `duplicate chain name "${chain.name}"`,
        })
      }
      seen.add(chain.name)
    }
  })
export type DevnetDefinition = z.infer<typeof DevnetDefinition>

/**
 * Validates an already-loaded definition (the YAML's data). Throws a
 * DevnetInputError naming `source` and every wrong path, e.g.
 * `chains[1].wait.pattern: expected a valid regular expression`.
 */
export function parseDevnetDefinition(data: unknown, source: string): DevnetDefinition {
  return validate(DevnetDefinition, data, {
    source,
    what: 'devnet definition',
    hint: 'See devnet/definitions/default.yaml for a definition that works.',
  })
}

/** Reads, parses (YAML) and validates the definition file at `path`. */
export async function loadDevnetDefinition(path: string): Promise<DevnetDefinition> {
  const text = await readInputFile(path, { source: path, what: 'devnet definition' })
  // The parser recurses once per level: deeper files are refused before they overflow its stack.
  if (yamlNestingOf(text) > maxYamlNesting) {
    throw new DevnetInputError(
      `devnet definition ${path} nests deeper than ${maxYamlNesting} levels`,
      { source: path },
    )
  }
  const document = parseDocument(text, { prettyErrors: true })
  const [syntaxError] = document.errors
  if (syntaxError) {
    throw new DevnetInputError(`devnet definition ${path} is not valid YAML`, {
      source: path,
      details: syntaxError.message,
    })
  }
  let data: unknown
  try {
    // Aliases are expanded here: a file that expands beyond a sane size (an alias bomb) is refused.
    data = document.toJS({ maxAliasCount: 1_000 })
  } catch (error) {
    throw new DevnetInputError(
      `devnet definition ${path} cannot be read: ${(error as Error).message}`,
      { source: path, hint: 'Use fewer YAML aliases (*name); signalbox expands each one.' },
    )
  }
  return parseDevnetDefinition(data, path)
}

/**
 * The shipped default definition: an anvil L1 (chain 900) and an OP-style
 * anvil L2 (chain 901). Found next to this module, or, from the compiled
 * `dist/devnet/definition/`, in the package's `devnet/definitions/`.
 */
export function defaultDefinitionPath(): string {
  const candidates = [
    '../definitions/default.yaml',
    '../../../devnet/definitions/default.yaml',
  ].map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  return candidates.find((path) => existsSync(path)) ?? (candidates[0] as string)
}

/**
 * The image a chain runs: its own, else `$SIGNALBOX_ANVIL_IMAGE`, else the
 * definition's `anvilImage`, else the public foundry image.
 */
export function imageOf(
  chain: DefinitionChain,
  definition: DevnetDefinition,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return (
    chain.image ?? (env[anvilImageEnv] || undefined) ?? definition.anvilImage ?? defaultAnvilImage
  )
}
