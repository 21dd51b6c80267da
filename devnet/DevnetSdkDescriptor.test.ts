import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { ExitCode } from '../core/index.js'
import type { DevnetDescriptor } from './Descriptor.js'
import { DevnetInputError } from './DevnetError.js'
import {
  chainRpcs,
  DevnetSdkDescriptor,
  fromDevnetSdk,
  toDevnetSdk,
} from './DevnetSdkDescriptor.js'
import { deriveWallets, devMnemonic } from './Wallets.js'

const [alice, bob, carol, dave, erin] = deriveWallets(devMnemonic, 5) as [
  { address: string; privateKey: string },
  { address: string; privateKey: string },
  { address: string; privateKey: string },
  { address: string; privateKey: string },
  { address: string; privateKey: string },
]

/** Shaped like kurtosis-devnet's output: Go's encoding/json, string chain ids, nulls for nil maps. */
function kurtosisDevnetDocument() {
  return {
    name: 'simple-devnet',
    l1: {
      name: 'Ethereum',
      id: '3151908',
      services: null,
      nodes: [
        {
          name: '',
          services: {
            cl: {
              name: 'cl-1-teku-geth',
              endpoints: { http: { host: '127.0.0.1', port: 32771, private_port: 4000 } },
            },
            el: {
              name: 'el-1-geth-teku',
              endpoints: {
                'engine-rpc': { host: '127.0.0.1', port: 32768, private_port: 8551 },
                rpc: { host: '127.0.0.1', port: 32769, private_port: 8545 },
                ws: { host: '127.0.0.1', port: 32770, private_port: 8546 },
              },
            },
          },
        },
      ],
      wallets: {
        'user-key-0': { address: alice.address, private_key: alice.privateKey },
        'user-key-1': { address: bob.address, private_key: bob.privateKey },
        'l1-only': { address: carol.address, private_key: carol.privateKey },
      },
      jwt: '0xdc49981516e8e72b401a63e6405495a32dafc3939b5d6d83cc319ac0388bca1b',
      addresses: { depositContract: '0x00000000219ab540356cBB839Cbe05303d7705Fa' },
    },
    l2: [
      {
        name: 'op-kurtosis',
        id: '2151908',
        services: {
          batcher: [
            {
              name: 'op-batcher-op-kurtosis',
              endpoints: { http: { host: '127.0.0.1', port: 32790 } },
            },
          ],
        },
        nodes: [
          {
            name: '',
            services: {
              cl: {
                name: 'op-cl-1-op-node-op-geth-op-kurtosis',
                endpoints: { http: { host: '127.0.0.1', port: 32785 } },
              },
              el: {
                name: 'op-el-1-op-geth-op-node-op-kurtosis',
                endpoints: { rpc: { host: '127.0.0.1', port: 32780, private_port: 8545 } },
              },
            },
          },
          {
            name: '',
            services: {
              el: {
                name: 'op-el-2-op-reth-op-node-op-kurtosis',
                endpoints: { rpc: { host: '127.0.0.1', port: 32781, scheme: 'http' } },
              },
            },
          },
        ],
        wallets: {
          'user-key-0': { address: alice.address.toLowerCase(), private_key: alice.privateKey },
          'user-key-1': { address: bob.address, private_key: bob.privateKey },
          proposer: { address: '0x0000000000000000000000000000000000000001' },
        },
        addresses: { systemConfigProxy: '0x0000000000000000000000000000000000000002' },
        l1_addresses: null,
        rollup_config: { block_time: 2, l2_chain_id: 2151908, genesis: {} },
      },
    ],
    features: ['interop'],
  }
}

function signalboxDescriptor(): DevnetDescriptor {
  return {
    name: 'roundtrip',
    backend: 'embedded',
    chains: [
      {
        name: 'l1',
        role: 'l1',
        chainId: 900,
        rpcUrl: 'http://127.0.0.1:8545',
        nodes: [{ name: 'l1-anvil', rpcUrl: 'http://127.0.0.1:8545' }],
        blockTimeSeconds: 1,
      },
      {
        name: 'l2',
        role: 'l2',
        chainId: 901,
        rpcUrl: 'http://localhost:9000',
        nodes: [
          { name: 'l2-a', rpcUrl: 'http://127.0.0.1:9545' },
          { name: 'l2-b', rpcUrl: 'https://[::1]:9546' },
        ],
        blockTimeSeconds: 0.5,
      },
      {
        name: 'l2-on-demand',
        role: 'l2',
        chainId: 902,
        rpcUrl: 'http://127.0.0.1:9547',
        nodes: [{ name: 'l2-on-demand-anvil', rpcUrl: 'http://127.0.0.1:9547' }],
      },
    ],
    wallets: [alice, bob],
  }
}

