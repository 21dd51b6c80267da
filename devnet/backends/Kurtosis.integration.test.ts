import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CliRun, readResults, repoRoot, runCli } from '../../test/cli.js'
import { type AnvilProcess, resolveAnvilBinary, startAnvil } from '../Anvil.js'
import { DevnetStartError } from '../DevnetError.js'
import { checkHealth } from '../Health.js'
import { deriveWallets, devMnemonic } from '../Wallets.js'
import { ethereumPackageDefaultMnemonic, kurtosisBinEnv, kurtosisDevnet } from './Kurtosis.js'

/**
 * The kurtosis CLI cannot be installed here, so these tests run the backend
 * against a stand-in: a small node script that replays kurtosis output
 * published for real enclaves of each optimism-package generation (the
 * fixtures under fixtures/kurtosis/, each folder's source in its README). The
 * test copies a fixture and changes only its ports, to those of local anvil
 * nodes with the chain ids the packages use (L1 3151908, L2 2151908 and
 * 2151909; the L2s OP-style, `--network optimism`). Everything past the CLI — the RPCs, chain ids, balances, block
 * times, health — is real.
 *
 * The stand-in computes nothing: `enclave inspect` prints the fixture's table;
 * `port print` prints what that table shows after `->` for the port (the CLI
 * builds both from the same port spec: cli/cli/commands/port/print/print.go,
 * cli/cli/helpers/user_services/user_services.go); `service inspect -o json`
 * prints the fixture's JSON, and fails as kurtosis < 1.7 does (cobra: "unknown
 * shorthand flag") where the fixture has none; `files inspect` prints the
 * fixture's file. Every call is appended to <state>.log.
 */
const fixtures = join(import.meta.dirname, 'fixtures', 'kurtosis')

const standIn = `#!${process.execPath}
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const statePath = process.env.KURTOSIS_STANDIN_STATE
const state = JSON.parse(readFileSync(statePath, 'utf8'))
const args = process.argv.slice(2)
appendFileSync(statePath + '.log', JSON.stringify(args) + '\\n')
const save = () => writeFileSync(statePath, JSON.stringify(state))
const fail = (message) => {
  process.stderr.write('Error: ' + message + '\\n')
  process.exit(1)
}
const enclaveDir = (name) => state.enclaves[name] ?? fail("An error occurred getting enclave for identifier '" + name + "'\\n  Caused by: No enclave found for identifier '" + name + "'")
const table = (name) => readFileSync(join(enclaveDir(name), 'enclave-inspect.txt'), 'utf8')

const [command, subcommand] = args
if (command === 'enclave' && subcommand === 'inspect') {
  process.stdout.write(table(args[2]))
} else if (command === 'port' && subcommand === 'print') {
  const [, , name, service, port] = args
  const lines = table(name).split('\\n')
  const row = lines.findIndex((line) => line.split(/\\s+/)[1] === service)
  if (row === -1) fail("An error occurred while getting service context for service with identifier '" + service + "'")
  let found
  for (let i = row; i < lines.length && (i === row || /^\\s/.test(lines[i])); i++) {
    const match = new RegExp('(?:^|\\\\s)' + port + ': \\\\S+ -> (\\\\S+)').exec(lines[i])
    if (match) found = match[1]
  }
  if (!found) fail("Port Identifier: '" + port + "' is not found for service: '" + service + "' in enclave '" + name + "'")
  process.stdout.write(found + '\\n')
} else if (command === 'service' && subcommand === 'inspect') {
  const [, , name, service] = args
  const dir = join(enclaveDir(name), 'service-inspect')
  if (!existsSync(dir)) fail("unknown shorthand flag: 'o' in -o")
  const file = join(dir, service + '.json')
  if (!existsSync(file)) fail("An error occurred getting service info of '" + name + "' from '" + service + "'.")
  process.stdout.write(readFileSync(file, 'utf8'))
} else if (command === 'files' && subcommand === 'inspect') {
  const [, , name, artifact, path] = args
  const file = join(enclaveDir(name), 'files', artifact, path)
  if (!existsSync(file)) fail("An error occurred inspecting files artifact '" + artifact + "'")
  process.stderr.write('File contents:\\n')
  process.stdout.write(readFileSync(file, 'utf8'))
} else if (command === 'run') {
  const name = args[args.indexOf('--enclave') + 1]
  process.stdout.write('INFO[0000] Creating a new enclave for Starlark to run inside...\\n')
  state.enclaves[name] = state.pending[name]
  save()
  if (state.failRun) {
    process.stdout.write('There was an error interpreting Starlark code\\n')
    fail("An error occurred running command 'run'")
  }
  process.stdout.write('Starlark code successfully run. No output was returned.\\n')
} else if (command === 'enclave' && subcommand === 'rm') {
  delete state.enclaves[args.at(-1)]
  save()
} else {
  fail('unknown command: ' + args.join(' '))
}
`

