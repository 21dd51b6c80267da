import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../Anvil.js'
import { DevnetStartError } from '../DevnetError.js'
import { checkHealth } from '../Health.js'
import { devMnemonic } from '../Wallets.js'
import { kurtosisBinEnv, kurtosisDevnet } from './Kurtosis.js'

/**
 * The kurtosis CLI cannot be installed here, so these tests run the backend
 * against a stand-in: a small node script that replays the real CLI's output
 * formats (`enclave inspect`'s table, `port print`'s URL) for an enclave whose
 * execution clients are real anvil processes. Everything past the CLI — the
 * RPCs, chain ids, block times, health — is real.
 */
const standIn = `#!${process.execPath}
// Stand-in for the kurtosis CLI (signalbox tests). State: $KURTOSIS_STANDIN_STATE;
// every call is appended to <state>.log.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'

const statePath = process.env.KURTOSIS_STANDIN_STATE
const state = JSON.parse(readFileSync(statePath, 'utf8'))
const args = process.argv.slice(2)
appendFileSync(statePath + '.log', JSON.stringify(args) + '\\n')
const save = () => writeFileSync(statePath, JSON.stringify(state))
const fail = (message) => {
  process.stderr.write('Error: ' + message + '\\n')
  process.exit(1)
}
const enclaveOf = (name) => state.enclaves[name] ?? fail("An error occurred getting enclave for identifier '" + name + "'\\n  Caused by: No enclave found for identifier '" + name + "'")

const [command, subcommand] = args
if (command === 'enclave' && subcommand === 'inspect') {
  const name = args[2]
  const enclave = enclaveOf(name)
  const pad = (text, width) => text.padEnd(width)
  const lines = [
    'Name:            ' + name,
    'UUID:            0b4dd7a1a2c4',
    'Status:          RUNNING',
    'Creation Time:   Tue, 04 Mar 2025 10:12:33 UTC',
    'Flags:',
    '',
    '========================================= Files Artifacts =========================================',
    'UUID           Name',
    'd4085a064230   el_cl_genesis_data',
    '',
    '========================================== User Services ==========================================',
    'UUID           Name                                             Ports                                         Status',
  ]
  for (const service of enclave.services) {
    const ports = Object.entries(service.ports).sort(([a], [b]) => a.localeCompare(b))
      .map(([id, port]) => id + ': ' + port.number + '/tcp -> ' + (port.protocol ? port.protocol + '://' : '') + '127.0.0.1:' + port.public)
    if (ports.length === 0) ports.push('<none>')
    lines.push(pad(service.uuid, 15) + pad(service.name, 49) + pad(ports[0], 46) + service.status)
    for (const more of ports.slice(1)) lines.push(' '.repeat(64) + more)
  }
  process.stdout.write(lines.join('\\n') + '\\n')
} else if (command === 'port' && subcommand === 'print') {
  const [, , name, serviceName, portId] = args
  const service = enclaveOf(name).services.find((entry) => entry.name === serviceName)
  if (!service) fail("An error occurred while getting service context for service with identifier '" + serviceName + "'")
  const port = service.ports[portId]
  if (!port) fail("Port Identifier: '" + portId + "' is not found for service: '" + serviceName + "' in enclave '" + name + "'")
  process.stdout.write((port.protocol ? port.protocol + '://' : '') + '127.0.0.1:' + port.public + '\\n')
} else if (command === 'run') {
  const name = args[args.indexOf('--enclave') + 1]
  process.stdout.write('INFO[0000] Creating a new enclave for Starlark to run inside...\\n')
  state.enclaves[name] = state.pending[name] ?? { services: [] }
  save()
  if (state.failRun) {
    process.stdout.write('There was an error interpreting Starlark code\\n')
    fail('An error occurred running command \\'run\\'')
  }
  process.stdout.write('Starlark code successfully run. No output was returned.\\n')
} else if (command === 'enclave' && subcommand === 'rm') {
  delete state.enclaves[args.at(-1)]
  save()
} else {
  fail('unknown command: ' + args.join(' '))
}
`

const anvils: AnvilProcess[] = []
let dir: string
let bin: string
let statePath: string
let l1: AnvilProcess
let l2a: AnvilProcess
let l2b: AnvilProcess
let l2other: AnvilProcess

const portOf = (anvil: AnvilProcess) => Number(new URL(anvil.rpcUrl).port)

function service(
  uuid: string,
  name: string,
  ports: Record<string, { number: number; public: number; protocol?: string }>,
  status = 'RUNNING',
) {
  return { uuid, name, ports, status }
}

