import {
  describe,
  expect,
  sendBurst,
  type TestWallet,
  test,
  waitForInclusion,
  waitForReceipt,
} from 'signalbox/suite'
import {
  type Address,
  BaseError,
  bytesToHex,
  type Chain,
  ContractFunctionRevertedError,
  encodeFunctionData,
  hexToBytes,
  type PublicClient,
  pad,
  type Transport,
} from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { counterArtifact } from './counter.artifact.js'

const { abi, bytecode, deployedBytecode, immutableRanges } = counterArtifact

/** Deploys a Counter from the test's wallet; resolves once it is mined. */
async function deployCounter(
  client: PublicClient<Transport, Chain>,
  sender: TestWallet['l1'],
  initial: bigint,
  signal: AbortSignal,
): Promise<{ address: Address; blockNumber: bigint }> {
  const hash = await sender.deployContract({ abi, bytecode, args: [initial] })
  const receipt = await waitForReceipt(client, hash, { signal })
  expect(receipt.status).toBe('success')
  expect(receipt.contractAddress).toBeTruthy()
  return { address: receipt.contractAddress as Address, blockNumber: receipt.blockNumber }
}

/** The runtime code the chain must store: the compiled code with the owner filled into its immutable slots. */
function runtimeCodeFor(owner: Address): `0x${string}` {
  const code = hexToBytes(deployedBytecode)
  for (const { start } of immutableRanges) code.set(hexToBytes(pad(owner)), start)
  return bytesToHex(code)
}

/** The revert error viem decoded from a failed call, or the failure itself when it decoded none. */
async function revertOf(call: Promise<unknown>): Promise<ContractFunctionRevertedError> {
  const error = await call.then(
    () => expect.fail('the call succeeded; it should have reverted'),
    (failure: unknown) => failure,
  )
  const reverted =
    error instanceof BaseError
      ? error.walk((cause) => cause instanceof ContractFunctionRevertedError)
      : null
  if (!(reverted instanceof ContractFunctionRevertedError)) throw error
  return reverted
}

