import type { Finding, Results, Severity, TestResult, Verdict } from '../core/index.js'
import type { ReadinessFile } from '../gates/Readiness.js'

/**
 * Results of a realistic run, for the writers' tests, the benchmark and the
 * browser test: two gates (alphanet promotes, betanet blocks), failures of every
 * severity, mitigations valid and expired, a manual finding, skips, quarantined
 * and flaky tests, annotations, and a failing health check.
 */

const withdrawalTimeout = `Error: Test timed out in 120000ms.
If this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".`

function test(
  id: string,
  fields: Partial<TestResult> & Pick<TestResult, 'feature' | 'status' | 'durationMs'>,
): TestResult {
  const [file = id, ...rest] = id.split(' > ')
  return {
    id,
    file,
    name: rest.at(-1) ?? id,
    attempts: 1,
    flaky: false,
    quarantined: false,
    annotations: [],
    ...fields,
  }
}

const ids = {
  deposit: 'bridge/deposits.accept.ts > ETH deposits > deposit is credited on L2',
  depositContract: 'bridge/deposits.accept.ts > ETH deposits > deposit to a contract address',
  withdrawal: 'bridge/withdrawals.accept.ts > withdrawals > withdrawal proves and finalizes',
  withdrawalErc20: 'bridge/withdrawals.accept.ts > withdrawals > ERC-20 withdrawal finalizes',
  baseFee: 'fees/base-fee.accept.ts > EIP-1559 > base fee rises under sustained load',
  operatorFee: 'fees/operator-fee.accept.ts > operator fee > operator fee is charged',
  operatorVault: 'fees/operator-fee.accept.ts > operator fee > operator fee vault receives the fee',
  relay: 'interop/messaging.accept.ts > cross-chain messages > message from A is relayed to B',
  invalidMessage:
    'interop/messaging.accept.ts > cross-chain messages > invalid message is rejected',
  expiry: 'interop/messaging.accept.ts > cross-chain messages > message expiry window is enforced',
  supervisor: 'interop/supervisor.accept.ts > supervisor > safe head advances on both chains',
  getLogs: 'rpc/eth-api.accept.ts > eth namespace > eth_getLogs enforces the block range limit',
  chainId: 'rpc/eth-api.accept.ts > eth namespace > eth_chainId matches the descriptor',
  trace: 'rpc/debug-api.accept.ts > debug namespace > debug_traceTransaction with callTracer',
  blockTime: 'sequencer/liveness.accept.ts > sequencer > blocks are produced every 2s',
  restart: 'sequencer/liveness.accept.ts > sequencer > sequencer recovers after a restart',
  gossip: 'sequencer/liveness.accept.ts > sequencer > unsafe head gossip reaches the verifier',
} as const

/** Test ids of the fixture, by role, for assertions. */
export const fixtureIds = ids