let dir: string
let bin: string
let statePath: string
const anvils: AnvilProcess[] = []
/** L1 that funds its genesis mnemonic and, as `prefunded_accounts` would, the first 10 dev accounts. */
let l1: AnvilProcess
/** L1 that funds only its genesis mnemonic (ethereum-package's default). */
let l1Bare: AnvilProcess
let l2a: AnvilProcess
let l2b: AnvilProcess
let l2other: AnvilProcess
/** L2 whose genesis funds none of the accounts an enclave publishes (another mnemonic's). */
let l2Foreign: AnvilProcess

/** BIP-39's all-zero test mnemonic: no account an enclave publishes. */
const foreignMnemonic =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
/** What a stock enclave publishes: the L1 genesis mnemonic's 21 prefunded accounts, then the 30 L2 dev accounts. */
const genesisAccounts = deriveWallets(ethereumPackageDefaultMnemonic, 21).map((w) => w.address)
const devAccounts = deriveWallets(devMnemonic, 30).map((w) => w.address)

const portOf = (anvil: AnvilProcess) => Number(new URL(anvil.rpcUrl).port)

/**
 * A copy of a fixture folder whose published ports `ports` maps are replaced
 * by local anvils' ports (and nothing else), plus the genesis artifact.
 */
async function enclaveFrom(fixture: string, ports: Record<number, AnvilProcess>): Promise<string> {
  const target = await mkdtemp(join(dir, `${fixture}-`))
  await cp(join(fixtures, fixture), target, { recursive: true })
  await cp(join(fixtures, 'files'), join(target, 'files'), { recursive: true })
  const files = [
    join(target, 'enclave-inspect.txt'),
    ...(await readdir(join(target, 'service-inspect')).catch(() => [])).map((file) =>
      join(target, 'service-inspect', file),
    ),
  ]
  for (const file of files) {
    let text = await readFile(file, 'utf8')
    for (const [published, anvil] of Object.entries(ports)) {
      text = text
        .replaceAll(`127.0.0.1:${published} `, `127.0.0.1:${portOf(anvil)} `)
        .replaceAll(`127.0.0.1:${published}\n`, `127.0.0.1:${portOf(anvil)}\n`)
        .replaceAll(`"number": ${published},`, `"number": ${portOf(anvil)},`)
    }
    await writeFile(file, text)
  }
  return target
}

