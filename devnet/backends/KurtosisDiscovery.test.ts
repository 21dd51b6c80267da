import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  classifyExecutionClient,
  httpUrlOfPrintedPort,
  parseEnclaveInspect,
  parseServiceLabels,
  rpcPortOf,
} from './KurtosisDiscovery.js'

// Published kurtosis output; each file's source is in fixtures/kurtosis/README.md.
const fixture = (path: string) =>
  readFileSync(join(import.meta.dirname, 'fixtures', 'kurtosis', path), 'utf8')

describe('parseEnclaveInspect', () => {
  test('reads every row of a published 1.4.0 table, with status and port ids (op-succinct, optimism-package 1.4.0)', () => {
    const services = parseEnclaveInspect(fixture('v1.4-op-succinct/enclave-inspect.txt'))
    expect(services.map((service) => service.name)).toEqual([
      'cl-1-lighthouse-geth',
      'el-1-geth-lighthouse',
      'grafana',
      'op-batcher-2151908-op-succinct-base',
      'op-cl-2151908-node0-op-node',
      'op-el-2151908-node0-op-geth',
      'op-proposer-2151908-op-succinct-base',
      'prometheus',
      'proxyd-2151908-op-succinct-base',
      'validator-key-generation-cl-validator-keystore',
      'vc-1-geth-lighthouse',
    ])
    expect(services.find((service) => service.name === 'el-1-geth-lighthouse')).toEqual({
      name: 'el-1-geth-lighthouse',
      status: 'RUNNING',
      ports: ['engine-rpc', 'metrics', 'rpc', 'tcp-discovery', 'udp-discovery', 'ws'],
    })
    expect(services.find((service) => service.name.startsWith('validator-'))?.ports).toEqual([])
  })

  test('a stopped service has its port ids but no addresses (op-succinct’s second 1.4.0 table, as published)', () => {
    const stopped = `========================================== User Services ==========================================
UUID           Name                                             Ports                                                Status
014f3a266f62   op-proposer-2151908-op-succinct-base             http: 8560/tcp                                       STOPPED
                                                                metrics: 9001/tcp                                    
0ab72a1fd691   prometheus                                       http: 9090/tcp -> http://127.0.0.1:32974             RUNNING
`
    expect(parseEnclaveInspect(stopped)).toEqual([
      {
        name: 'op-proposer-2151908-op-succinct-base',
        status: 'STOPPED',
        ports: ['http', 'metrics'],
      },
      { name: 'prometheus', status: 'RUNNING', ports: ['http'] },
    ])
  })

  test('headers coloured for a terminal read the same', () => {
    const coloured = fixture('v1.2-op-succinct/enclave-inspect.txt').replace(
      'UUID           Name',
      '\u001b[1mUUID\u001b[0m           \u001b[1mName\u001b[0m',
    )
    expect(parseEnclaveInspect(coloured)).toEqual(
      parseEnclaveInspect(fixture('v1.2-op-succinct/enclave-inspect.txt')),
    )
  })

  test('an enclave without user services has none', () => {
    expect(parseEnclaveInspect('Name: empty\nStatus: RUNNING\n')).toEqual([])
  })
})

describe('rpcPortOf and httpUrlOfPrintedPort', () => {
  test('rpc where there is one, ws-rpc otherwise (erigon, nimbus), none without either', () => {
    expect(rpcPortOf(['engine-rpc', 'rpc', 'ws'])).toBe('rpc')
    expect(rpcPortOf(['engine-rpc', 'metrics', 'ws-rpc'])).toBe('ws-rpc')
    expect(rpcPortOf(['engine-rpc', 'metrics'])).toBeUndefined()
  })

  test('host:port (no application protocol) and http(s):// are accepted', () => {
    // `kurtosis port print my-testnet el-1-geth-lighthouse rpc` on optimism-package 1.4.0 (issue 10).
    expect(httpUrlOfPrintedPort('127.0.0.1:52002\n', 'rpc')).toBe('http://127.0.0.1:52002')
    expect(httpUrlOfPrintedPort('http://127.0.0.1:32960\n', 'rpc')).toBe('http://127.0.0.1:32960')
    expect(httpUrlOfPrintedPort('https://node.example:443', 'rpc')).toBe('https://node.example:443')
  })

  test('a ws-rpc port printed as ws:// is the same port over HTTP; an rpc port printed as ws:// is not', () => {
    expect(httpUrlOfPrintedPort('ws://127.0.0.1:52003', 'ws-rpc')).toBe('http://127.0.0.1:52003')
    expect(httpUrlOfPrintedPort('wss://127.0.0.1:52003', 'ws-rpc')).toBe('https://127.0.0.1:52003')
    expect(httpUrlOfPrintedPort('ws://127.0.0.1:52003', 'rpc')).toBeUndefined()
  })

  test('anything else is no address', () => {
    for (const printed of [
      '',
      'Error: no port',
      'grpc://127.0.0.1:1',
      '127.0.0.1',
      'http://a b:1',
    ]) {
      expect(httpUrlOfPrintedPort(printed, 'rpc'), printed).toBeUndefined()
    }
  })
})