const tests: TestResult[] = [
  test(ids.deposit, {
    feature: 'bridge',
    owner: 'bridge-team',
    severity: 'SEV1',
    status: 'passed',
    durationMs: 18_234,
    line: 14,
  }),
  test(ids.depositContract, {
    feature: 'bridge',
    owner: 'bridge-team',
    status: 'passed',
    durationMs: 16_902,
    line: 41,
  }),
  test(ids.withdrawal, {
    feature: 'bridge',
    owner: 'bridge-team',
    severity: 'SEV2',
    status: 'timedOut',
    durationMs: 120_000,
    line: 22,
    error: {
      message: withdrawalTimeout,
      stack: `${withdrawalTimeout}\n    at withdrawals.accept.ts:22:3`,
    },
  }),
  test(ids.withdrawalErc20, {
    feature: 'bridge',
    owner: 'bridge-team',
    status: 'skipped',
    durationMs: 0,
    line: 58,
    skipReason: 'fault proofs are disabled on this devnet (no DisputeGameFactory)',
  }),
  test(ids.baseFee, {
    feature: 'fees',
    owner: 'fees-team',
    severity: 'SEV2',
    status: 'failed',
    durationMs: 42_117,
    line: 30,
    error: {
      message:
        'AssertionError: expected 1000000007n to be greater than 1000000007n\n\n- Expected: > 1000000007n\n+ Received: 1000000007n',
      stack: `AssertionError: expected 1000000007n to be greater than 1000000007n
    at fees/base-fee.accept.ts:48:31
    at processTicksAndRejections (node:internal/process/task_queues:95:5)`,
    },
  }),
  test(ids.operatorFee, {
    feature: 'fees',
    owner: 'fees-team',
    status: 'passed',
    durationMs: 9_410,
    attempts: 2,
    flaky: true,
    line: 12,
  }),
  test(ids.operatorVault, {
    feature: 'fees',
    owner: 'fees-team',
    status: 'passed',
    durationMs: 7_903,
    line: 33,
  }),
  test(ids.relay, {
    feature: 'interop',
    owner: 'interop-team',
    severity: 'SEV1',
    status: 'failed',
    durationMs: 64_551,
    line: 27,
    error: {
      message:
        'AssertionError: expected message 0x9f3c…e1 to be relayed on op-devnet-1 within 60s: still pending after 30 blocks',
      stack: `AssertionError: expected message 0x9f3c…e1 to be relayed on op-devnet-1 within 60s: still pending after 30 blocks
    at waitForRelay (suites/kit/interop.ts:88:11)
    at interop/messaging.accept.ts:39:5`,
    },
    annotations: [{ type: 'relay-latency', message: 'p50 4.1s, p99 timed out' }],
  }),
  test(ids.invalidMessage, {
    feature: 'interop',
    owner: 'interop-team',
    status: 'passed',
    durationMs: 12_044,
    line: 52,
  }),
  test(ids.expiry, {
    feature: 'interop',
    owner: 'interop-team',
    status: 'passed',
    durationMs: 21_377,
    line: 70,
  }),
  test(ids.supervisor, {
    feature: 'interop',
    owner: 'interop-team',
    status: 'errored',
    durationMs: 3_208,
    line: 9,
    error: {
      message: "TypeError: Cannot read properties of undefined (reading 'safe')",
      stack: `TypeError: Cannot read properties of undefined (reading 'safe')
    at syncStatus (suites/kit/supervisor.ts:41:24)
    at interop/supervisor.accept.ts:15:20`,
    },
  }),
  test(ids.getLogs, {
    feature: 'rpc',
    owner: 'platforms',
    severity: 'SEV2',
    status: 'failed',
    durationMs: 1_842,
    line: 64,
    error: {
      message:
        'expected error code -32005 | got -32000\nresponse: {"code":-32000,"message":"query returned more than 10000 results"}',
    },
  }),
  test(ids.chainId, {
    feature: 'rpc',
    owner: 'platforms',
    status: 'passed',
    durationMs: 312,
    line: 12,
  }),
  test(ids.trace, {
    feature: 'rpc',
    owner: 'platforms',
    status: 'skipped',
    durationMs: 0,
    line: 20,
  }),
  test(ids.blockTime, {
    feature: 'sequencer',
    owner: 'sequencing-team',
    severity: 'SEV2',
    status: 'failed',
    durationMs: 30_488,
    quarantined: true,
    line: 18,
    error: {
      message:
        'AssertionError: expected block interval 2s, observed 3s between blocks 1187 and 1188',
      stack:
        'AssertionError: expected block interval 2s, observed 3s between blocks 1187 and 1188\n    at sequencer/liveness.accept.ts:25:7',
    },
  }),
  test(ids.restart, {
    feature: 'sequencer',
    owner: 'sequencing-team',
    status: 'passed',
    durationMs: 48_200,
    quarantined: true,
    line: 36,
  }),
  test(ids.gossip, {
    feature: 'sequencer',
    owner: 'sequencing-team',
    status: 'passed',
    durationMs: 6_511,
    line: 61,
    annotations: [{ type: 'gossip-latency', message: 'p50 180 ms, p99 640 ms' }],
  }),
]

const manualBatcher = 'RRC-12'

/** The title the classification gives a test finding: name, status, first error line. */
function testTitle(id: string): string {
  const found = tests.find((candidate) => candidate.id === id)
  if (found === undefined) throw new Error(`no fixture test ${id}`)
  const status = found.status === 'timedOut' ? 'timed out' : found.status
  const line = found.error?.message.split('\n')[0]
  return `${found.name}: ${status}${line === undefined ? '' : `: ${line}`}`
}

