import { describe, expect, test } from 'vitest'
import type { DevnetDescriptor } from './Descriptor.js'
import { DevnetInputError } from './DevnetError.js'
import { DevnetSdkDescriptor, fromDevnetSdk, toDevnetSdk } from './DevnetSdkDescriptor.js'
import { deriveWallets, devMnemonic } from './Wallets.js'

const [alice, bob, carol] = deriveWallets(devMnemonic, 3) as [
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

describe('fromDevnetSdk', () => {
  test('maps a kurtosis-devnet descriptor: chains, el nodes, rpc, block time, shared wallets', () => {
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
      wallets: [alice, bob],
    })
  })

  test('wallets: keeps those on every chain (by address, any case), drops L1-only and keyless ones', () => {
    const { wallets } = fromDevnetSdk(kurtosisDevnetDocument())
    expect(wallets.map((wallet) => wallet.address)).toEqual([alice.address, bob.address])
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

  test('errors: missing fields and wrong types, all at once', () => {
    const document = {
      name: 'broken',
      l1: {
        name: 'l1',
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
      [DevnetInputError: devnet descriptor broken.json is invalid (4 problems)

        l1.id: missing (expected a chain id: a decimal string or a number)
        l1.nodes[0].services.el.endpoints.rpc: missing (expected object)
        l2[0].id: expected a decimal chain id
        l2[0].nodes[0].services.el.endpoints.rpc.host: missing (expected string)]
    `)
  })

  test('errors: a chain without an RPC node, duplicate chain names', () => {
    const el = { name: 'geth', endpoints: { rpc: { host: '127.0.0.1', port: 8545 } } }
    const document = {
      name: 'broken',
      l1: { name: 'l1', id: '900', nodes: [{ services: { el } }] },
      l2: [
        { name: 'l1', id: '901', nodes: [{ services: { el } }] },
        {
          name: 'l2',
          id: '902',
          nodes: [{ services: { cl: { name: 'op-node', endpoints: {} } } }],
        },
      ],
    }
    expect(() =>
      fromDevnetSdk(document, { source: 'broken.json' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [DevnetInputError: devnet descriptor broken.json is invalid (2 problems)

        l2[0].name: duplicate chain name "l1"
        l2[1].nodes: no node has an execution client with an RPC endpoint (services.el.endpoints.rpc)]
    `)
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
