import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DevnetInputError } from '../DevnetError.js'
import {
  anvilImageEnv,
  defaultAnvilImage,
  defaultDefinitionPath,
  imageOf,
  loadDevnetDefinition,
  parseDevnetDefinition,
} from './DevnetDefinition.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signalbox-definition-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the default definition', () => {
  test('is an anvil L1 (900) and an OP-style anvil L2 (901), funded from the dev mnemonic', async () => {
    const definition = await loadDevnetDefinition(defaultDefinitionPath())
    expect(
      definition.chains.map(({ name, role, chainId, blockTimeSeconds }) => ({
        name,
        role,
        chainId,
        blockTimeSeconds,
      })),
    ).toEqual([
      { name: 'l1', role: 'l1', chainId: 900, blockTimeSeconds: 1 },
      { name: 'l2', role: 'l2', chainId: 901, blockTimeSeconds: 0.5 },
    ])
    expect(definition.chains[1]?.command).toContain('--network=optimism')
    expect(definition.wallets).toEqual({
      mnemonic: 'test test test test test test test test test test test junk',
      count: 20,
    })
    // The commands start anvil with the chain id and block time the chain declares, and
    // its default mnemonic (the wallets'), which stays off the command line.
    for (const chain of definition.chains) {
      expect(chain.command).toContain(`--chain-id=${chain.chainId}`)
      expect(chain.command).toContain(`--block-time=${chain.blockTimeSeconds}`)
      expect(chain.command.join(' ')).not.toMatch(/mnemonic|test test/)
    }
  })

  test('image: the chain’s own, else SIGNALBOX_ANVIL_IMAGE, else the file’s anvilImage, else the foundry image', async () => {
    const definition = await loadDevnetDefinition(defaultDefinitionPath())
    const l1 = definition.chains[0]
    if (!l1) throw new Error('no l1')
    expect(imageOf(l1, definition, {})).toBe('ghcr.io/foundry-rs/foundry:latest')
    expect(imageOf(l1, definition, { [anvilImageEnv]: 'signalbox/anvil:local' })).toBe(
      'signalbox/anvil:local',
    )
    expect(imageOf(l1, { ...definition, anvilImage: 'mine/anvil:1' }, {})).toBe('mine/anvil:1')
    expect(imageOf(l1, { ...definition, anvilImage: undefined }, {})).toBe(defaultAnvilImage)
    expect(imageOf({ ...l1, image: 'op-geth:v1' }, definition, { [anvilImageEnv]: 'x' })).toBe(
      'op-geth:v1',
    )
  })
})

describe('parseDevnetDefinition', () => {
  test('fills defaults: rpc port 8545, no extra ports, empty environment, wait for ports, 10 dev wallets', () => {
    const definition = parseDevnetDefinition(
      {
        name: 'minimal',
        chains: [{ name: 'l1', role: 'l1', chainId: 1337, command: ['--port', 8545, true] }],
      },
      'minimal.yaml',
    )
    expect(definition.chains[0]).toEqual({
      name: 'l1',
      role: 'l1',
      chainId: 1337,
      command: ['--port', '8545', 'true'],
      rpcPort: 8545,
      ports: [],
      environment: {},
      wait: { type: 'ports' },
    })
    expect(definition.wallets.count).toBe(10)
  })

  test('errors name the file and every wrong path', () => {
    const data = {
      name: 'broken',
      chains: [
        { name: 'L1', role: 'l3', chainId: '900', wait: { type: 'log', pattern: '([' } },
        {
          name: 'l2',
          role: 'l2',
          chainId: 901,
          rpcPort: 70_000,
          wait: { type: 'tcp' },
          extra: true,
        },
      ],
    }
    expect(() => parseDevnetDefinition(data, 'devnet.yaml')).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet definition devnet.yaml is invalid (7 problems)

        chains[0].name: expected lower-case letters, digits and dashes
        chains[0].role: expected one of "l1"|"l2"
        chains[0].chainId: expected number, received string
        chains[0].wait.pattern: expected a valid regular expression
        chains[1].rpcPort: expected number to be <=65535
        chains[1].wait.type: Invalid discriminator value. Expected 'log' | 'http' | 'ports' | 'healthcheck'
        chains[1]: Unrecognized key: "extra"]
    `)
  })

  test('duplicate chain names are refused', () => {
    const chain = { name: 'l2', role: 'l2', chainId: 901 }
    expect(() =>
      parseDevnetDefinition({ name: 'dup', chains: [chain, chain] }, 'dup.yaml'),
    ).toThrow('chains[1].name: duplicate chain name "l2"')
  })
})

describe('loadDevnetDefinition', () => {
  test('YAML syntax errors name the file and the line', async () => {
    const path = join(dir, 'syntax.yaml')
    await writeFile(path, 'name: x\nchains:\n  - name: l1\n   role: l1\n')
    const error = await loadDevnetDefinition(path).catch((caught: unknown) => caught)
    expect(String(error)).toContain(`devnet definition ${path} is not valid YAML`)
    expect(String(error)).toMatch(/line 4/)
  })

  test('a YAML alias bomb is an input error naming the file, not an internal error', async () => {
    // Found by fuzzing (test/inputs.property.integration.test.ts): yaml's own limit threw a ReferenceError.
    const path = join(dir, 'bomb.yaml')
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]']
    for (let level = 1; level < 6; level++)
      levels.push(
        `a${level}: &a${level} [${Array(9)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      )
    await writeFile(path, levels.join('\n'))
    const error = await loadDevnetDefinition(path).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetInputError)
    expect(String(error)).toContain(`devnet definition ${path} cannot be read: `)
  })

  test('a file nested a thousand levels deep is refused before the YAML parser overflows its stack', async () => {
    const path = join(dir, 'deep.yaml')
    await writeFile(path, `chains: ${'['.repeat(1_000)}`)
    await expect(loadDevnetDefinition(path)).rejects.toThrow(
      `devnet definition ${path} nests deeper than 256 levels`,
    )
  })

  test('a missing file is named', async () => {
    await expect(loadDevnetDefinition(join(dir, 'none.yaml'))).rejects.toThrow(
      `cannot read devnet definition ${join(dir, 'none.yaml')}: no such file`,
    )
  })
})
