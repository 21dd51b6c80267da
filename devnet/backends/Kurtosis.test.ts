import { describe, expect, test } from 'vitest'
import { classifyService, parseEnclaveInspect } from './Kurtosis.js'

// `kurtosis enclave inspect` as the CLI prints it (cli/cli/commands/enclave/inspect):
// a header, the files artifacts, then the user services, one row per service
// and one continuation line per further port.
const inspectOutput = `Name:            op-devnet
UUID:            0b4dd7a1a2c4
Status:          RUNNING
Creation Time:   Tue, 04 Mar 2025 10:12:33 UTC
Flags:

========================================= Files Artifacts =========================================
UUID           Name
d4085a064230   el_cl_genesis_data
1c62cb792e4c   op-deployer-configs

========================================== User Services ==========================================
UUID           Name                                             Ports                                         Status
4b5957123a58   cl-1-lighthouse-geth                             http: 4000/tcp -> http://127.0.0.1:32771      RUNNING
                                                                metrics: 5054/tcp -> http://127.0.0.1:32772
d7b802f623e8   el-1-geth-lighthouse                             engine-rpc: 8551/tcp -> 127.0.0.1:32768       RUNNING
                                                                rpc: 8545/tcp -> http://127.0.0.1:32769
                                                                ws: 8546/tcp -> ws://127.0.0.1:32770
a1b2c3d4e5f6   op-batcher-2151908                               http: 8548/tcp -> http://127.0.0.1:32790      RUNNING
0c1d2e3f4a5b   op-cl-2151908-1-op-node-op-geth                  http: 8547/tcp -> http://127.0.0.1:32785      RUNNING
9f8e7d6c5b4a   op-el-2151908-1-op-geth                          engine-rpc: 8551/tcp -> 127.0.0.1:32782       RUNNING
                                                                rpc: 8545/tcp -> http://127.0.0.1:32780
1a2b3c4d5e6f   op-el-2151908-2-op-reth                          rpc: 8545/tcp -> http://127.0.0.1:32781       STOPPED
5e6f7a8b9c0d   op-elbuilder-2151908-1-op-rbuilder               rpc: 8545/tcp -> http://127.0.0.1:32783       RUNNING
77aa88bb99cc   validator-key-generation-cl-validator-keystore   <none>                                        RUNNING
`

describe('parseEnclaveInspect', () => {
  test('reads every service row of the User Services table, with its status', () => {
    expect(parseEnclaveInspect(inspectOutput)).toEqual([
      { name: 'cl-1-lighthouse-geth', status: 'RUNNING' },
      { name: 'el-1-geth-lighthouse', status: 'RUNNING' },
      { name: 'op-batcher-2151908', status: 'RUNNING' },
      { name: 'op-cl-2151908-1-op-node-op-geth', status: 'RUNNING' },
      { name: 'op-el-2151908-1-op-geth', status: 'RUNNING' },
      { name: 'op-el-2151908-2-op-reth', status: 'STOPPED' },
      { name: 'op-elbuilder-2151908-1-op-rbuilder', status: 'RUNNING' },
      { name: 'validator-key-generation-cl-validator-keystore', status: 'RUNNING' },
    ])
  })

  test('an enclave without user services has none', () => {
    expect(parseEnclaveInspect('Name: empty\nStatus: RUNNING\n')).toEqual([])
  })
})

describe('classifyService', () => {
  test('op-el-<network id>-<participant>-<type> is an L2 execution client of that network', () => {
    expect(classifyService('op-el-2151908-1-op-geth')).toEqual({ role: 'l2', networkId: '2151908' })
    expect(classifyService('op-el-2151909-node0-op-reth')).toEqual({
      role: 'l2',
      networkId: '2151909',
    })
  })

  test('el-<n>-<el>-<cl> is an L1 execution client', () => {
    expect(classifyService('el-1-geth-lighthouse')).toEqual({ role: 'l1' })
  })

  test('consensus clients, builders, batchers and the rest are not nodes', () => {
    for (const name of [
      'cl-1-lighthouse-geth',
      'op-cl-2151908-1-op-node-op-geth',
      'op-elbuilder-2151908-1-op-rbuilder',
      'op-batcher-2151908',
      'vc-1-geth-lighthouse',
    ]) {
      expect(classifyService(name), name).toBeUndefined()
    }
  })
})