async function writeState(state: {
  enclaves: Record<string, string>
  pending?: Record<string, string>
  failRun?: boolean
}) {
  await writeFile(statePath, JSON.stringify({ pending: {}, ...state }))
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
const start = (enclave: string, more: { argsFile?: string; packageLocator?: string } = {}) =>
  kurtosisDevnet({ enclave, env: env(), ...more }).start({ timeoutMs: 30_000 })
const shape = (chains: Array<{ name: string; chainId: number; nodes: Array<{ name: string }> }>) =>
  chains.map(({ name, chainId, nodes }) => ({ name, chainId, nodes: nodes.map((n) => n.name) }))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signalbox-kurtosis-'))
  bin = join(dir, 'kurtosis')
  statePath = join(dir, 'state.json')
  await writeFile(bin, standIn)
  await chmod(bin, 0o755)
  const anvil = (chainId: number, mnemonic: string, accounts: number, blockTimeSeconds: number) =>
    startAnvil({
      label: `chain ${chainId}`,
      chainId,
      // The L2s are OP-style, as optimism-package's are: they take deposit transactions and
      // report L1 fees, so that the shipped deposits and fees suites have a chain to judge.
      ...(chainId === 3151908 ? {} : { network: 'optimism' as const }),
      mnemonic,
      accounts,
      // As much as op-deployer's L2 genesis gives each dev account (L2Genesis.s.sol
      // DEV_ACCOUNT_FUND_AMT = 10 000 ether): runs of every suite attach to these chains in turn.
      balanceEther: 10_000,
      blockTimeSeconds,
      timeoutMs: 15_000,
      binary: resolveAnvilBinary(),
    })
  // ethereum-package prefunds its genesis mnemonic's first 21 accounts; op-deployer's
  // L2 genesis the test mnemonic's 30 dev accounts.
  ;[l1, l1Bare, l2a, l2b, l2other, l2Foreign] = await Promise.all([
    anvil(3151908, ethereumPackageDefaultMnemonic, 21, 1),
    anvil(3151908, ethereumPackageDefaultMnemonic, 21, 1),
    anvil(2151908, devMnemonic, 30, 0.5),
    anvil(2151908, devMnemonic, 30, 0.5),
    anvil(2151909, devMnemonic, 30, 0.5),
    anvil(2151908, foreignMnemonic, 1, 0.5),
  ])
  anvils.push(l1, l1Bare, l2a, l2b, l2other, l2Foreign)
  for (const wallet of deriveWallets(devMnemonic, 10)) {
    await rpc(l1.rpcUrl, 'anvil_setBalance', [wallet.address, '0x56bc75e2d63100000'])
  }
  // Three L1 blocks, so the backend can estimate the block time (waited for, not slept: a loaded machine is slow).
  const deadline = Date.now() + 15_000
  while (Number(await rpc(l1.rpcUrl, 'eth_blockNumber', [])) < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
})

async function rpc(rpcUrl: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await response.json()) as { result: unknown }).result
}

afterAll(async () => {
  await Promise.all(anvils.map((anvil) => anvil.stop()))
  await rm(dir, { recursive: true, force: true })
})