const findings = {
  relay: {
    id: ids.relay,
    severity: 'SEV0',
    source: 'test',
    title: testTitle(ids.relay),
    classifiedBy: 'rule interop-relay (severityRules[0])',
    owner: 'interop-team',
  },
  health: {
    id: 'health:op-devnet-1:head-advancing:op-geth-1',
    severity: 'SEV0',
    source: 'health',
    title: 'head-advancing failed on op-devnet-1 (op-geth-1): head stuck at block 1204 for 30 s',
    classifiedBy: 'health: a failed health check is SEV0 (the devnet is not operational)',
  },
  supervisor: {
    id: ids.supervisor,
    severity: 'SEV1',
    source: 'test',
    title: testTitle(ids.supervisor),
    classifiedBy: 'default: unclassified failures are SEV1',
    owner: 'interop-team',
  },
  baseFee: {
    id: ids.baseFee,
    severity: 'SEV2',
    source: 'test',
    title: testTitle(ids.baseFee),
    classifiedBy: 'declared by test',
    owner: 'fees-team',
    mitigation: {
      plan: 'EIP-1559 elasticity fix ships in op-node v1.9.4; redeploy scheduled before betanet',
      owner: 'fees-team',
      expires: '2026-12-05',
      link: 'https://example.org/issues/4182',
    },
  },
  manual: {
    id: manualBatcher,
    severity: 'SEV2',
    source: 'manual',
    title: 'Batcher stops posting when L1 gas price exceeds 500 gwei (exploratory testing)',
    classifiedBy: 'manual finding in the readiness file',
    owner: 'batcher-team',
    mitigation: {
      plan: 'Alert at 300 gwei; runbook step to raise the batcher fee cap',
      owner: 'batcher-team',
      expires: '2026-12-01',
    },
  },
  withdrawal: {
    id: ids.withdrawal,
    severity: 'SEV2',
    source: 'test',
    title: testTitle(ids.withdrawal),
    classifiedBy: 'declared by test',
    owner: 'bridge-team',
    mitigation: {
      plan: 'Shorten the finalization period on devnets',
      owner: 'bridge-team',
      expires: '2026-11-15',
    },
    mitigationExpired: true,
  },
  getLogs: {
    id: ids.getLogs,
    severity: 'SEV3',
    source: 'test',
    title: testTitle(ids.getLogs),
    classifiedBy:
      'triage by A. Rivera (Platforms): wrong error code only; clients handle both codes',
    owner: 'platforms',
  },
} satisfies Record<string, Finding>

function counts(list: readonly Finding[]): Verdict['counts'] {
  const out: Record<Severity, number> = { SEV0: 0, SEV1: 0, SEV2: 0, SEV3: 0 }
  for (const finding of list) out[finding.severity]++
  return out
}

const alphanetFindings: Finding[] = [findings.baseFee, findings.manual, findings.getLogs]
const betanetFindings: Finding[] = [
  findings.relay,
  findings.health,
  findings.supervisor,
  findings.baseFee,
  findings.manual,
  findings.withdrawal,
  findings.getLogs,
]