describe('contracts', { meta: { owner: 'protocol' }, concurrent: true }, () => {
  for (const role of ['l1', 'l2'] as const) {
    const chainName = role.toUpperCase()

    // Contracts that cannot be deployed or called, or that hold other code or
    // state than compiled, break every application on the chain: severe loss
    // of functionality for most users.
    test(`${chainName} deploys a contract, stores its code as compiled, and calls change its state`, {
      meta: { severity: 'SEV1' },
    }, async ({ l1, l2, wallet, signal }) => {
      const client = role === 'l1' ? l1 : l2
      const counter = await deployCounter(client, wallet[role], 5n, signal)

      expect(await client.getCode({ address: counter.address })).toBe(
        runtimeCodeFor(wallet.account.address),
      )
      expect(
        await client.readContract({ address: counter.address, abi, functionName: 'count' }),
      ).toBe(5n)
      expect(
        await client.readContract({ address: counter.address, abi, functionName: 'owner' }),
      ).toBe(wallet.account.address)

      const hash = await wallet[role].writeContract({
        address: counter.address,
        abi,
        functionName: 'add',
        args: [3n],
      })
      const receipt = await waitForReceipt(client, hash, { signal })
      expect(receipt.status).toBe('success')
      const at = { address: counter.address, abi, functionName: 'count' } as const
      expect(await client.readContract({ ...at, blockNumber: receipt.blockNumber - 1n })).toBe(5n)
      expect(await client.readContract({ ...at, blockNumber: receipt.blockNumber })).toBe(8n)
    })

    // Applications and indexers follow contracts through their events: lost
    // or misfiltered events leave many users' views wrong (balances, orders).
    test(`${chainName} serves a contract's events through filters on indexed arguments`, {
      meta: { severity: 'SEV2' },
    }, async ({ l1, l2, wallet, signal }) => {
      const client = role === 'l1' ? l1 : l2
      const counter = await deployCounter(client, wallet[role], 5n, signal)
      const by = wallet.account.address
      const add = (step: bigint) => ({
        to: counter.address,
        data: encodeFunctionData({ abi, functionName: 'add', args: [step] }),
        gas: 100_000n,
      })
      const first = await sendBurst(client, wallet.account, [add(2n), add(3n)], { signal })
      await waitForInclusion(
        client,
        first.sent.map((sent) => sent.hash),
        { fromBlock: first.fromBlock, signal },
      )

      const query = {
        address: counter.address,
        abi,
        eventName: 'Incremented',
        fromBlock: counter.blockNumber,
      } as const
      const mine = await client.getContractEvents({ ...query, args: { by } })
      expect(mine.map((log) => log.args)).toEqual([
        { by, count: 7n, step: 2n },
        { by, count: 10n, step: 3n },
      ])
      const atTen = await client.getContractEvents({ ...query, args: { count: 10n } })
      expect(atTen.map((log) => log.transactionHash)).toEqual([first.sent[1]?.hash])
      const stranger = privateKeyToAddress(generatePrivateKey())
      expect(await client.getContractEvents({ ...query, args: { by: stranger } })).toEqual([])

      // An installed filter: all its logs so far, then only the new ones.
      const filter = await client.createContractEventFilter({ ...query, args: { by } })
      expect((await client.getFilterLogs({ filter })).map((log) => log.args.count)).toEqual([
        7n,
        10n,
      ])
      await client.getFilterChanges({ filter })
      const second = await sendBurst(client, wallet.account, [add(4n)], { signal })
      await waitForInclusion(
        client,
        second.sent.map((sent) => sent.hash),
        { fromBlock: second.fromBlock, signal },
      )
      const changes = await client.getFilterChanges({ filter })
      expect(changes.map((log) => log.args)).toEqual([{ by, count: 14n, step: 4n }])
      expect(await client.uninstallFilter({ filter })).toBe(true)
    })

    // Wallets send with eth_estimateGas's answer: an estimate that falls short
    // makes many users' transactions fail and still cost them gas.
    test(`${chainName} eth_estimateGas is enough: a transaction sent with exactly the estimate succeeds`, {
      meta: { severity: 'SEV2' },
    }, async ({ l1, l2, wallet, signal }) => {
      const client = role === 'l1' ? l1 : l2
      const counter = await deployCounter(client, wallet[role], 0n, signal)
      // churn needs more gas while it runs than it finally uses (refunds, an inner call's 63/64).
      const call = { address: counter.address, abi, functionName: 'churn', args: [20n] } as const
      const estimate = await client.estimateContractGas({ ...call, account: wallet.account })

      const hash = await wallet[role].writeContract({ ...call, gas: estimate })
      const receipt = await waitForReceipt(client, hash, { signal })
      expect(receipt.status).toBe('success')
      expect(
        await client.readContract({ address: counter.address, abi, functionName: 'count' }),
      ).toBe(1n)
      // The estimate is more than the gas used: the gas used alone would not have been enough.
      expect(receipt.gasUsed).toBeLessThan(estimate)
      await expect(
        client.call({
          account: wallet.account.address,
          to: counter.address,
          data: encodeFunctionData(call),
          gas: receipt.gasUsed,
        }),
      ).rejects.toThrow()
    })

    // Without the revert reason users and developers see a bare failure and
    // cannot tell what to fix: a minor, customer-visible issue.
    test(`${chainName} revert reasons reach the client: a require message and a custom error`, {
      meta: { severity: 'SEV3' },
    }, async ({ l1, l2, wallet, signal }) => {
      const client = role === 'l1' ? l1 : l2
      const counter = await deployCounter(client, wallet[role], 1n, signal)
      const owner = wallet.account.address
      const stranger = privateKeyToAddress(generatePrivateKey())

      const addNothing = {
        address: counter.address,
        abi,
        functionName: 'add',
        args: [0n],
      } as const

      const required = await revertOf(client.simulateContract({ ...addNothing, account: owner }))
      expect(required.reason).toBe('step must be positive')
      const estimated = await revertOf(
        client.estimateContractGas({ ...addNothing, account: owner }),
      )
      expect(estimated.reason).toBe('step must be positive')

      const custom = await revertOf(
        client.simulateContract({
          address: counter.address,
          abi,
          functionName: 'reset',
          account: stranger,
        }),
      )
      expect(custom.data?.errorName).toBe('NotOwner')
      expect(custom.data?.args).toEqual([stranger, owner])

      // Sent anyway (a fixed gas limit skips the estimate): mined, and marked reverted.
      const hash = await wallet[role].writeContract({ ...addNothing, gas: 100_000n })
      expect((await waitForReceipt(client, hash, { signal })).status).toBe('reverted')
    })
  }
})
