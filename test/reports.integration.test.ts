import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { parseStringPromise } from 'xml2js'
import { type CliRun, readResults, runCli, scratchFolders } from './cli.js'

// A run with a failure of every severity, a mitigated SEV2, a skip, a triage override.
const suite = `import { describe, expect, test } from 'signalbox/suite'
describe('bridge', { meta: { owner: 'bridge-team' } }, () => {
  test('withdrawal finalizes', { meta: { severity: 'SEV0' } }, () => expect('stuck').toBe('finalized'))
  test('deposit is credited', { meta: { severity: 'SEV1' } }, () => expect(0n).toBe(1n))
  test('fee estimate is close', { meta: { severity: 'SEV2' } }, () => expect(1.4).toBeLessThan(1.1))
  test('explorer label is right', { meta: { severity: 'SEV3' } }, () => expect('Bridge').toBe('bridge'))
  test('gas refund is exact', { meta: { severity: 'SEV1' } }, () => expect(21_000).toBe(21_001))
  test('L2 answers', async ({ l2 }) => expect(await l2.getChainId()).toBeGreaterThan(0))
  test('interop message', ({ skip }) => skip('needs a second L2'))
})
`
const readiness = `version: 1
release: rc-7
checklist:
  - { id: fma-started, title: FMA started, done: true, links: ["https://example.org/fma"] }
  - { id: acceptance-coverage, title: Acceptance coverage, done: false }
triage:
  - { test: "bridge/bridge.accept.ts > bridge > gas refund is exact", severity: SEV3, reason: off by one in the test, by: alice }
mitigations:
  - { finding: "bridge/bridge.accept.ts > bridge > fee estimate is close", plan: Widen the estimate buffer, owner: bridge-team, expires: "2099-01-31", link: "https://example.org/plan" }
quarantine:
  - { test: "bridge/bridge.accept.ts > bridge > explorer label is right", reason: label service flaky, by: bob }
signoff: { by: platforms-oncall, at: "2026-11-22" }
`

const tempDir = scratchFolders()
let cwd: string
let run: CliRun
const summaryFile = () => join(cwd, 'step-summary.md')

beforeAll(async () => {
  cwd = await tempDir('reports', {
    'suites/bridge/bridge.accept.ts': suite,
    'readiness.yaml': readiness,
    'step-summary.md': '',
  })
  run = await runCli(
    ['run', '--gate', 'alphanet', '--readiness', 'readiness.yaml', '--out', 'out'],
    {
      cwd,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile() },
    },
  )
})

describe('every run writes its reports', () => {
  test('results.json: findings of every severity, the SEV2 mitigated, the triaged one SEV3', async () => {
    expect(run.code).toBe(1)
    const results = await readResults(join(cwd, 'out'))
    const [verdict] = results.verdicts
    // The quarantined SEV3 failure is listed but, under alphanet (quarantine: exclude), not counted.
    expect(verdict?.counts).toEqual({ SEV0: 1, SEV1: 1, SEV2: 1, SEV3: 1 })
    expect(
      results.tests.filter((result) => result.quarantined).map((result) => result.name),
    ).toEqual(['explorer label is right'])
    expect(verdict?.findings.find((finding) => finding.quarantined)?.id).toContain(
      'explorer label is right',
    )
    expect(verdict?.reasons.map((reason) => reason.rule)).toEqual([
      'open-sev0',
      'open-sev1',
      'checklist-incomplete',
    ])
    expect(verdict?.findings.find((finding) => finding.severity === 'SEV2')?.mitigation?.plan).toBe(
      'Widen the estimate buffer',
    )
  })

  test('readiness.md explains the verdict, findings by severity, mitigation, checklist and sign-off', async () => {
    const markdown = await readFile(join(cwd, 'out', 'readiness.md'), 'utf8')
    expect(markdown).toContain('BLOCK')
    for (const name of [
      'withdrawal finalizes',
      'deposit is credited',
      'fee estimate is close',
      'explorer label is right',
    ]) {
      expect(markdown).toContain(name)
    }
    expect(markdown).toContain('Widen the estimate buffer')
    expect(markdown).toContain('acceptance-coverage')
    expect(markdown).toContain('platforms-oncall')
    expect(markdown).toContain('needs a second L2')
    expect(markdown).toContain('off by one in the test')
  })

  test('junit.xml: one suite per feature, failures and the skip, severity in the case output', async () => {
    const xml = await parseStringPromise(await readFile(join(cwd, 'out', 'junit.xml'), 'utf8'))
    const suites = xml.testsuites.testsuite
    const bridge = suites.find((suite: { $: { name: string } }) => suite.$.name === 'bridge')
    expect(bridge.$).toMatchObject({ name: 'bridge', tests: '7', failures: '5', skipped: '1' })
    const withdrawal = bridge.testcase.find((testCase: { $: { name: string } }) =>
      testCase.$.name.includes('withdrawal finalizes'),
    )
    expect(withdrawal.failure).toHaveLength(1)
    expect(withdrawal['system-out'][0]).toContain('severity: SEV0')
  })

  test('report.html is one self-contained file holding every test', async () => {
    const html = await readFile(join(cwd, 'out', 'report.html'), 'utf8')
    expect(html).toContain('withdrawal finalizes')
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?https?:/i)
  })

  test('signalbox report renders the same files from stored results', async () => {
    for (const [format, file] of [
      ['md', 'readiness.md'],
      ['junit', 'junit.xml'],
      ['html', 'report.html'],
      ['json', 'results.json'],
    ] as const) {
      const again = await runCli(
        [
          'report',
          'out/results.json',
          '--format',
          format,
          '--readiness',
          'readiness.yaml',
          '--path-prefix',
          'suites',
          '--out',
          `again.${format}`,
        ],
        { cwd },
      )
      expect(again.code).toBe(0)
      expect(await readFile(join(cwd, `again.${format}`), 'utf8')).toBe(
        await readFile(join(cwd, 'out', file), 'utf8'),
      )
    }
  })

  test('a bad --format names the formats', async () => {
    const bad = await runCli(['report', 'out/results.json', '--format', 'pdf'], { cwd })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--format takes one of md, junit, html, json, got "pdf"')
  })
})

describe('in GitHub Actions', () => {
  test('appends the summary to the step summary and annotates blocking findings at file and line', async () => {
    const summary = await readFile(summaryFile(), 'utf8')
    expect(summary).toContain('alphanet')
    expect(summary).toContain('BLOCK')
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error'))
    expect(annotations.length).toBeGreaterThanOrEqual(2)
    expect(annotations.join('\n')).toMatch(
      /::error file=suites\/bridge\/bridge\.accept\.ts,line=3,/,
    )
  })
})
