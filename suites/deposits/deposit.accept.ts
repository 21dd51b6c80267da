import {
  chainOf,
  type DevnetChain,
  type DevnetDescriptor,
  describe,
  expect,
  publicClientOf,
  test,
  viemChainOf,
  waitForReceipt,
} from 'signalbox/suite'
import {
  type Address,
  BaseError,
  concatHex,
  createPublicClient,
  defineChain,
  encodeDeployData,
  getContractAddress,
  type Hash,
  type Hex,
  hexToNumber,
  http,
  keccak256,
  pad,
  parseEther,
  toHex,
} from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { chainConfig, serializeTransaction } from 'viem/op-stack'
import { counterArtifact } from '../contracts/counter.artifact.js'

/** A client of the L2 that reads OP Stack fields (mint, sourceHash, depositNonce). */
function opStackClientOf(chain: DevnetChain) {
  return createPublicClient({
    chain: defineChain({ ...viemChainOf(chain), ...chainConfig }),
    transport: http(chain.rpcUrl),
    pollingInterval: 100,
  })
}

/**
 * The source hash of a user deposit (OP Stack deposits spec, domain 0):
 * keccak256(bytes32(0) ++ keccak256(l1BlockHash ++ bytes32(l1LogIndex))).
 */
function userDepositSourceHash(l1BlockHash: Hash, l1LogIndex: number): Hash {
  return keccak256(
    concatHex([pad('0x00'), keccak256(concatHex([l1BlockHash, pad(toHex(l1LogIndex))]))]),
  )
}

/** Node answers that mean "this node takes no deposit transactions over RPC" (op-geth takes them only from L1 derivation). */
const unsupported =
  /not supported|unsupported|not allowed|invalid transaction type|unknown transaction type/i

interface Deposit {
  from: Address
  to: Address | null
  mint: bigint
  value: bigint
  gas: bigint
  data: Hex
}

/**
 * Submits `deposit` to the L2 as a raw type 0x7e transaction, as the rollup
 * node would after reading it from L1. Skips the test, with the node's
 * answer, when the node takes no deposits over RPC.
 */
async function submitDeposit(
  devnet: DevnetDescriptor,
  deposit: Deposit,
  l1LogIndex: number,
  skip: (note: string) => never,
) {
  const l1 = chainOf(devnet, 'l1')
  const l2 = chainOf(devnet, 'l2')
  if (!l1 || !l2) throw new Error('deposits need a devnet with an L1 and an L2')
  const client = opStackClientOf(l2)
  // The source of a real deposit: an L1 block and the index of its TransactionDeposited log.
  const l1Block = await publicClientOf(l1).getBlock({ blockTag: 'latest' })
  const sourceHash = userDepositSourceHash(l1Block.hash, l1LogIndex)
  const raw = serializeTransaction({
    type: 'deposit',
    sourceHash,
    isSystemTx: false,
    ...deposit,
    to: deposit.to ?? undefined,
  })
  let hash: Hash
  try {
    hash = await client.request({ method: 'eth_sendRawTransaction', params: [raw] })
  } catch (error) {
    const answer =
      error instanceof BaseError ? (error.details ?? error.shortMessage) : String(error)
    if (unsupported.test(answer)) {
      skip(
        `the L2 takes no deposit transactions over RPC ("${answer}"): OP Stack nodes accept them only ` +
          'from L1 derivation, and the devnet descriptor names no OptimismPortal to deposit through',
      )
    }
    throw error
  }
  return { client, raw, hash, sourceHash }
}

/**
 * anvil (`--network optimism`) that mines on demand may include a deposit
 * submitted over RPC in more than one block when blocks are made while it is
 * pending (other tests' transactions, `evm_mine`), minting it again each
 * time. Real OP Stack nodes take deposits only from L1 derivation, where this
 * cannot happen; on anvil the test cannot tell its own deposit apart and is
 * skipped, saying so. On any other client a deposit included twice fails the
 * test's assertions, as it should. `from` is a fresh sender: each inclusion
 * of its deposit uses one of its nonces.
 */
async function skipWhereAnvilIncludedTwice(
  client: ReturnType<typeof opStackClientOf>,
  from: Address,
  blockNumber: bigint,
  skip: (note: string) => never,
) {
  const inclusions = await client.getTransactionCount({ address: from, blockNumber })
  if (inclusions <= 1) return
  const clientVersion = await client.request({ method: 'web3_clientVersion' })
  if (clientVersion.startsWith('anvil/')) {
    skip(
      `${clientVersion} --network optimism included the deposit ${inclusions} times (blocks were made on demand ` +
        'while it was pending): a known race of anvil with deposits submitted over RPC, which OP Stack nodes take only from L1',
    )
  }
}

