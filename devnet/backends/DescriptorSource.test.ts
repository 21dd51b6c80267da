import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ExitCode } from '../../core/index.js'
import { DevnetInputError } from '../DevnetError.js'
import { deriveWallets, devMnemonic } from '../Wallets.js'
import { descriptorDevnet, descriptorSourceDevnet, loadDescriptor } from './DescriptorSource.js'

const [wallet] = deriveWallets(devMnemonic, 1) as [{ address: string; privateKey: string }]

/** A descriptor of one L1 whose RPC (a node that only answers eth_chainId) is at `port`. */
const documentOn = (port: number) => ({
  name: 'outside',
  l1: {
    name: 'l1',
    id: '900',
    nodes: [
      {
        name: 'geth',
        services: { el: { name: 'geth', endpoints: { rpc: { host: '127.0.0.1', port } } } },
      },
    ],
    wallets: { dev: { address: wallet.address, private_key: wallet.privateKey } },
  },
  l2: [],
})

let dir: string
let server: Server
let baseUrl: string
let rpc: Server
let document: ReturnType<typeof documentOn>

beforeAll(async () => {
  // The chain's RPC: answers eth_chainId with 900, as a node of the devnet would.
  rpc = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x384' }))
  })
  await new Promise<void>((resolve) => rpc.listen(0, '127.0.0.1', resolve))
  document = documentOn((rpc.address() as AddressInfo).port)
  dir = await mkdtemp(join(tmpdir(), 'signalbox-descriptor-'))
  await writeFile(join(dir, 'devnet.json'), JSON.stringify(document))
  // A key on the line with the syntax error: the error must not quote it.
  await writeFile(
    join(dir, 'broken.json'),
    `{\n  "name": "x",\n  "key": "${wallet.privateKey}" oops\n}`,
  )
  server = createServer((request, response) => {
    if (request.url === '/devnet.json') {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify(document))
    } else if (request.url === '/slow') {
      // Never answers: the loader's timeout has to give up.
    } else {
      response.statusCode = 404
      response.end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const open of [server, rpc]) {
    open.closeAllConnections()
    await new Promise((resolve) => open.close(resolve))
  }
  await rm(dir, { recursive: true, force: true })
})