describe('kurtosis backend: every optimism-package generation (stand-in CLI)', () => {
  test('1.0 (stand-in CLI): op-el-1-op-geth-op-node is the one L2; the L1 rpc printed without scheme becomes http://', async () => {
    // Published ports: el-1-geth-lighthouse rpc 32935, op-el-1-… rpc 32944 (see fixtures/kurtosis/README.md).
    await writeState({ enclaves: { devnet: await enclaveFrom('v1.0', { 32935: l1, 32944: l2a }) } })
    const devnet = await start('devnet')
    expect(shape(devnet.descriptor.chains)).toEqual([
      { name: 'l1', chainId: 3151908, nodes: ['el-1-geth-lighthouse'] },
      { name: 'l2', chainId: 2151908, nodes: ['op-el-1-op-geth-op-node'] },
    ])
    expect(devnet.descriptor.chains[0]?.rpcUrl).toBe(`http://127.0.0.1:${portOf(l1)}`)
    expect(devnet.descriptor.chains[1]?.rpcUrl).toBe(`http://127.0.0.1:${portOf(l2a)}`)
    await devnet.stop()
    // Attached, not created: nothing is removed.
    expect((await calls()).some(([command]) => command === 'run')).toBe(false)
    expect((await calls()).some(([, sub]) => sub === 'rm')).toBe(false)
  })

  test('1.1–1.2 (stand-in CLI): op-succinct’s published enclave, op-el-1-op-geth-op-node-op-kurtosis', async () => {
    await writeState({
      enclaves: { 'my-testnet': await enclaveFrom('v1.2-op-succinct', { 32935: l1, 32944: l2a }) },
    })
    const devnet = await start('my-testnet')
    expect(devnet.descriptor).toMatchObject({
      name: 'my-testnet',
      backend: 'kurtosis',
      chains: [
        {
          name: 'l1',
          role: 'l1',
          chainId: 3151908,
          rpcUrl: `http://127.0.0.1:${portOf(l1)}`,
          nodes: [{ name: 'el-1-geth-lighthouse', rpcUrl: `http://127.0.0.1:${portOf(l1)}` }],
          blockTimeSeconds: 1,
        },
        {
          name: 'l2',
          role: 'l2',
          chainId: 2151908,
          rpcUrl: `http://127.0.0.1:${portOf(l2a)}`,
          nodes: [
            {
              name: 'op-el-1-op-geth-op-node-op-kurtosis',
              rpcUrl: `http://127.0.0.1:${portOf(l2a)}`,
            },
          ],
        },
      ],
    })
  })

  test('1.1–1.2 (stand-in CLI): two participants are two nodes of one chain, not two chains', async () => {
    await writeState({
      enclaves: {
        based: await enclaveFrom('v1.2-two-participants', { 32935: l1, 32944: l2a, 32952: l2b }),
      },
    })
    const devnet = await start('based')
    expect(shape(devnet.descriptor.chains)).toEqual([
      { name: 'l1', chainId: 3151908, nodes: ['el-1-geth-lighthouse'] },
      {
        name: 'l2',
        chainId: 2151908,
        nodes: ['op-el-1-op-reth-op-node-op-kurtosis', 'op-el-2-op-geth-op-node-op-kurtosis'],
      },
    ])
  })

  test('April 2025 (stand-in CLI): op-el-<network id>-<n>-…-op-kurtosis-<k> of two networks are two chains', async () => {
    // Published ports: el-1-geth-teku rpc 32772, the two op-el rpc 32780 and 32795.
    await writeState({
      enclaves: {
        interop: await enclaveFrom('2025-04-two-chains', {
          32772: l1,
          32780: l2a,
          32795: l2other,
        }),
      },
    })
    const devnet = await start('interop')
    expect(shape(devnet.descriptor.chains)).toEqual([
      { name: 'l1', chainId: 3151908, nodes: ['el-1-geth-teku'] },
      {
        name: 'l2-2151908',
        chainId: 2151908,
        nodes: ['op-el-2151908-1-op-geth-op-node-op-kurtosis-1'],
      },
      {
        name: 'l2-2151909',
        chainId: 2151909,
        nodes: ['op-el-2151909-1-op-geth-op-node-op-kurtosis-2'],
      },
    ])
  })

  test('1.3–1.4 (stand-in CLI): op-succinct’s published 1.4.0 enclave, placed by its labels; L1 rpc 127.0.0.1:52002 without scheme', async () => {
    await writeState({
      enclaves: { 'my-testnet': await enclaveFrom('v1.4-op-succinct', { 52002: l1, 32960: l2a }) },
    })
    const devnet = await start('my-testnet')
    expect(shape(devnet.descriptor.chains)).toEqual([
      { name: 'l1', chainId: 3151908, nodes: ['el-1-geth-lighthouse'] },
      { name: 'l2', chainId: 2151908, nodes: ['op-el-2151908-node0-op-geth'] },
    ])
    expect(devnet.descriptor.chains[0]?.rpcUrl).toBe(`http://127.0.0.1:${portOf(l1)}`)
    const made = await calls()
    expect(made).toContainEqual([
      'service',
      'inspect',
      'my-testnet',
      'op-el-2151908-node0-op-geth',
      '-o',
      'json',
    ])
    expect(made).toContainEqual(['port', 'print', 'my-testnet', 'el-1-geth-lighthouse', 'rpc'])
  })

  test('erigon L1 (stand-in CLI): no rpc port, so ws-rpc, which serves HTTP JSON-RPC', async () => {
    await writeState({
      enclaves: { erigon: await enclaveFrom('v1.4-erigon-l1', { 52003: l1, 32960: l2a }) },
    })
    const devnet = await start('erigon')
    expect(devnet.descriptor.chains[0]).toMatchObject({
      chainId: 3151908,
      nodes: [{ name: 'el-1-erigon-lighthouse', rpcUrl: `http://127.0.0.1:${portOf(l1)}` }],
    })
    expect(await calls()).toContainEqual([
      'port',
      'print',
      'erigon',
      'el-1-erigon-lighthouse',
      'ws-rpc',
    ])
  })
})