/** A fresh copy of the fixture results (callers may mutate it). */
export function fixtureResults(): Results {
  return structuredClone({
    schemaVersion: 1,
    run: {
      id: '2026-11-20T14-02-11Z-7f3a9c',
      startedAt: '2026-11-20T14:02:11.000Z',
      finishedAt: '2026-11-20T14:14:38.412Z',
      gates: ['alphanet', 'betanet'],
      devnet: {
        backend: 'kurtosis',
        name: 'interop-devnet-7',
        chains: [
          {
            name: 'l1',
            role: 'l1',
            chainId: 900,
            clientVersion: 'Geth/v1.14.11-stable/linux-amd64',
          },
          {
            name: 'op-devnet-0',
            role: 'l2',
            chainId: 901,
            clientVersion: 'op-geth/v1.101411.2-stable/linux-amd64',
          },
          { name: 'op-devnet-1', role: 'l2', chainId: 902 },
        ],
      },
      suitesRoot: 'suites',
      gitCommit: '3c1f0e9b2a7d4c6e8f90a1b2c3d4e5f60718293a',
      complete: true,
    },
    tests,
    health: [
      { check: 'rpc-reachable', chain: 'l1', ok: true, detail: 'eth_blockNumber answered in 4 ms' },
      { check: 'chain-id', chain: 'l1', ok: true, detail: 'chain id 900 as described' },
      { check: 'rpc-reachable', chain: 'op-devnet-0', ok: true, detail: 'answered in 6 ms' },
      {
        check: 'head-advancing',
        chain: 'op-devnet-0',
        ok: true,
        detail: 'head 1187 → 1191 in 8 s',
      },
      { check: 'rpc-reachable', chain: 'op-devnet-1', ok: true, detail: 'answered in 7 ms' },
      {
        check: 'head-advancing',
        chain: 'op-devnet-1',
        node: 'op-geth-1',
        ok: false,
        detail: 'head stuck at block 1204 for 30 s',
      },
    ],
    verdicts: [
      {
        gate: 'alphanet',
        decision: 'promote',
        reasons: [],
        counts: counts(alphanetFindings),
        findings: alphanetFindings,
      },
      {
        gate: 'betanet',
        decision: 'block',
        reasons: [
          {
            rule: 'open-sev0',
            message: '2 open SEV0 findings; gate "betanet" allows 0',
            refs: [findings.relay.id, findings.health.id],
          },
          {
            rule: 'open-sev1',
            message: '1 open SEV1 finding; gate "betanet" allows 0',
            refs: [findings.supervisor.id],
          },
          {
            rule: 'sev2-mitigation-expired',
            message: `1 SEV2 finding with an expired mitigation plan, which no longer counts: ${ids.withdrawal} (expired after 2026-11-15)`,
            refs: [findings.withdrawal.id],
          },
          {
            rule: 'checklist-incomplete',
            message:
              'Gate "betanet" requires checklist items that are not done: audit-done (not done)',
            refs: ['audit-done'],
          },
        ],
        counts: counts(betanetFindings),
        findings: betanetFindings,
      },
    ],
  } satisfies Results)
}

/** The readiness file of the fixture run: a required item open, not signed off. */
export function fixtureReadiness(): ReadinessFile {
  return {
    version: 1,
    release: 'interop-devnet-7',
    checklist: [
      {
        id: 'fma-started',
        title: 'FMA started for the in-scope features',
        done: true,
        links: ['https://example.org/fma/interop'],
      },
      {
        id: 'local-acceptance',
        title: 'Acceptance tests pass on a local kurtosis devnet',
        done: true,
      },
      { id: 'runbooks', title: 'Runbooks updated for interop and the batcher', done: true },
      { id: 'audit-done', title: 'Security review of the supervisor complete', done: false },
      { id: 'load-test', title: 'Load test run by Platforms', done: false },
    ],
    findings: [
      {
        id: manualBatcher,
        title: findings.manual.title,
        severity: 'SEV2',
        owner: 'batcher-team',
        status: 'open',
      },
    ],
    triage: [
      {
        test: ids.getLogs,
        severity: 'SEV3',
        reason: 'wrong error code only; clients handle both codes',
        by: 'A. Rivera (Platforms)',
      },
    ],
    mitigations: [
      { finding: ids.baseFee, ...findings.baseFee.mitigation },
      { finding: manualBatcher, ...findings.manual.mitigation },
      { finding: ids.withdrawal, ...findings.withdrawal.mitigation },
    ],
    quarantine: [],
  }
}

/** Names and messages an attacker (or an unlucky test author) could write. */
export const hostileName = '<script>alert(1)</script>'

/**
 * The fixture plus tests whose names and errors try to break out of Markdown
 * tables, HTML, XML and workflow commands.
 */