/** An optimism-package enclave: ethereum-package's L1, one op chain with two nodes, and services that are not nodes. */
function opEnclave() {
  return {
    services: [
      service('4b5957123a58', 'cl-1-lighthouse-geth', {
        http: { number: 4000, public: 1, protocol: 'http' },
      }),
      service('d7b802f623e8', 'el-1-geth-lighthouse', {
        'engine-rpc': { number: 8551, public: 2 },
        rpc: { number: 8545, public: portOf(l1), protocol: 'http' },
      }),
      service('a1b2c3d4e5f6', 'op-batcher-2151908', {
        http: { number: 8548, public: 3, protocol: 'http' },
      }),
      service('0c1d2e3f4a5b', 'op-cl-2151908-1-op-node-op-geth', {
        http: { number: 8547, public: 4, protocol: 'http' },
      }),
      service('9f8e7d6c5b4a', 'op-el-2151908-1-op-geth', {
        rpc: { number: 8545, public: portOf(l2a), protocol: 'http' },
      }),
      service('1a2b3c4d5e6f', 'op-el-2151908-2-op-reth', {
        rpc: { number: 8545, public: portOf(l2b), protocol: 'http' },
      }),
      service('5e6f7a8b9c0d', 'op-elbuilder-2151908-1-op-rbuilder', {
        rpc: { number: 8545, public: 5, protocol: 'http' },
      }),
    ],
  }
}

async function writeState(state: object) {
  await writeFile(statePath, JSON.stringify(state))
  await rm(`${statePath}.log`, { force: true })
}

async function calls(): Promise<string[][]> {
  const log = await readFile(`${statePath}.log`, 'utf8').catch(() => '')
  return log
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as string[])
}

const env = () => ({ ...process.env, KURTOSIS_STANDIN_STATE: statePath, [kurtosisBinEnv]: bin })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signalbox-kurtosis-'))
  bin = join(dir, 'kurtosis')
  statePath = join(dir, 'state.json')
  await writeFile(bin, standIn)
  await chmod(bin, 0o755)
  const start = (chainId: number, blockTimeSeconds: number) =>
    startAnvil({
      label: `chain ${chainId}`,
      chainId,
      mnemonic: devMnemonic,
      accounts: 10,
      balanceEther: 100,
      blockTimeSeconds,
      timeoutMs: 10_000,
      binary: resolveAnvilBinary(),
    })
  ;[l1, l2a, l2b, l2other] = await Promise.all([
    start(3151908, 1),
    start(2151908, 0.5),
    start(2151908, 0.5),
    start(2151909, 0.5),
  ])
  anvils.push(l1, l2a, l2b, l2other)
  // Three L1 blocks, so the backend can estimate the block time (waited for, not slept: a loaded machine is slow).
  const deadline = Date.now() + 15_000
  while ((await blockNumberOf(l1.rpcUrl)) < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
})

async function blockNumberOf(rpcUrl: string): Promise<number> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
  })
  return Number(((await response.json()) as { result: string }).result)
}

afterAll(async () => {
  await Promise.all(anvils.map((anvil) => anvil.stop()))
  await rm(dir, { recursive: true, force: true })
})

