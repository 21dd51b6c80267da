import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { Results, sealResults } from '../core/index.js'
import type { DevnetDescriptor } from '../devnet/Descriptor.js'
import { toDevnetSdk } from '../devnet/DevnetSdkDescriptor.js'
import { deriveWallets, devMnemonic } from '../devnet/Wallets.js'
import { judge } from '../gates/index.js'
import { loadGatesFile, resolveGates } from '../runner/files/InputFiles.js'
import { repoRoot, runCli, scratchFolders } from '../test/cli.js'
import { fixtureIds, fixtureResults } from '../test/fixtures/reports.js'
import { gateSuiteName, renderJunit } from './Junit.js'

// junit.xml as CI tools read it: validated against the Jenkins JUnit schema
// (fixtures/junit/jenkins-junit.xsd, see the README there) by xmllint
// (Debian libxml2-utils), and read by a second consumer, junitparser (Debian
// python3-junitparser), whose counts must match what the run was.

const exec = promisify(execFile)
const xsd = join(repoRoot, 'reports', 'fixtures', 'junit', 'jenkins-junit.xsd')
const tempDir = scratchFolders()

/** xmllint's verdict on a file against the schema; throws with xmllint's complaint when invalid. */
async function validate(file: string): Promise<string> {
  const { stderr } = await exec('xmllint', ['--noout', '--schema', xsd, file])
  return stderr
}

// Debian's interpreter, not whichever python3 is first on PATH (a pyenv shim
// does not see Debian's dist-packages, where python3-junitparser installs).
const python = '/usr/bin/python3'
const readWithJunitparser = `
import json, sys
from junitparser import JUnitXml
xml = JUnitXml.fromfile(sys.argv[1])
def counts(node):
    return {key: getattr(node, key) for key in ('tests', 'failures', 'errors', 'skipped')}
declared = counts(xml)
cases = [
    {
        'suite': suite.name,
        'classname': case.classname,
        'name': case.name,
        'results': [
            {'kind': type(result).__name__, 'message': result.message, 'text': result.text}
            for result in case.result
        ],
        'systemOut': case.system_out,
    }
    for suite in xml
    for case in suite
]
xml.update_statistics()
print(json.dumps({'declared': declared, 'counted': counts(xml), 'cases': cases}))
`

interface Counts {
  tests: number
  failures: number
  errors: number
  skipped: number
}
interface ConsumedCase {
  suite: string
  classname: string | null
  name: string
  results: { kind: 'Failure' | 'Error' | 'Skipped'; message: string | null; text: string | null }[]
  systemOut: string | null
}
interface Consumed {
  /** The counts the file declares, as junitparser reads them. */
  declared: Counts
  /** The counts junitparser finds by counting the cases' outcomes itself. */
  counted: Counts
  cases: ConsumedCase[]
}

async function consume(file: string): Promise<Consumed> {
  const { stdout } = await exec(python, ['-c', readWithJunitparser, file])
  return JSON.parse(stdout) as Consumed
}

/** What a CI test view must show for a run: its tests, health checks and gates, by outcome. */
function expectedCounts(results: Results): Counts {
  const tests = results.tests
  const undecided = !results.run.complete || results.run.error !== undefined
  const errorVerdicts = results.verdicts.filter((v) => v.decision === 'error').length
  const runCase = undecided && errorVerdicts === 0 ? 1 : 0
  return {
    tests: tests.length + results.health.length + results.verdicts.length + runCase,
    failures:
      tests.filter((t) => t.status === 'failed' || t.status === 'timedOut').length +
      results.health.filter((check) => !check.ok).length +
      results.verdicts.filter((v) => v.decision === 'block').length,
    errors: tests.filter((t) => t.status === 'errored').length + errorVerdicts + runCase,
    skipped: tests.filter((t) => t.status === 'skipped').length,
  }
}

/** The fixture run judged for real by the shipped gates. */
async function judged(results: Results, gateNames: string[]): Promise<Results> {
  const gates = resolveGates(await loadGatesFile(undefined, repoRoot), gateNames)
  const judgement = judge({ results, gates, now: '2026-11-20' })
  return {
    ...results,
    run: { ...results.run, gates: gateNames },
    tests: judgement.tests,
    verdicts: judgement.verdicts,
  }
}