export function hostileResults(): Results {
  const results = fixtureResults()
  results.tests.push(
    test(`hostile/names.accept.ts > injection > ${hostileName}`, {
      feature: 'hostile',
      owner: 'red-team',
      severity: 'SEV1',
      status: 'failed',
      durationMs: 5,
      line: 3,
      error: {
        message:
          '</script><img src=x onerror=alert(2)> | broken\ncell `code` **bold** [link](javascript:alert(3))',
        stack: '</details></td></tr><script>alert(4)</script>\n    at hostile',
      },
      annotations: [{ type: '<b>type</b>', message: '<iframe src="https://example.org">' }],
    }),
    test(
      'hostile/names.accept.ts > injection > pipes | and\nnewlines & "quotes" \u0001\u001b[31m',
      {
        feature: 'hostile',
        owner: 'red-team',
        status: 'errored',
        durationMs: 7,
        error: { message: 'bad \u0000 chars \uFFFE and a lone \uD800 surrogate ]]> %0A::error::x' },
      },
    ),
  )
  return results
}

/**
 * Deterministic results of `count` tests for the benchmark: mixed statuses,
 * severities, features and owners, and long-ish stacks. Findings and verdicts
 * are derived the way the policy core would, so the reports show real volume.
 */
export function syntheticResults(count: number): Results {
  let seed = 0x5eed
  const random = (): number => {
    // mulberry32: deterministic, so runs of the benchmark compare
    seed = (seed + 0x6d2b79f5) | 0
    let t = seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const features = [
    'bridge',
    'fees',
    'interop',
    'rpc',
    'sequencer',
    'batcher',
    'proofs',
    'upgrades',
  ]
  const severities: Severity[] = ['SEV0', 'SEV1', 'SEV2', 'SEV3']
  const out: TestResult[] = []
  const allFindings: Finding[] = []
  for (let index = 0; index < count; index++) {
    const feature = features[index % features.length] ?? 'misc'
    const file = `${feature}/area-${Math.floor(index / 50)}.accept.ts`
    const name = `case ${index} handles input ${Math.floor(random() * 1e6)}`
    const id = `${file} > group ${index % 7} > ${name}`
    const roll = random()
    const status: TestResult['status'] =
      roll < 0.8
        ? 'passed'
        : roll < 0.9
          ? 'failed'
          : roll < 0.93
            ? 'errored'
            : roll < 0.95
              ? 'timedOut'
              : 'skipped'
    const severity = severities[Math.floor(random() * 4)] ?? 'SEV3'
    const result = test(id, {
      feature,
      owner: `${feature}-team`,
      severity,
      status,
      durationMs: Math.round(random() * 30_000),
      line: 10 + (index % 400),
      quarantined: random() < 0.01,
      flaky: status === 'passed' && random() < 0.02,
    })
    if (status === 'skipped') result.skipReason = 'not supported on this backend'
    if (status === 'failed' || status === 'errored' || status === 'timedOut') {
      const frames = Array.from(
        { length: 12 },
        (_, frame) =>
          `    at step${frame} (suites/kit/${feature}.ts:${frame * 7 + 3}:${frame + 5})`,
      )
      const message = `AssertionError: expected value ${index} to equal ${index + 1}`
      result.error = { message, stack: `${message}\n${frames.join('\n')}` }
      if (!result.quarantined) {
        allFindings.push({
          id,
          severity,
          source: 'test',
          title: name,
          classifiedBy: 'test declaration',
          owner: `${feature}-team`,
        })
      }
    }
    out.push(result)
  }
  const blockers = allFindings.filter((f) => f.severity === 'SEV0' || f.severity === 'SEV1')
  return {
    schemaVersion: 1,
    run: {
      id: 'bench',
      startedAt: '2026-11-20T10:00:00.000Z',
      finishedAt: '2026-11-20T11:30:00.000Z',
      gates: ['alphanet'],
      devnet: {
        backend: 'embedded',
        name: 'bench',
        chains: [{ name: 'l1', role: 'l1', chainId: 31337 }],
      },
      suitesRoot: 'suites',
      complete: true,
    },
    tests: out,
    health: [{ check: 'rpc-reachable', chain: 'l1', ok: true, detail: 'ok' }],
    verdicts: [
      {
        gate: 'alphanet',
        decision: blockers.length > 0 ? 'block' : 'promote',
        reasons:
          blockers.length > 0
            ? [
                {
                  rule: 'open-sev0-sev1',
                  message: `${blockers.length} SEV0/SEV1 findings are open`,
                  refs: blockers.map((f) => f.id),
                },
              ]
            : [],
        counts: counts(allFindings),
        findings: allFindings,
      },
    ],
  }
}