describe('kurtosis backend: wallets, health, lifecycle (stand-in CLI)', () => {
  test('wallets (stand-in CLI): a stock enclave (genesis accounts on the L1 only, dev accounts on the L2 only) starts with both, genesis accounts first', async () => {
    await writeState({
      enclaves: { stock: await enclaveFrom('v1.4-op-succinct', { 52002: l1Bare, 32960: l2a }) },
    })
    const devnet = await start('stock')
    expect(devnet.descriptor.wallets.map((wallet) => wallet.address)).toEqual([
      ...genesisAccounts,
      ...devAccounts,
    ])
    expect(await calls()).toContainEqual([
      'files',
      'inspect',
      'stock',
      'el_cl_genesis_data',
      'mnemonics.yaml',
    ])
  })

  test('wallets (stand-in CLI): dev accounts the L1 also prefunds are listed once', async () => {
    await writeState({
      enclaves: { 'my-testnet': await enclaveFrom('v1.4-op-succinct', { 52002: l1, 32960: l2a }) },
    })
    const devnet = await start('my-testnet')
    expect(devnet.descriptor.wallets.map((wallet) => wallet.address)).toEqual([
      ...genesisAccounts,
      ...devAccounts,
    ])
  })

  test('wallets (stand-in CLI): a chain where no published account has a balance fails the start naming it, with no mnemonic in the error; accounts with a balance nowhere are left out', async () => {
    const enclave = await enclaveFrom('v1.4-op-succinct', { 52002: l1Bare, 32960: l2Foreign })
    await writeState({ enclaves: { bare: enclave } })
    const error = await start('bare').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    const startError = error as DevnetStartError
    expect(startError.exitCode).toBe(2)
    expect(startError.shortMessage).toBe(
      'no account that kurtosis enclave bare publishes has a balance on l2',
    )
    expect(startError.details).toBe(
      'l1: 21 of the 51 accounts have a balance\nl2: 0 of the 51 accounts have a balance',
    )
    expect(startError.hint).toContain('Fund one of them on l2')
    expect(startError.hint).toContain('fund_dev_accounts')
    expect(`${startError.message}${startError.details}${startError.hint}`).not.toContain(
      'giant issue',
    )

    // Two dev accounts get ether on that L2: the start succeeds with the L1's
    // 21 and those two; the other 28 dev accounts have a balance nowhere.
    for (const address of [devAccounts[3], devAccounts[7]]) {
      await rpc(l2Foreign.rpcUrl, 'anvil_setBalance', [address, '0x56bc75e2d63100000'])
    }
    const devnet = await start('bare')
    expect(devnet.descriptor.wallets.map((wallet) => wallet.address)).toEqual([
      ...genesisAccounts,
      devAccounts[3],
      devAccounts[7],
    ])
  })

  test('health (stand-in CLI): the discovered nodes answer, with the chain ids and moving heads', async () => {
    await writeState({
      enclaves: {
        based: await enclaveFrom('v1.2-two-participants', { 32935: l1, 32944: l2a, 32952: l2b }),
      },
    })
    const devnet = await start('based')
    const checks = await checkHealth(devnet.descriptor)
    // The two L2 nodes are independent anvils: whether their blocks agree depends on
    // when each started. wallets-funded asks every wallet to have ether on every
    // chain, which the published accounts do not (each chain funds its own); a run
    // does not judge it: the faucet decides (runner/pipeline/Run.ts).
    const relevant = checks.filter(
      (check) => check.check !== 'block-hash-agreement' && check.check !== 'wallets-funded',
    )
    expect(relevant.filter((check) => !check.ok)).toEqual([])
    expect(new Set(relevant.map((check) => check.check))).toEqual(
      new Set(['rpc-reachable', 'chain-id', 'head-advancing']),
    )
  })

  test('grouping (stand-in CLI): nodes taken for one chain that answer different chain ids are an error', async () => {
    await writeState({
      enclaves: {
        mixed: await enclaveFrom('v1.2-two-participants', {
          32935: l1,
          32944: l2a,
          32952: l2other,
        }),
      },
    })
    const error = await start('mixed').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    expect((error as DevnetStartError).details).toBe(
      'op-el-1-op-reth-op-node-op-kurtosis: chain id 2151908\nop-el-2-op-geth-op-node-op-kurtosis: chain id 2151909',
    )
  })

  test('lifecycle (stand-in CLI): with an args file, runs the pinned package and removes the enclave on stop', async () => {
    await writeState({
      enclaves: {},
      pending: { fresh: await enclaveFrom('v1.4-op-succinct', { 52002: l1, 32960: l2a }) },
    })
    const argsFile = join(dir, 'network_params.yaml')
    await writeFile(argsFile, 'optimism_package:\n  chains: {}\n')
    const devnet = await start('fresh', {
      argsFile,
      packageLocator: 'github.com/ethpandaops/optimism-package@1.4.0',
    })
    expect(devnet.descriptor.chains.map((chain) => chain.chainId)).toEqual([3151908, 2151908])
    await devnet.stop()
    await devnet.stop()
    const made = await calls()
    expect(made[0]).toEqual(['enclave', 'inspect', 'fresh'])
    expect(made[1]).toEqual([
      'run',
      '--enclave',
      'fresh',
      'github.com/ethpandaops/optimism-package@1.4.0',
      '--args-file',
      argsFile,
    ])
    expect(made.at(-1)).toEqual(['enclave', 'rm', '-f', 'fresh'])
    expect(made.filter((args) => args[0] === 'enclave' && args[1] === 'rm')).toHaveLength(1)
    expect(JSON.parse(await readFile(statePath, 'utf8')).enclaves).toEqual({})
  })

  test('lifecycle (stand-in CLI): an enclave signalbox did not create is never run into nor removed, even with an args file', async () => {
    const theirs = await enclaveFrom('v1.4-op-succinct', { 52002: l1, 32960: l2a })
    await writeState({ enclaves: { theirs }, pending: { theirs } })
    const error = await start('theirs', { argsFile: join(dir, 'network_params.yaml') }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(DevnetStartError)
    expect((error as DevnetStartError).shortMessage).toBe('kurtosis enclave theirs exists already')
    expect(await calls()).toEqual([['enclave', 'inspect', 'theirs']])
    expect(JSON.parse(await readFile(statePath, 'utf8')).enclaves).toEqual({ theirs })

    // Attached to it (no args file), the stop leaves it alone too.
    const devnet = await start('theirs')
    await devnet.stop()
    expect((await calls()).filter(([command, sub]) => command === 'run' || sub === 'rm')).toEqual(
      [],
    )
    expect(JSON.parse(await readFile(statePath, 'utf8')).enclaves).toEqual({ theirs })
  })

  test('lifecycle (stand-in CLI): a failed run removes the half-made enclave before the error', async () => {
    await writeState({
      enclaves: {},
      pending: { broken: await enclaveFrom('v1.4-op-succinct', { 52002: l1, 32960: l2a }) },
      failRun: true,
    })
    const error = await start('broken', { argsFile: join(dir, 'network_params.yaml') }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(DevnetStartError)
    expect((error as DevnetStartError).shortMessage).toBe('kurtosis run of enclave broken failed')
    expect((error as DevnetStartError).details).toContain("An error occurred running command 'run'")
    expect((await calls()).at(-1)).toEqual(['enclave', 'rm', '-f', 'broken'])
    expect(JSON.parse(await readFile(statePath, 'utf8')).enclaves).toEqual({})
  })

  test('kurtosis (stand-in CLI): an unknown enclave fails with the CLI’s error', async () => {
    await writeState({ enclaves: {} })
    const error = await start('nope').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    expect((error as DevnetStartError).shortMessage).toBe(
      'kurtosis enclave nope could not be inspected',
    )
    expect((error as DevnetStartError).details).toContain("No enclave found for identifier 'nope'")
    expect((error as DevnetStartError).hint).toBe('List the enclaves with `kurtosis enclave ls`.')
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

/** The shipped acceptance files, as a run names them (relative to the suites root). */
async function shippedFiles(): Promise<string[]> {
  const suites = join(repoRoot, 'suites')
  const features = (await readdir(suites, { withFileTypes: true })).filter(
    (entry) => entry.isDirectory() && entry.name !== 'kit',
  )
  const files = await Promise.all(
    features.map(async (feature) =>
      (await readdir(join(suites, feature.name)))
        .filter((file) => file.endsWith('.accept.ts'))
        .map((file) => `${feature.name}/${file}`),
    ),
  )
  return files.flat().sort()
}

/** The transactions in the blocks of `rpcUrl` after `after` up to its head now. */
async function transactionsSince(rpcUrl: string, after: number): Promise<number> {
  const head = Number(await rpc(rpcUrl, 'eth_blockNumber', []))
  let count = 0
  for (let n = after + 1; n <= head; n++) {
    const block = (await rpc(rpcUrl, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as {
      transactions: string[]
    }
    count += block.transactions.length
  }
  return count
}

interface Generation {
  /** What the test's name says of it. */
  generation: string
  fixture: string
  enclave: string
  /** Published ports → local anvils, as the discovery tests above map them. */
  ports: () => Record<number, AnvilProcess>
  /** The chains the run finds (name, chain id). */
  chains: Array<{ name: string; chainId: number }>
  workers: number[]
}

// Each generation's published enclave, attached to (never created nor removed), on
// local anvils: a stock enclave (the L1 genesis accounts funded on the L1 only, the dev
// accounts on the L2s only), OP-style L2s. Two participants of one chain are two nodes
// that follow that chain, so both of their ports lead to the same anvil: two independent
// anvils would be a chain split, which the nodes suite rightly calls SEV0.
const generations: Generation[] = [
  {
    generation: '1.0',
    fixture: 'v1.0',
    enclave: 'devnet',
    ports: () => ({ 32935: l1Bare, 32944: l2a }),
    chains: [
      { name: 'l1', chainId: 3151908 },
      { name: 'l2', chainId: 2151908 },
    ],
    workers: [4],
  },
  {
    generation: '1.1–1.2',
    fixture: 'v1.2-op-succinct',
    enclave: 'my-testnet',
    ports: () => ({ 32935: l1Bare, 32944: l2a }),
    chains: [
      { name: 'l1', chainId: 3151908 },
      { name: 'l2', chainId: 2151908 },
    ],
    workers: [4],
  },
  {
    generation: '1.1–1.2, two participants',
    fixture: 'v1.2-two-participants',
    enclave: 'based',
    ports: () => ({ 32935: l1Bare, 32944: l2a, 32952: l2a }),
    chains: [
      { name: 'l1', chainId: 3151908 },
      { name: 'l2', chainId: 2151908 },
    ],
    workers: [4],
  },
  {
    generation: 'April 2025, two L2 networks',
    fixture: '2025-04-two-chains',
    enclave: 'interop',
    ports: () => ({ 32772: l1Bare, 32780: l2a, 32795: l2other }),
    chains: [
      { name: 'l1', chainId: 3151908 },
      { name: 'l2-2151908', chainId: 2151908 },
      { name: 'l2-2151909', chainId: 2151909 },
    ],
    workers: [4],
  },
  {
    generation: '1.3–1.4',
    fixture: 'v1.4-op-succinct',
    enclave: 'stock',
    ports: () => ({ 52002: l1Bare, 32960: l2a }),
    chains: [
      { name: 'l1', chainId: 3151908 },
      { name: 'l2', chainId: 2151908 },
    ],
    workers: [1, 4],
  },
  {
    generation: '1.3–1.4, erigon L1',
    fixture: 'v1.4-erigon-l1',
    enclave: 'erigon',
    ports: () => ({ 52003: l1Bare, 32960: l2a }),
    chains: [
      { name: 'l1', chainId: 3151908 },
      { name: 'l2', chainId: 2151908 },
    ],
    workers: [4],
  },
]

describe('signalbox run on a replayed enclave (stand-in CLI)', () => {
  for (const {
    generation,
    fixture,
    enclave,
    ports,
    chains,
    workers: workerCounts,
  } of generations) {
    test(`every shipped suite passes on ${generation} (stand-in CLI, fixture ${fixture}): promote with --workers ${workerCounts.join(' and ')}`, {
      timeout: 600_000,
    }, async () => {
      await writeState({ enclaves: { [enclave]: await enclaveFrom(fixture, ports()) } })
      const keys = [
        ...deriveWallets(ethereumPackageDefaultMnemonic, 21),
        ...deriveWallets(devMnemonic, 30),
      ].map((wallet) => wallet.privateKey.slice(2))
      const secrets = [...keys, ethereumPackageDefaultMnemonic, devMnemonic]
      const files = await shippedFiles()
      const decisions: string[] = []
      for (const workers of workerCounts) {
        const out = await mkdtemp(join(dir, `run-${fixture}-${workers}-`))
        const heads = {
          l2a: Number(await rpc(l2a.rpcUrl, 'eth_blockNumber', [])),
          l2other: Number(await rpc(l2other.rpcUrl, 'eth_blockNumber', [])),
        }
        const run: CliRun = await runCli(
          [
            'run',
            '--devnet',
            `kurtosis:${enclave}`,
            '--suites',
            join(repoRoot, 'suites'),
            '--workers',
            String(workers),
            '--out',
            out,
          ],
          { cwd: out, env: env() },
        )
        const results = await readResults(out)
        expect(results.run.error, run.stderr).toBeUndefined()
        expect(results.run.devnet).toMatchObject({ backend: 'kurtosis', name: enclave })
        expect(results.run.devnet.chains.map(({ name, chainId }) => ({ name, chainId }))).toEqual(
          chains,
        )
        expect(results.health.filter((check) => !check.ok)).toEqual([])
        // Every chain of the enclave was checked, the second L2 of a two-chain enclave too.
        expect(new Set(results.health.map((check) => check.chain))).toEqual(
          new Set(chains.map((chain) => chain.name)),
        )
        expect([...new Set(results.tests.map((result) => result.file))].sort()).toEqual(files)
        expect(
          results.tests
            .filter(
              (result) =>
                result.status !== 'passed' && !(result.status === 'skipped' && result.skipReason),
            )
            .map((result) => [result.id, result.status, result.error?.message]),
        ).toEqual([])
        expect(results.tests.filter((result) => result.harnessProblem)).toEqual([])
        // The L2 is OP-style: it took the deposits (a plain chain would have the deposit tests skipped).
        expect(
          results.tests.filter(
            (result) => result.feature === 'deposits' && result.status === 'passed',
          ).length,
        ).toBeGreaterThan(0)
        expect(run.code, run.stderr).toBe(0)
        decisions.push(`${workers}: ${results.verdicts.map((verdict) => verdict.decision)}`)
        if (chains.length > 2) {
          // Several L2s: the suites send on the L1 and the first L2, the lowest chain id
          // (`chainOf(devnet, 'l2')`: the kit's `l2` and `wallet.l2`, the deposits, the faucet);
          // the other L2s are checked (health, the nodes suite) and nothing is sent there.
          expect(await transactionsSince(l2a.rpcUrl, heads.l2a)).toBeGreaterThan(0)
          expect(await transactionsSince(l2other.rpcUrl, heads.l2other)).toBe(0)
        }
        const written = await Promise.all(
          (await readdir(out))
            .filter((name) => /\.(json|xml|md|html)$/.test(name))
            .map((name) => readFile(join(out, name), 'utf8')),
        )
        for (const text of [...written, run.stdout, run.stderr]) {
          for (const secret of secrets) expect(text).not.toContain(secret)
        }
      }
      expect(decisions).toEqual(workerCounts.map((workers) => `${workers}: promote`))
      // Attached to an enclave it did not create: signalbox ran nothing into it and removed nothing.
      expect((await calls()).filter(([command, sub]) => command === 'run' || sub === 'rm')).toEqual(
        [],
      )
      expect(JSON.parse(await readFile(statePath, 'utf8')).enclaves).toHaveProperty(enclave)
    })
  }
})