function passingRun(): Results {
  const results = fixtureResults()
  for (const test of results.tests) {
    if (test.status !== 'skipped') test.status = 'passed'
    delete test.error
  }
  for (const check of results.health) check.ok = true
  return results
}

function undecidedRun(): Results {
  const results = fixtureResults()
  results.tests = results.tests.slice(0, 3)
  results.run.complete = false
  results.run.error = 'the devnet stopped answering on l1 (eth_blockNumber: connection refused)'
  return results
}

describe('junit.xml against the Jenkins JUnit schema and a second consumer', () => {
  test.each([
    ['passing', passingRun],
    ['blocking', fixtureResults],
    ['undecided', undecidedRun],
  ] as const)('%s run: validates, and junitparser counts what the run was', async (kind, make) => {
    const results = await judged(make(), ['pr'])
    const decision = results.verdicts[0]?.decision
    expect(decision).toBe({ passing: 'promote', blocking: 'block', undecided: 'error' }[kind])
    const file = join(await tempDir(`junit-${kind}`), 'junit.xml')
    await writeFile(file, renderJunit(results, { pathPrefix: 'suites' }))

    expect(await validate(file)).toContain('validates')
    const consumed = await consume(file)
    const expected = expectedCounts(results)
    expect(consumed.declared).toEqual(expected)
    expect(consumed.counted).toEqual(expected)
    if (kind === 'passing') expect(expected).toMatchObject({ failures: 0, errors: 0 })
    if (kind === 'blocking') expect(expected.failures).toBeGreaterThan(0)
    if (kind === 'undecided') {
      expect(expected.errors).toBeGreaterThan(0)
      const gate = consumed.cases.find((c) => c.suite === gateSuiteName && c.name === 'pr')
      expect(gate?.results).toEqual([
        {
          kind: 'Error',
          message: `gate pr could not be decided: The run did not complete: ${results.run.error}`,
          text: expect.stringContaining(`run error: ${results.run.error}`),
        },
      ])
    }
  })

  test('severity and owner lead the failure message junitparser reads; feature is the suite', async () => {
    const results = await judged(fixtureResults(), ['pr'])
    const file = join(await tempDir('junit-details'), 'junit.xml')
    await writeFile(file, renderJunit(results))
    const relay = (await consume(file)).cases.find(
      (c) => c.name === 'message from A is relayed to B',
    )
    expect(relay?.suite).toBe('interop')
    // The fixture's relay test declares SEV1; the interop rule of the fixture's findings is not
    // in the shipped gates, so the real judge keeps the declaration.
    expect(relay?.results[0]?.message).toMatch(/^\[SEV1, owner interop-team\] AssertionError: /)
    expect(relay?.systemOut).toContain('severity: SEV1\nowner: interop-team\nfeature: interop')
  })
})