describe('kurtosis backend', () => {
  test('kurtosis (stand-in CLI): maps el-* to the L1 and op-el-<network id>-* services to L2 nodes, chain ids by eth_chainId', async () => {
    await writeState({ enclaves: { 'op-devnet': opEnclave() }, pending: {} })
    const devnet = await kurtosisDevnet({ enclave: 'op-devnet', env: env() }).start({
      timeoutMs: 20_000,
    })
    expect(devnet.descriptor).toMatchObject({
      name: 'op-devnet',
      backend: 'kurtosis',
      chains: [
        {
          name: 'l1',
          role: 'l1',
          chainId: 3151908,
          rpcUrl: l1.rpcUrl,
          nodes: [{ name: 'el-1-geth-lighthouse', rpcUrl: l1.rpcUrl }],
          blockTimeSeconds: 1,
        },
        {
          name: 'l2',
          role: 'l2',
          chainId: 2151908,
          rpcUrl: l2a.rpcUrl,
          nodes: [
            { name: 'op-el-2151908-1-op-geth', rpcUrl: l2a.rpcUrl },
            { name: 'op-el-2151908-2-op-reth', rpcUrl: l2b.rpcUrl },
          ],
        },
      ],
    })
    expect(devnet.descriptor.wallets).toHaveLength(10)
    // Attached, not created: stop leaves the enclave alone.
    await devnet.stop()
    expect((await calls()).map((args) => args.slice(0, 2).join(' '))).toEqual([
      'enclave inspect',
      'port print',
      'port print',
      'port print',
    ])
  })

  test('kurtosis (stand-in CLI): several op chains become l2-<network id>; stopped services are left out', async () => {
    const enclave = opEnclave()
    const reth = enclave.services.find((entry) => entry.name === 'op-el-2151908-2-op-reth')
    if (reth) reth.status = 'STOPPED'
    enclave.services.push(
      service('2b3c4d5e6f7a', 'op-el-2151909-1-op-geth', {
        rpc: { number: 8545, public: portOf(l2other), protocol: 'http' },
      }),
    )
    await writeState({ enclaves: { 'two-chains': enclave }, pending: {} })
    const devnet = await kurtosisDevnet({ enclave: 'two-chains', env: env() }).start({
      timeoutMs: 20_000,
    })
    expect(
      devnet.descriptor.chains.map(({ name, chainId, nodes }) => ({
        name,
        chainId,
        nodes: nodes.map((node) => node.name),
      })),
    ).toEqual([
      { name: 'l1', chainId: 3151908, nodes: ['el-1-geth-lighthouse'] },
      { name: 'l2-2151908', chainId: 2151908, nodes: ['op-el-2151908-1-op-geth'] },
      { name: 'l2-2151909', chainId: 2151909, nodes: ['op-el-2151909-1-op-geth'] },
    ])
  })

  test('kurtosis (stand-in CLI): the discovered nodes answer, with the chain ids, moving heads and funded wallets', async () => {
    await writeState({ enclaves: { 'op-devnet': opEnclave() }, pending: {} })
    const devnet = await kurtosisDevnet({ enclave: 'op-devnet', env: env() }).start({
      timeoutMs: 20_000,
    })
    const checks = await checkHealth(devnet.descriptor)
    // The two L2 nodes are independent anvils: whether their blocks agree depends on when each started.
    const relevant = checks.filter((check) => check.check !== 'block-hash-agreement')
    expect(relevant.filter((check) => !check.ok)).toEqual([])
    expect(new Set(relevant.map((check) => check.check))).toEqual(
      new Set(['rpc-reachable', 'chain-id', 'head-advancing', 'wallets-funded']),
    )
  })

  test('kurtosis (stand-in CLI): with an args file, runs optimism-package first and removes the enclave on stop', async () => {
    await writeState({ enclaves: {}, pending: { fresh: opEnclave() } })
    const argsFile = join(dir, 'network_params.yaml')
    await writeFile(argsFile, 'optimism_package:\n  chains: {}\n')
    const devnet = await kurtosisDevnet({ enclave: 'fresh', argsFile, env: env() }).start({
      timeoutMs: 20_000,
    })
    expect(devnet.descriptor.chains.map((chain) => chain.chainId)).toEqual([3151908, 2151908])
    await devnet.stop()
    await devnet.stop()
    const made = await calls()
    expect(made[0]).toEqual([
      'run',
      '--enclave',
      'fresh',
      'github.com/ethpandaops/optimism-package',
      '--args-file',
      argsFile,
    ])
    expect(made.at(-1)).toEqual(['enclave', 'rm', '-f', 'fresh'])
    expect(made.filter((args) => args[0] === 'enclave' && args[1] === 'rm')).toHaveLength(1)
    expect(JSON.parse(await readFile(statePath, 'utf8')).enclaves).toEqual({})
  })

  test('kurtosis (stand-in CLI): a failed run removes the half-made enclave before the error', async () => {
    await writeState({ enclaves: {}, pending: { broken: opEnclave() }, failRun: true })
    const error = await kurtosisDevnet({
      enclave: 'broken',
      argsFile: join(dir, 'network_params.yaml'),
      env: env(),
    })
      .start({ timeoutMs: 20_000 })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    expect((error as DevnetStartError).shortMessage).toBe('kurtosis run of enclave broken failed')
    expect((error as DevnetStartError).details).toContain("An error occurred running command 'run'")
    expect((await calls()).at(-1)).toEqual(['enclave', 'rm', '-f', 'broken'])
    expect(JSON.parse(await readFile(statePath, 'utf8')).enclaves).toEqual({})
  })

  test('kurtosis (stand-in CLI): an unknown enclave fails with the CLI’s error', async () => {
    await writeState({ enclaves: {}, pending: {} })
    const error = await kurtosisDevnet({ enclave: 'nope', env: env() })
      .start({ timeoutMs: 20_000 })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    expect((error as DevnetStartError).shortMessage).toBe(
      'kurtosis enclave nope could not be inspected',
    )
    expect((error as DevnetStartError).details).toContain("No enclave found for identifier 'nope'")
    expect((error as DevnetStartError).hint).toBe('List the enclaves with `kurtosis enclave ls`.')
  })

  test('kurtosis (stand-in CLI): an enclave without op-el services says what it found', async () => {
    const enclave = opEnclave()
    enclave.services = enclave.services.filter((entry) => !entry.name.startsWith('op-el-'))
    await writeState({ enclaves: { 'l1-only': enclave }, pending: {} })
    await expect(
      kurtosisDevnet({ enclave: 'l1-only', env: env() }).start({ timeoutMs: 20_000 }),
    ).rejects.toThrow(
      'kurtosis enclave l1-only has no running L2 (op-el-<network id>-…) execution client',
    )
  })

  test('kurtosis: no CLI → DevnetStartError naming SIGNALBOX_KURTOSIS_BIN, exit 2', async () => {
    const error = await kurtosisDevnet({ enclave: 'any', bin: join(dir, 'not-installed') })
      .start({ timeoutMs: 5_000 })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    expect((error as DevnetStartError).shortMessage).toBe(
      `the kurtosis CLI was not found (${join(dir, 'not-installed')})`,
    )
    expect((error as DevnetStartError).hint).toContain('SIGNALBOX_KURTOSIS_BIN')
    expect((error as DevnetStartError).exitCode).toBe(2)
  })
})