describe('classifyExecutionClient', () => {
  test('by name, each generation: the chain key is the network or the chain name, never the participant', () => {
    const keyOf = (name: string) => {
      const client = classifyExecutionClient(name)
      return client?.role === 'l2' ? [client.chainKey, client.participant] : client?.role
    }
    expect(keyOf('op-el-1-op-geth-op-node')).toEqual(['the only L2', 1])
    expect(keyOf('op-el-1-op-geth-op-node-op-kurtosis')).toEqual(['chain name op-kurtosis', 1])
    expect(keyOf('op-el-2-op-reth-hildr-op-kurtosis')).toEqual(['chain name op-kurtosis', 2])
    expect(keyOf('op-el-2151908-1-op-geth-op-node-op-kurtosis')).toEqual(['network 2151908', 1])
    expect(keyOf('op-el-2151909-1-op-geth-op-node-op-kurtosis-2')).toEqual(['network 2151909', 1])
    expect(keyOf('op-el-2151908-2-custom-op-node-op-kurtosis')).toEqual(['network 2151908', 2])
    expect(keyOf('op-el-2151908-node0-op-geth')).toEqual(['network 2151908', undefined])
    expect(keyOf('el-1-geth-lighthouse')).toBe('l1')
    expect(keyOf('el-2-erigon-prysm')).toBe('l1')
  })

  test('by labels where the service has them, whatever its name says', () => {
    const labels = JSON.parse(
      fixture('v1.4-op-succinct/service-inspect/op-el-2151908-node0-op-geth.json'),
    ).labels as Record<string, string>
    expect(classifyExecutionClient('op-el-2151908-node0-op-geth', labels)).toEqual({
      role: 'l2',
      name: 'op-el-2151908-node0-op-geth',
      chainKey: 'network 2151908',
      by: 'labels',
      participant: 0,
    })
    expect(
      classifyExecutionClient('op-el-7-misleading-op-node-x', {
        ...labels,
        'op.network.id': '2151909',
      }),
    ).toMatchObject({ chainKey: 'network 2151909', by: 'labels' })
    expect(
      classifyExecutionClient('op-el-2151908-node0-op-rbuilder', {
        ...labels,
        'op.kind': 'elbuilder',
      }),
    ).toBeUndefined()
  })

  test('consensus clients, builders, batchers and the rest are not nodes', () => {
    for (const name of [
      'cl-1-lighthouse-geth',
      'op-cl-2151908-node0-op-node',
      'op-el-builder-2151908-1-custom-op-node-op-kurtosis',
      'op-elbuilder-2151908-node0-op-rbuilder',
      'op-batcher-2151908-op-succinct-base',
      'vc-1-geth-lighthouse',
      'validator-key-generation-cl-validator-keystore',
    ]) {
      expect(classifyExecutionClient(name), name).toBeUndefined()
    }
  })
})

describe('parseServiceLabels', () => {
  test('the labels of `service inspect -o json`; none is an empty record', () => {
    expect(
      parseServiceLabels(
        fixture('v1.4-op-succinct/service-inspect/op-el-2151908-node0-op-geth.json'),
      ),
    ).toMatchObject({ 'op.kind': 'el', 'op.network.id': '2151908' })
    expect(parseServiceLabels('{"image": "geth"}')).toEqual({})
  })

  test('what is not that document (an older CLI’s error) is undefined', () => {
    expect(parseServiceLabels("Error: unknown shorthand flag: 'o' in -o")).toBeUndefined()
    expect(parseServiceLabels('{"labels": {}}')).toBeUndefined()
  })
})