describe('signalbox writes junit.xml that no CI view shows green when the run could not decide', () => {
  const rpc = 'http://127.0.0.1:9'
  const wallets = deriveWallets(devMnemonic, 2)
  const unreachable: DevnetDescriptor = {
    name: 'gone',
    backend: 'descriptor',
    chains: [
      {
        name: 'l1',
        role: 'l1',
        chainId: 900,
        rpcUrl: rpc,
        nodes: [{ name: 'l1-geth', rpcUrl: rpc }],
        blockTimeSeconds: 1,
      },
      {
        name: 'l2',
        role: 'l2',
        chainId: 901,
        rpcUrl: rpc,
        nodes: [{ name: 'l2-geth', rpcUrl: rpc }],
        blockTimeSeconds: 1,
      },
    ],
    wallets,
  }
  const runOn = (devnet: string, cwd: string) =>
    runCli(
      ['run', '--suites', join(repoRoot, 'suites', 'base'), '--devnet', devnet, '--out', 'out'],
      { cwd },
    )

  test('a descriptor whose RPC is unreachable: exit 2 and an error case naming the file and the endpoint', async () => {
    const cwd = await tempDir('junit-unreachable', {
      'descriptor.json': JSON.stringify(toDevnetSdk(unreachable)),
    })
    const run = await runOn('descriptor.json', cwd)
    expect(run.code, run.stderr).toBe(2)
    const file = join(cwd, 'out', 'junit.xml')
    expect(await validate(file)).toContain('validates')
    const consumed = await consume(file)
    expect(consumed.declared).toEqual({ tests: 1, failures: 0, errors: 1, skipped: 0 })
    expect(consumed.counted).toEqual(consumed.declared)
    const [gate] = consumed.cases
    expect(gate?.suite).toBe(gateSuiteName)
    expect(gate?.results[0]?.kind).toBe('Error')
    expect(gate?.results[0]?.message).toMatch(
      /^gate pr could not be decided: .*descriptor\.json names a chain RPC that does not answer/,
    )
    expect(gate?.results[0]?.text).toContain(
      'l1.nodes[0].services.el.endpoints.rpc: http://127.0.0.1:9/ did not answer eth_chainId',
    )
    // The descriptor held the wallets' keys: none reaches the report.
    const xml = await readFile(file, 'utf8')
    for (const wallet of wallets) expect(xml).not.toContain(wallet.privateKey.slice(2))
  })

  test('a malformed descriptor: exit 2 and an error case naming the file', async () => {
    const cwd = await tempDir('junit-malformed', {
      'missing-l1.json': JSON.stringify({ name: 'x', l2: [] }),
    })
    const run = await runOn('missing-l1.json', cwd)
    expect(run.code, run.stderr).toBe(2)
    const file = join(cwd, 'out', 'junit.xml')
    expect(await validate(file)).toContain('validates')
    const consumed = await consume(file)
    expect(consumed.declared).toEqual({ tests: 1, failures: 0, errors: 1, skipped: 0 })
    expect(consumed.counted).toEqual(consumed.declared)
    const [gate] = consumed.cases
    expect(gate?.suite).toBe(gateSuiteName)
    expect(gate?.results[0]?.kind).toBe('Error')
    expect(gate?.results[0]?.message).toMatch(/^gate pr could not be decided: .*missing-l1\.json/)
  })
})

describe('signalbox report --format junit --readiness', () => {
  test('writes the severity after the readiness file triage, valid against the schema', async () => {
    const readiness = `version: 1
release: rc-7
triage:
  - { test: "${fixtureIds.relay}", severity: SEV3, reason: relay lag is the devnet's, by: alice }
`
    const cwd = await tempDir('junit-triage', {
      // Through the schema, as a run writes them, so the digest of what was judged holds.
      'results.json': JSON.stringify(
        sealResults(Results.parse(await judged(fixtureResults(), ['pr']))),
      ),
      'readiness.yaml': readiness,
    })
    const report = (out: string, ...extra: string[]) =>
      runCli(['report', 'results.json', '--format', 'junit', '--out', out, ...extra], { cwd })
    const relaySeverity = async (out: string): Promise<string | undefined> => {
      const file = join(cwd, out)
      expect(await validate(file)).toContain('validates')
      const relay = (await consume(file)).cases.find((c) => c.name.includes('relayed to B'))
      expect(relay?.results[0]?.message).toMatch(/^\[SEV\d, owner interop-team\] /)
      return /^severity: (SEV\d)$/m.exec(relay?.systemOut ?? '')?.[1]
    }

    const before = await report('before.xml')
    expect(before.code, before.stderr).toBe(0)
    expect(await relaySeverity('before.xml')).toBe('SEV1')

    const after = await report('after.xml', '--readiness', 'readiness.yaml', '--now', '2026-11-20')
    expect(after.code, after.stderr).toBe(0)
    expect(await relaySeverity('after.xml')).toBe('SEV3')
    const relay = (await consume(join(cwd, 'after.xml'))).cases.find((c) =>
      c.name.includes('relayed to B'),
    )
    expect(relay?.results[0]?.message).toMatch(/^\[SEV3, owner interop-team\] /)
  })
})