describe('loadDescriptor', () => {
  test('reads a devnet-sdk descriptor from a file', async () => {
    const descriptor = await loadDescriptor('devnet.json', { cwd: dir })
    expect(descriptor).toMatchObject({
      name: 'outside',
      backend: 'descriptor',
      chains: [
        {
          name: 'l1',
          chainId: 900,
          rpcUrl: `http://127.0.0.1:${(rpc.address() as AddressInfo).port}`,
        },
      ],
      wallets: [wallet],
    })
  })

  test('fetches a devnet-sdk descriptor from an http URL', async () => {
    const descriptor = await loadDescriptor(`${baseUrl}/devnet.json`)
    expect(descriptor.chains.map((chain) => chain.chainId)).toEqual([900])
  })

  test('missing file: names the path', async () => {
    await expect(
      loadDescriptor('nope.json', { cwd: dir }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DevnetInputError: cannot read devnet descriptor nope.json: no such file]`,
    )
  })

  test('not JSON: says where, without quoting the text', async () => {
    const error = await loadDescriptor('broken.json', { cwd: dir }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(DevnetInputError)
    expect(String(error)).toMatchInlineSnapshot(
      `"DevnetInputError: devnet descriptor broken.json is not valid JSON (at line 3, column 79)"`,
    )
    expect(String(error)).not.toContain(wallet.privateKey.slice(2, 20))
  })

  test('HTTP error status: names the URL and the status', async () => {
    await expect(loadDescriptor(`${baseUrl}/missing.json`)).rejects.toThrow(
      `cannot fetch devnet descriptor ${baseUrl}/missing.json: HTTP 404`,
    )
  })

  test('unreachable URL: says the connection was refused', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    await expect(loadDescriptor(`http://127.0.0.1:${port}/devnet.json`)).rejects.toThrow(
      `cannot fetch devnet descriptor http://127.0.0.1:${port}/devnet.json: ECONNREFUSED`,
    )
  })

  test('a URL that does not answer: gives up after the timeout', async () => {
    const started = performance.now()
    await expect(loadDescriptor(`${baseUrl}/slow`, { timeoutMs: 200 })).rejects.toThrow(
      `cannot fetch devnet descriptor ${baseUrl}/slow: no answer within 200 ms`,
    )
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  test('a URL’s query and credentials stay out of errors', async () => {
    const error = await loadDescriptor(`http://user:hunter2@127.0.0.1:1/devnet.json?token=s3cret`, {
      timeoutMs: 500,
    }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetInputError)
    expect(String(error)).toContain('cannot fetch devnet descriptor http://127.0.0.1:1/devnet.json')
    expect(String(error)).not.toMatch(/hunter2|s3cret/)
  })

  test('wrong type inside: names the file and the path', async () => {
    const bad = structuredClone(document) as unknown as {
      l1: { nodes: [{ services: { el: { endpoints: { rpc: { port: unknown } } } } }] }
    }
    bad.l1.nodes[0].services.el.endpoints.rpc.port = '8545'
    await writeFile(join(dir, 'bad.json'), JSON.stringify(bad))
    await expect(
      loadDescriptor('bad.json', { cwd: dir }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor bad.json is invalid (1 problem)

        l1.nodes[0].services.el.endpoints.rpc.port: expected number, received string]
    `)
  })
})

describe('chain ids the descriptor leaves out', () => {
  test('a chain whose RPC does not answer: names the file and the id’s path (exit 2)', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const withoutId = structuredClone(document) as { l1: { id?: string; nodes: unknown[] } }
    delete withoutId.l1.id
    withoutId.l1.nodes = [
      { services: { el: { name: 'geth', endpoints: { rpc: { host: '127.0.0.1', port } } } } },
    ]
    await writeFile(join(dir, 'no-id.json'), JSON.stringify(withoutId))
    const error = await loadDescriptor('no-id.json', { cwd: dir }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(DevnetInputError)
    expect((error as DevnetInputError).exitCode).toBe(ExitCode.error)
    expect(String(error).replaceAll(String(port), '<port>')).toMatchInlineSnapshot(`
      "DevnetInputError: devnet descriptor no-id.json gives no chain id, and the chain's RPC did not tell it

        l1.id: missing, and http://127.0.0.1:<port>/ did not answer eth_chainId: ECONNREFUSED"
    `)
  })

  test('a chain with an id whose RPC does not answer: names the file and the RPC endpoint’s path (exit 2)', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    await writeFile(join(dir, 'gone.json'), JSON.stringify(documentOn(port)))
    const error = await loadDescriptor('gone.json', { cwd: dir }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetInputError)
    expect((error as DevnetInputError).exitCode).toBe(ExitCode.error)
    expect(String(error).replaceAll(String(port), '<port>')).toMatchInlineSnapshot(`
      "DevnetInputError: devnet descriptor gone.json names a chain RPC that does not answer

        l1.nodes[0].services.el.endpoints.rpc: http://127.0.0.1:<port>/ did not answer eth_chainId: ECONNREFUSED"
    `)
    expect(String(error)).not.toContain(wallet.privateKey.slice(2, 20))
  })

  test('an RPC that answers something else than a chain id: says so', async () => {
    const withoutId = structuredClone(document) as { l1: { id?: string; nodes: unknown[] } }
    delete withoutId.l1.id
    const { port } = new URL(baseUrl)
    withoutId.l1.nodes = [
      {
        services: {
          el: { name: 'geth', endpoints: { rpc: { host: '127.0.0.1', port: Number(port) } } },
        },
      },
    ]
    await expect(
      descriptorDevnet(withoutId, { source: 'inline' }).start({ timeoutMs: 1_000 }),
    ).rejects.toThrow(
      `l1.id: missing, and ${baseUrl}/ did not answer eth_chainId with a chain id (HTTP 404)`,
    )
  })

  test('a document without a name is named after its file', async () => {
    const unnamed = { ...document, name: '' }
    await writeFile(join(dir, 'my-devnet.json'), JSON.stringify(unnamed))
    const descriptor = await loadDescriptor('my-devnet.json', { cwd: dir })
    expect(descriptor.name).toBe('my-devnet')
  })
})

describe('descriptor backends', () => {
  test('descriptorDevnet attaches to an already-parsed document; stop stops nothing', async () => {
    const backend = descriptorDevnet(document, { source: 'inline' })
    expect(backend.name).toBe('descriptor')
    const devnet = await backend.start({ timeoutMs: 1_000 })
    expect(devnet.descriptor.name).toBe('outside')
    await devnet.stop()
    await devnet.stop()
  })

  test('descriptorDevnet: an invalid document fails the start with the source named', async () => {
    await expect(
      descriptorDevnet({ name: 'x' }, { source: 'inline' }).start({ timeoutMs: 1_000 }),
    ).rejects.toThrow('devnet descriptor inline is invalid')
  })

  test('descriptorSourceDevnet loads the file when started', async () => {
    const devnet = await descriptorSourceDevnet(join(dir, 'devnet.json')).start({
      timeoutMs: 1_000,
    })
    expect(devnet.descriptor.backend).toBe('descriptor')
  })
})