// Deposits carry users' funds from L1 to L2: a deposit minted or executed
// wrongly loses or creates funds, for every user who bridges: catastrophic.
describe('deposits', { meta: { severity: 'SEV0', owner: 'bridge' }, concurrent: true }, () => {
  test('L2 includes a user deposit (type 0x7e) and mints as the OP Stack specifies', async ({
    devnet,
    signal,
    skip,
  }) => {
    const deposit: Deposit = {
      // The L1 sender, an externally owned account (not aliased), and a recipient: both empty on L2.
      from: privateKeyToAddress(generatePrivateKey()),
      to: privateKeyToAddress(generatePrivateKey()),
      mint: parseEther('2'),
      value: parseEther('0.5'),
      gas: 100_000n,
      data: '0x',
    }
    const { client, raw, hash, sourceHash } = await submitDeposit(devnet, deposit, 0, skip)

    // A deposit's hash is the keccak-256 of its EIP-2718 envelope.
    expect(hash).toBe(keccak256(raw))
    const receipt = await waitForReceipt(client, hash, { signal })
    await skipWhereAnvilIncludedTwice(client, deposit.from, receipt.blockNumber, skip)
    expect(receipt).toMatchObject({
      status: 'success',
      from: deposit.from.toLowerCase(),
      to: deposit.to?.toLowerCase(),
    })
    // Some nodes spell the type 0x7E: the value is what counts.
    expect(hexToNumber(receipt.type as Hex)).toBe(0x7e)

    const block = await client.getBlock({
      blockNumber: receipt.blockNumber,
      includeTransactions: true,
    })
    const mined = block.transactions.find((transaction) => transaction.hash === hash)
    expect(mined).toMatchObject({
      typeHex: '0x7e',
      type: 'deposit',
      sourceHash,
      from: deposit.from.toLowerCase(),
      to: deposit.to?.toLowerCase(),
      mint: deposit.mint,
      value: deposit.value,
      gas: deposit.gas,
    })

    // The mint goes to the sender, the value moves on to the recipient, and
    // the L2 charges no gas (a deposit buys its gas on L1).
    const at = (address: Address, blockNumber: bigint) =>
      client.getBalance({ address, blockNumber })
    const before = receipt.blockNumber - 1n
    const after = receipt.blockNumber
    const [fromBefore, toBefore, fromAfter, toAfter] = await Promise.all([
      at(deposit.from, before),
      at(deposit.to as Address, before),
      at(deposit.from, after),
      at(deposit.to as Address, after),
    ])
    expect({ fromBefore, toBefore }).toEqual({ fromBefore: 0n, toBefore: 0n })
    expect({ fromAfter, toAfter }).toEqual({
      fromAfter: deposit.mint - deposit.value,
      toAfter: deposit.value,
    })
    expect(await client.getTransactionCount({ address: deposit.from, blockNumber: after })).toBe(1)
  })

  test('L2 runs a deposit that creates a contract with the deposit sender as its caller', async ({
    devnet,
    signal,
    skip,
  }) => {
    const from = privateKeyToAddress(generatePrivateKey())
    const data = encodeDeployData({
      abi: counterArtifact.abi,
      bytecode: counterArtifact.bytecode,
      args: [42n],
    })
    const deposit: Deposit = {
      from,
      to: null,
      mint: parseEther('1'),
      value: 0n,
      gas: 1_000_000n,
      data,
    }
    const { client, hash } = await submitDeposit(devnet, deposit, 1, skip)

    const receipt = await waitForReceipt(client, hash, { signal })
    await skipWhereAnvilIncludedTwice(client, from, receipt.blockNumber, skip)
    expect(receipt.status).toBe('success')
    const address = getContractAddress({ from, nonce: 0n })
    expect(receipt.contractAddress?.toLowerCase()).toBe(address.toLowerCase())
    // State as the deposit's block left it: a later block (anvil including the
    // deposit again) must not change what this test reads.
    const blockNumber = receipt.blockNumber
    const read = (functionName: 'owner' | 'count') =>
      client.readContract({ address, abi: counterArtifact.abi, functionName, blockNumber })
    expect(await read('owner')).toBe(from)
    expect(await read('count')).toBe(42n)
    expect(await client.getBalance({ address: from, blockNumber })).toBe(deposit.mint)
  })

  // Tools that follow deposits (bridges' UIs, indexers) read depositNonce to
  // tie a receipt to its L1 origin: a wrong one misleads them, a minor issue.
  test("L2 deposit receipt records the sender's nonce before the deposit (depositNonce)", {
    meta: { severity: 'SEV3' },
  }, async ({ devnet, signal, skip }) => {
    const from = privateKeyToAddress(generatePrivateKey())
    const deposit: Deposit = { from, to: from, mint: 1n, value: 0n, gas: 50_000n, data: '0x' }
    const { client, hash } = await submitDeposit(devnet, deposit, 2, skip)

    const receipt = await waitForReceipt(client, hash, { signal })
    await skipWhereAnvilIncludedTwice(client, from, receipt.blockNumber, skip)
    const transaction = await client.getTransaction({ hash })
    const depositNonce = (receipt as { depositNonce?: bigint }).depositNonce
    // Regolith: the receipt's depositNonce is the sender's nonce before the deposit, and the
    // transaction's nonce repeats it. anvil reports the nonce after the deposit instead.
    // The deviation is anvil's, whichever backend runs it: ask the node what it is.
    const clientVersion = await client.request({ method: 'web3_clientVersion' })
    if (clientVersion.startsWith('anvil/') && depositNonce === 1n && transaction.nonce === 0) {
      skip(
        `${clientVersion} --network optimism reports depositNonce 1 (the nonce after the deposit) where the ` +
          'spec says 0 (before): a known deviation of anvil, checked on every other client',
      )
    }
    expect(depositNonce).toBe(0n)
    expect(transaction.nonce).toBe(0)
    expect((receipt as { depositReceiptVersion?: number }).depositReceiptVersion).toBe(1)
  })
})