/** The chains whose id the document leaves out, with the RPC it is learned from. */
const idsToLearn = (document: unknown) =>
  chainRpcs(document)
    .filter((chain) => chain.idMissing)
    .map(({ idPath, rpcUrl }) => ({ path: idPath, rpcUrl }))

describe('fromDevnetSdk', () => {
  test('maps a kurtosis-devnet descriptor: chains, el nodes, rpc, block time, keyed wallets', () => {
    expect(fromDevnetSdk(kurtosisDevnetDocument())).toEqual({
      name: 'simple-devnet',
      backend: 'descriptor',
      chains: [
        {
          name: 'Ethereum',
          role: 'l1',
          chainId: 3151908,
          rpcUrl: 'http://127.0.0.1:32769',
          nodes: [{ name: 'el-1-geth-teku', rpcUrl: 'http://127.0.0.1:32769' }],
        },
        {
          name: 'op-kurtosis',
          role: 'l2',
          chainId: 2151908,
          rpcUrl: 'http://127.0.0.1:32780',
          nodes: [
            { name: 'op-el-1-op-geth-op-node-op-kurtosis', rpcUrl: 'http://127.0.0.1:32780' },
            { name: 'op-el-2-op-reth-op-node-op-kurtosis', rpcUrl: 'http://127.0.0.1:32781' },
          ],
          blockTimeSeconds: 2,
        },
      ],
      wallets: [alice, bob, carol],
    })
  })

  test('wallets: every keyed one on any chain, once per address (any case, first spelling), keyless dropped', () => {
    // alice and bob are on both chains (alice lowercase on the L2), carol on the
    // L1 only; the L2's proposer has no key.
    const { wallets } = fromDevnetSdk(kurtosisDevnetDocument())
    expect(wallets).toEqual([alice, bob, carol])
    expect(wallets.map((wallet) => wallet.address)).not.toContain(
      '0x0000000000000000000000000000000000000001',
    )
  })

  test('wallets: listed order is devnet-wide, L1, then per L2 its l1_wallets and its wallets', () => {
    const el = (port: number) => ({
      services: { el: { name: 'geth', endpoints: { rpc: { host: '127.0.0.1', port } } } },
    })
    const keyed = (wallet: { address: string; privateKey: string }) => ({
      address: wallet.address,
      private_key: wallet.privateKey,
    })
    const document = {
      name: 'order',
      wallets: { erin: keyed(erin) },
      l1: { name: 'l1', id: '900', nodes: [el(8545)], wallets: { dave: keyed(dave) } },
      l2: [
        {
          name: 'a',
          id: '901',
          nodes: [el(9545)],
          wallets: { carol: keyed(carol), keyless: { address: alice.address } },
          l1_wallets: { bob: keyed(bob), dave: keyed(dave) },
        },
        {
          name: 'b',
          id: '902',
          nodes: [el(9546)],
          // alice's key appears only here, after a keyless listing of her address.
          wallets: {
            alice: {
              address: alice.address.toUpperCase().replace('0X', '0x'),
              private_key: alice.privateKey,
            },
            erin: keyed(erin),
          },
        },
      ],
    }
    const { wallets } = fromDevnetSdk(document)
    expect(wallets.map((wallet) => wallet.address)).toEqual([
      erin.address,
      dave.address,
      bob.address,
      carol.address,
      alice.address.toUpperCase().replace('0X', '0x'),
    ])
    expect(wallets.map((wallet) => wallet.privateKey)).toEqual([
      erin.privateKey,
      dave.privateKey,
      bob.privateKey,
      carol.privateKey,
      alice.privateKey,
    ])
  })

  test('accepts numeric chain ids, null l2, older one-service-per-name maps and a proxyd RPC', () => {
    const document = {
      name: 'older',
      l1: {
        name: 'l1',
        id: 900,
        services: {
          proxyd: { name: 'proxyd', endpoints: { http: { host: 'localhost', port: 8080 } } },
        },
        nodes: [
          {
            services: {
              el: { name: 'geth', endpoints: { rpc: { host: 'localhost', port: 8545 } } },
            },
          },
        ],
      },
      l2: null,
    }
    const descriptor = fromDevnetSdk(document, { backend: 'netchef' })
    expect(descriptor.backend).toBe('netchef')
    expect(descriptor.chains).toEqual([
      {
        name: 'l1',
        role: 'l1',
        chainId: 900,
        rpcUrl: 'http://localhost:8080',
        nodes: [{ name: 'geth', rpcUrl: 'http://localhost:8545' }],
      },
    ])
    expect(descriptor.wallets).toEqual([])
  })

  test('errors name the source and the path inside the document', () => {
    const document = kurtosisDevnetDocument() as unknown as {
      l2: [{ nodes: [{ services: { el: unknown } }] }]
    }
    document.l2[0].nodes[0].services.el = {
      name: 'op-el',
      endpoints: { rpc: { host: '127.0.0.1', port: '32780' } },
    }
    expect(() =>
      fromDevnetSdk(document, { source: 'devnet.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor devnet.json is invalid (1 problem)

        l2[0].nodes[0].services.el.endpoints.rpc.port: expected number, received string]
    `)
  })

  test('errors: wrong types and unusable endpoints, all at once', () => {
    const document = {
      name: 'broken',
      l1: {
        name: 'l1',
        id: '900',
        nodes: [{ services: { el: { name: 'geth', endpoints: { ws: { host: 'h', port: 1 } } } } }],
      },
      l2: [
        {
          name: 'l2',
          id: '0x385',
          nodes: [{ services: { el: { name: 'x', endpoints: { rpc: { port: 1 } } } } }],
        },
      ],
    }
    expect(() =>
      fromDevnetSdk(document, { source: 'broken.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor broken.json is invalid (3 problems)

        l2[0].id: expected a decimal chain id
        l1.nodes[0].services.el.endpoints.rpc: missing: signalbox talks to the chain through this endpoint
        l2[0].nodes[0].services.el.endpoints.rpc.host: empty: signalbox talks to the chain through this endpoint and needs its host]
    `)
  })

  test('errors: a chain with no RPC at all', () => {
    const el = { name: 'geth', endpoints: { rpc: { host: '127.0.0.1', port: 8545 } } }
    const document = {
      name: 'broken',
      l1: { name: 'l1', id: '900', nodes: [{ services: { el } }] },
      l2: [
        {
          name: 'l2',
          id: '902',
          nodes: [{ services: { cl: { name: 'op-node', endpoints: {} } } }],
          services: { batcher: [{ name: 'op-batcher', endpoints: { http: { host: 'b' } } }] },
        },
      ],
    }
    expect(() =>
      fromDevnetSdk(document, { source: 'broken.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor broken.json is invalid (1 problem)

        l2[0].nodes: no node has an execution client with an RPC endpoint (services.el.endpoints.rpc), and no service of the chain has an rpc endpoint]
    `)
  })

  test('a chain id the document leaves out must be learned: without it, the path is named', () => {
    const document = kurtosisDevnetDocument() as { l1: { id?: string } }
    delete document.l1.id
    expect(idsToLearn(document)).toEqual([{ path: 'l1.id', rpcUrl: 'http://127.0.0.1:32769' }])
    expect(() =>
      fromDevnetSdk(document, { source: 'devnet.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor devnet.json gives no chain id

        l1.id: missing, and not learned from the chain’s RPC (eth_chainId)]
    `)
    const descriptor = fromDevnetSdk(document, { learnedChainIds: { 'l1.id': 3151908 } })
    expect(descriptor.chains[0]?.chainId).toBe(3151908)
  })

  test('errors never show a private key', () => {
    const document = kurtosisDevnetDocument()
    const secret = `${alice.privateKey}ff`
    document.l1.wallets['user-key-0'] = { address: alice.address, private_key: secret }
    let error: unknown
    try {
      fromDevnetSdk(document)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(DevnetInputError)
    expect(String(error)).toContain('l1.wallets["user-key-0"].private_key')
    expect(String(error)).not.toContain(secret.slice(2, 20))
  })
})

/** A fixture of `fixtures/devnet-sdk/` (see its README for where each comes from). */
function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/devnet-sdk/${name}`, import.meta.url), 'utf8'))
}

/** Anvil's first development account: the fixtures put it where the published examples wrote `0x...`. */
const anvilAccount0 = {
  address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
}

describe('published devnet-sdk examples load', () => {
  test('devnet-sdk book: an RPC on a chain service, wallets on the L1 only, placeholder contract addresses', () => {
    const document = fixture('book-descriptors.json')
    expect(idsToLearn(document)).toEqual([])
    const descriptor = fromDevnetSdk(document, { defaultName: 'book-descriptors' })
    expect(descriptor).toEqual({
      name: 'book-descriptors',
      backend: 'descriptor',
      chains: [
        {
          name: 'l1',
          role: 'l1',
          chainId: 900,
          rpcUrl: 'http://localhost:8545',
          nodes: [{ name: 'l1-rpc', rpcUrl: 'http://localhost:8545' }],
        },
        {
          name: 'op-sepolia',
          role: 'l2',
          chainId: 11155420,
          rpcUrl: 'http://localhost:9545',
          nodes: [{ name: 'op-sepolia-rpc', rpcUrl: 'http://localhost:9545' }],
        },
      ],
      // `admin` is listed on the L1 only: kept, the faucet finds where it has ether.
      wallets: [anvilAccount0],
    })
  })

  test('kurtosis-devnet book: no devnet name, no L1 id (learned), older one-service-per-name map', () => {
    const document = fixture('kurtosis-devnet-book-std-output.json')
    expect(idsToLearn(document)).toEqual([{ path: 'l1.id', rpcUrl: 'http://127.0.0.1:8551' }])
    const descriptor = fromDevnetSdk(document, { learnedChainIds: { 'l1.id': 3151908 } })
    expect(descriptor.name).toBe('devnet')
    expect(descriptor.chains).toEqual([
      {
        name: 'Ethereum',
        role: 'l1',
        chainId: 3151908,
        rpcUrl: 'http://127.0.0.1:8551',
        nodes: [{ name: 'el-1-geth-lighthouse', rpcUrl: 'http://127.0.0.1:8551' }],
      },
      {
        name: 'op-kurtosis',
        role: 'l2',
        chainId: 2151908,
        rpcUrl: 'http://127.0.0.1:8549',
        nodes: [{ name: 'op-geth', rpcUrl: 'http://127.0.0.1:8549' }],
      },
    ])
    // `user-key-0` is listed on the L1 only.
    expect(descriptor.wallets).toEqual([anvilAccount0])
  })

  test('kurtosis-devnet README: nodes as URLs, one wallet list for the whole devnet', () => {
    const document = fixture('kurtosis-devnet-readme.json')
    expect(idsToLearn(document)).toEqual([{ path: 'l1.id', rpcUrl: 'http://localhost:53620' }])
    const descriptor = fromDevnetSdk(document, { learnedChainIds: { 'l1.id': 3151908 } })
    expect(descriptor.chains).toEqual([
      {
        name: 'Ethereum',
        role: 'l1',
        chainId: 3151908,
        rpcUrl: 'http://localhost:53620',
        nodes: [{ name: 'Ethereum-node-0', rpcUrl: 'http://localhost:53620' }],
      },
      {
        name: 'op-kurtosis-1',
        role: 'l2',
        chainId: 2151908,
        rpcUrl: 'http://localhost:56781',
        nodes: [{ name: 'op-kurtosis-1-node-0', rpcUrl: 'http://localhost:56781' }],
      },
    ])
    expect(descriptor.wallets).toEqual([
      {
        address: '0xF435e3ba80545679CfC24E5766d7B02F0CCB5938',
        privateKey: '0xc661dd5d4b091676d1a5f2b5110f9a13cb8682140587bd756e357286a98d2c26',
      },
    ])
  })

  test('devnet-sdk env_test.go: no devnet name, no chain ids, services without names', () => {
    const document = fixture('devnet-sdk-shell-env-test.json')
    expect(chainRpcs(document).map(({ rpcPath }) => rpcPath)).toEqual([
      'l1.nodes[0].services.el.endpoints.rpc',
      'l2[0].nodes[0].services.el.endpoints.rpc',
    ])
    expect(idsToLearn(document)).toEqual([
      { path: 'l1.id', rpcUrl: 'http://localhost:8545' },
      { path: 'l2[0].id', rpcUrl: 'http://localhost:9545' },
    ])
    const descriptor = fromDevnetSdk(document, {
      defaultName: 'env',
      learnedChainIds: { 'l1.id': 900, 'l2[0].id': 901 },
    })
    expect(descriptor).toEqual({
      name: 'env',
      backend: 'descriptor',
      chains: [
        {
          name: 'l1',
          role: 'l1',
          chainId: 900,
          rpcUrl: 'http://localhost:8545',
          nodes: [{ name: 'l1-node-0', rpcUrl: 'http://localhost:8545' }],
        },
        {
          name: 'op',
          role: 'l2',
          chainId: 901,
          rpcUrl: 'http://localhost:9545',
          nodes: [{ name: 'op-node-0', rpcUrl: 'http://localhost:9545' }],
        },
      ],
      // The Go test lists no wallet.
      wallets: [],
    })
  })

  test('the fixtures hold no key other than the published one and anvil’s first account', () => {
    const keys = ['book-descriptors.json', 'kurtosis-devnet-book-std-output.json']
      .flatMap((name) => JSON.stringify(fixture(name)).match(/0x[0-9a-f]{64}/gi) ?? [])
      .map((key) => key.toLowerCase())
    expect(new Set(keys)).toEqual(new Set([anvilAccount0.privateKey]))
  })
})

describe('shapes Go’s encoding/json writes', () => {
  test('nulls for nil maps, slices and pointers, in every place they can be', () => {
    const el = { name: 'geth', endpoints: { rpc: { host: '127.0.0.1', port: 8545 }, ws: null } }
    const document = {
      name: 'nulls',
      reverse_proxy_url: null,
      l1: {
        name: 'l1',
        id: '900',
        services: { proxyd: null, batcher: [null] },
        nodes: [null, { name: null, services: { el, cl: null }, labels: null }],
        wallets: { gone: null, alice: { address: alice.address, private_key: alice.privateKey } },
        jwt: null,
        config: null,
        addresses: null,
      },
      l2: [
        null,
        {
          name: 'l2',
          id: '901',
          services: null,
          nodes: [
            { services: { el: { ...el, endpoints: { rpc: { host: 'localhost', port: 9545 } } } } },
          ],
          wallets: { alice: { address: alice.address, private_key: alice.privateKey } },
          addresses: null,
          l1_addresses: null,
          l1_wallets: null,
          rollup_config: null,
        },
      ],
      features: null,
      dep_sets: null,
      wallets: null,
    }
    const descriptor = fromDevnetSdk(document)
    expect(descriptor.chains.map((chain) => [chain.name, chain.rpcUrl])).toEqual([
      ['l1', 'http://127.0.0.1:8545'],
      ['l2', 'http://localhost:9545'],
    ])
    expect(descriptor.wallets).toEqual([alice])
  })

  test('empty and missing names: the devnet, chains, nodes and services get names, each unique', () => {
    const rpc = (port: number) => ({ rpc: { host: '127.0.0.1', port } })
    const document = {
      name: '',
      l1: {
        name: '',
        id: '900',
        nodes: [
          { name: '', services: { el: { name: '', endpoints: rpc(8545) } } },
          { services: { el: { endpoints: rpc(8546) } } },
        ],
      },
      l2: [
        { id: '901', nodes: [{ services: { el: { name: 'geth', endpoints: rpc(9545) } } }] },
        {
          name: 'op',
          id: '902',
          nodes: [{ services: { el: { name: 'geth', endpoints: rpc(9546) } } }],
        },
        {
          name: 'op',
          id: '903',
          nodes: [{ services: { el: { name: 'geth', endpoints: rpc(9547) } } }],
        },
      ],
    }
    const descriptor = fromDevnetSdk(document, { defaultName: 'from-file' })
    expect(descriptor.name).toBe('from-file')
    expect(
      descriptor.chains.map((chain) => [chain.name, chain.nodes.map((node) => node.name)]),
    ).toEqual([
      ['l1', ['l1-node-0', 'l1-node-1']],
      ['l2-0', ['geth']],
      ['op', ['geth']],
      ['op-2', ['geth']],
    ])
  })

  test('empty hosts on endpoints signalbox does not use (a service that is down) are accepted', () => {
    const document = kurtosisDevnetDocument() as unknown as {
      l1: { nodes: [{ services: { cl: { endpoints: Record<string, unknown> } } }] }
      l2: [{ services: Record<string, unknown> }]
    }
    document.l1.nodes[0].services.cl.endpoints.http = { host: '' }
    document.l2[0].services.challenger = [
      { name: '', endpoints: { http: { host: '', private_port: 8080 } } },
    ]
    expect(fromDevnetSdk(document).chains).toHaveLength(2)
  })

  test('wallets on one chain only are kept: L1-only, L2-only, and in an L2’s l1_wallets', () => {
    const document = kurtosisDevnetDocument() as unknown as {
      l1: { wallets: Record<string, unknown> }
      l2: [{ wallets: Record<string, unknown>; l1_wallets?: Record<string, unknown> }]
    }
    // bob on the L1 only, carol on the L1 only through the L2's l1_wallets, dave on the L2 only.
    delete document.l1.wallets['l1-only']
    delete document.l2[0].wallets['user-key-1']
    document.l2[0].l1_wallets = { carol: { address: carol.address, private_key: carol.privateKey } }
    document.l2[0].wallets.dave = { address: dave.address, private_key: dave.privateKey }
    expect(fromDevnetSdk(document).wallets).toEqual([alice, bob, carol, dave])
  })

  test('a key without 0x, as some hand-written files have it, is kept with 0x', () => {
    const document = kurtosisDevnetDocument()
    for (const chain of [document.l1, ...document.l2]) {
      chain.wallets['user-key-0'] = {
        address: alice.address,
        private_key: alice.privateKey.slice(2),
      }
    }
    expect(fromDevnetSdk(document).wallets[0]).toEqual(alice)
  })
})

describe('what cannot work is refused (exit 2, the place named)', () => {
  test('a key that does not match its address: the shape devnet-sdk’s system_test.go writes', () => {
    // devnet-sdk/system/system_test.go (TestNewSystemFromEnv, ethereum-optimism/optimism
    // 061ab2fe63d8c8f68f4f78f331baea9a09ae079d) marshals this with encoding/json:
    // common.HexToAddress("0x123") and a key that is not that address's. Fields Go
    // leaves out (omitempty, zero) are left out here too.
    const el = (port: number) => ({
      name: 'geth',
      endpoints: { rpc: { host: 'localhost', port } },
    })
    const wallet = {
      address: '0x0000000000000000000000000000000000000123',
      private_key: '0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef',
    }
    const document = {
      name: '',
      l1: {
        name: '',
        id: '1',
        nodes: [{ services: { el: el(8545) } }],
        wallets: { default: wallet },
      },
      l2: [
        {
          name: '',
          id: '2',
          nodes: [{ services: { el: el(8546) } }],
          wallets: { default: wallet },
        },
      ],
    }
    let error: unknown
    try {
      fromDevnetSdk(document, { source: 'devnet.json' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(DevnetInputError)
    expect((error as DevnetInputError).exitCode).toBe(ExitCode.error)
    expect(String(error)).toMatchInlineSnapshot(`
      "DevnetInputError: devnet descriptor devnet.json is invalid (2 problems)

        l1.wallets.default.private_key: does not match the wallet's address 0x0000000000000000000000000000000000000123
        l2[0].wallets.default.private_key: does not match the wallet's address 0x0000000000000000000000000000000000000123"
    `)
    expect(String(error)).not.toContain('1234567890abcdef')
  })

  test('a key that does not match on an L2’s l1_wallets, and a key that is not a key', () => {
    const document = kurtosisDevnetDocument() as unknown as {
      l2: [{ l1_wallets?: Record<string, unknown> }]
    }
    document.l2[0].l1_wallets = {
      deployer: { address: alice.address, private_key: bob.privateKey },
      short: { address: bob.address, private_key: '0xabc' },
    }
    expect(() =>
      fromDevnetSdk(document, { source: 'devnet.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor devnet.json is invalid (2 problems)

        l2[0].l1_wallets.deployer.private_key: does not match the wallet's address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
        l2[0].l1_wallets.short.private_key: expected a 32-byte hex private key]
    `)
  })

  test('32 hex bytes that are no secp256k1 key (zero, the curve order or above) are refused, not a crash', () => {
    // Found by fuzzing (test/inputs.property.integration.test.ts): viem threw from inside the schema.
    const document = kurtosisDevnetDocument() as unknown as {
      l2: [{ l1_wallets?: Record<string, unknown> }]
    }
    document.l2[0].l1_wallets = {
      zero: { address: alice.address, private_key: `0x${'0'.repeat(64)}` },
      order: {
        address: alice.address,
        private_key: '0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141',
      },
      max: { address: alice.address, private_key: 'f'.repeat(64) },
    }
    expect(() =>
      fromDevnetSdk(document, { source: 'devnet.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor devnet.json is invalid (3 problems)

        l2[0].l1_wallets.zero.private_key: expected a 32-byte hex private key
        l2[0].l1_wallets.order.private_key: expected a 32-byte hex private key
        l2[0].l1_wallets.max.private_key: expected a 32-byte hex private key]
    `)
  })

  test('an endpoint signalbox needs that is missing: el without rpc, rpc without host, proxyd without host', () => {
    const document = kurtosisDevnetDocument() as unknown as {
      l1: { nodes: [{ services: { el: { endpoints: Record<string, unknown> } } }] }
      l2: [
        {
          services: Record<string, unknown>
          nodes: [{ services: { el: { endpoints: Record<string, unknown> } } }, unknown]
        },
      ]
    }
    delete document.l1.nodes[0].services.el.endpoints.rpc
    document.l2[0].nodes[0].services.el.endpoints.rpc = { host: '', port: 32780 }
    document.l2[0].services.proxyd = [{ name: 'proxyd', endpoints: { http: { host: '' } } }]
    expect(() =>
      fromDevnetSdk(document, { source: 'devnet.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor devnet.json is invalid (3 problems)

        l1.nodes[0].services.el.endpoints.rpc: missing: signalbox talks to the chain through this endpoint
        l2[0].nodes[0].services.el.endpoints.rpc.host: empty: signalbox talks to the chain through this endpoint and needs its host
        l2[0].services.proxyd[0].endpoints.http.host: empty: signalbox talks to the chain through this endpoint and needs its host]
    `)
  })

  test('no L1', () => {
    const document: Record<string, unknown> = kurtosisDevnetDocument()
    document.l1 = null
    expect(() =>
      fromDevnetSdk(document, { source: 'devnet.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor devnet.json is invalid (1 problem)

        l1: expected object, received null]
    `)
  })
})

describe('toDevnetSdk', () => {
  test('round trip: ours → devnet-sdk → ours gives the same descriptor', () => {
    const ours = signalboxDescriptor()
    const written = toDevnetSdk(ours)
    expect(DevnetSdkDescriptor.safeParse(written).success).toBe(true)
    expect(fromDevnetSdk(JSON.parse(JSON.stringify(written)), { backend: ours.backend })).toEqual(
      ours,
    )
  })

  test('round trip: devnet-sdk → ours → devnet-sdk → ours is stable', () => {
    const once = fromDevnetSdk(kurtosisDevnetDocument())
    expect(fromDevnetSdk(toDevnetSdk(once))).toEqual(once)
  })

  test('writes devnet-sdk’s shape: string ids, el rpc endpoints, wallets on every chain, proxyd for a separate RPC', () => {
    const written = toDevnetSdk(signalboxDescriptor())
    expect(written.l1).toEqual({
      name: 'l1',
      id: '900',
      nodes: [
        {
          name: 'l1-anvil',
          services: {
            el: {
              name: 'l1-anvil',
              endpoints: { rpc: { host: '127.0.0.1', scheme: 'http', port: 8545 } },
            },
          },
          labels: { 'signalbox.block-time-seconds': '1' },
        },
      ],
      wallets: {
        'wallet-0': { address: alice.address, private_key: alice.privateKey },
        'wallet-1': { address: bob.address, private_key: bob.privateKey },
      },
    })
    expect(written.l2?.[0]?.services).toEqual({
      proxyd: [
        { name: 'proxyd', endpoints: { http: { host: 'localhost', scheme: 'http', port: 9000 } } },
      ],
    })
    expect(written.l2?.[0]?.nodes?.[1]?.services?.el?.endpoints).toEqual({
      rpc: { host: '::1', scheme: 'https', port: 9546 },
    })
  })

  test('refuses a devnet without exactly one L1', () => {
    const descriptor = signalboxDescriptor()
    descriptor.chains = descriptor.chains.filter((chain) => chain.role === 'l2')
    expect(() => toDevnetSdk(descriptor)).toThrowErrorMatchingInlineSnapshot(
      `[DevnetInputError: devnet roundtrip has 0 L1 chains; devnet-sdk's format needs exactly one]`,
    )
  })
})
