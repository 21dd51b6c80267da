import { existsSync } from 'node:fs'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { readResults, repoRoot, runCli, scratchFolders } from './cli.js'
import { tokenSev2Id, tokenSuite } from './fixtures/teamSuites.js'

const scratch = scratchFolders()
const project = (files: Record<string, string>) => scratch('gates', files)

const allChecklistDone = `version: 1
release: devnet-42
checklist:
  - { id: fma-started, title: FMA started, done: true, links: ["https://example.org/fma"] }
  - { id: acceptance-coverage, title: Acceptance coverage, done: true }
  - { id: audit-done, title: Audit done, done: true }
  - { id: runbooks, title: Runbooks, done: true }
`

// A team suite with a SEV2 failure and a passing SEV1 test.
const sev2Suites = tokenSuite
const sev2Id = tokenSev2Id

describe('signalbox run --gate', () => {
  test('betanet blocks without its checklist and promotes with it; both on the shipped base suites', async () => {
    const cwd = await project({ 'readiness.yaml': allChecklistDone })
    // The base suites: on the embedded devnet the deposits suite skips one test, and betanet fails skips.
    const base = join(repoRoot, 'suites', 'base')
    const blocked = await runCli(['run', '--suites', base, '--gate', 'betanet', '--out', 'a'], {
      cwd,
    })
    expect(blocked.code).toBe(1)
    const blockedResults = await readResults(join(cwd, 'a'))
    expect(blockedResults.verdicts[0]?.reasons.map((reason) => reason.rule)).toEqual([
      'checklist-incomplete',
    ])

    const promoted = await runCli(
      ['run', '--suites', base, '--gate', 'betanet', '--readiness', 'readiness.yaml', '--out', 'b'],
      { cwd },
    )
    expect(promoted.code).toBe(0)
    expect(promoted.stdout).toMatch(/betanet\s*│\s*PROMOTE/)
  })

  test('several gates: each test runs once, each gate gets its own verdict', async () => {
    const cwd = await project(sev2Suites)
    const run = await runCli(['run', '--gate', 'pr,alphanet', '--out', 'out'], { cwd })

    const results = await readResults(join(cwd, 'out'))
    expect(results.tests.map((result) => result.name).sort()).toEqual([
      'chain id is right',
      'metadata is cached',
    ])
    expect(results.verdicts.map((verdict) => [verdict.gate, verdict.decision])).toEqual([
      ['pr', 'promote'],
      ['alphanet', 'block'],
    ])
    const alphanet = results.verdicts[1]
    expect(alphanet?.findings).toEqual([
      expect.objectContaining({
        id: sev2Id,
        severity: 'SEV2',
        source: 'test',
        classifiedBy: 'declared by test',
      }),
    ])
    expect(alphanet?.reasons.find((reason) => reason.rule === 'sev2-unmitigated')?.refs).toEqual([
      sev2Id,
    ])
    expect(run.code).toBe(1)
  })

  test('--dry-run lists what each gate would run and starts nothing', async () => {
    const cwd = await project(sev2Suites)
    const run = await runCli(['run', '--dry-run', '--gate', 'pr'], {
      cwd,
      env: { SIGNALBOX_ANVIL_BIN: '/nonexistent' },
    })

    expect(run.code).toBe(0)
    expect(run.stdout).toContain('selects 2 test(s)')
    expect(run.stdout).toContain(`${sev2Id}  [SEV2]`)
    expect(existsSync(join(cwd, '.signalbox', 'runs'))).toBe(false)
  })
})

describe('signalbox verdict: judge stored results again', () => {
  let cwd: string
  beforeAll(async () => {
    cwd = await project(sev2Suites)
    await runCli(['run', '--gate', 'alphanet', '--out', 'out'], { cwd })
  })

  const readiness = (mitigations: string) => `version: 1
release: devnet-42
checklist:
  - { id: fma-started, title: FMA started, done: true }
  - { id: acceptance-coverage, title: Acceptance coverage, done: true }
mitigations:
${mitigations}
`

  test('blocks: SEV2 finding without mitigation', async () => {
    await writeFile(join(cwd, 'none.yaml'), readiness('  []'))
    const run = await runCli(
      ['verdict', 'out/results.json', '--gate', 'alphanet', '--readiness', 'none.yaml'],
      { cwd },
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/alphanet\s*│\s*BLOCK/)
    expect(run.stdout).toContain('sev2-unmitigated')
  })

  test('promotes: SEV2 finding with a mitigation that has not expired (the expiry day counts)', async () => {
    await writeFile(
      join(cwd, 'mitigated.yaml'),
      readiness(
        `  - { finding: "${sev2Id}", plan: Serve fresh metadata from the indexer, owner: token-team, expires: "2026-12-01" }`,
      ),
    )
    const args = [
      'verdict',
      'out/results.json',
      '--gate',
      'alphanet',
      '--readiness',
      'mitigated.yaml',
      '--json',
    ]
    const onExpiryDay = await runCli([...args, '--now', '2026-12-01'], { cwd })
    expect(onExpiryDay.code).toBe(0)
    expect(JSON.parse(onExpiryDay.stdout)[0].decision).toBe('promote')

    const dayAfter = await runCli([...args, '--now', '2026-12-02'], { cwd })
    expect(dayAfter.code).toBe(1)
    expect(
      JSON.parse(dayAfter.stdout)[0].reasons.map((reason: { rule: string }) => reason.rule),
    ).toEqual(['sev2-mitigation-expired'])
  })

  test('betanet blocks the same mitigated SEV2: stricter than alphanet', async () => {
    const run = await runCli(
      [
        'verdict',
        'out/results.json',
        '--gate',
        'betanet',
        '--readiness',
        'mitigated.yaml',
        '--now',
        '2026-11-30',
      ],
      {
        cwd,
      },
    )
    expect(run.code).toBe(1)
  })
})

describe('bad input is exit 2 with the file and the place in it, and nothing written', () => {
  test('a malformed gates file names gates.<gate>.policy.SEV2', async () => {
    const cwd = await project({
      'gates.yaml':
        'version: 1\ngates:\n  betanet:\n    description: strict\n    policy:\n      SEV2: maybe\n',
      ...sev2Suites,
    })
    const run = await runCli(['run', '--gates-file', 'gates.yaml', '--gate', 'betanet'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('gates.yaml is not a valid gates file: gates.betanet.policy.SEV2')
    expect(run.stderr).toContain('"maybe"')
    expect(await readdir(cwd)).not.toContain('.signalbox')
  })

  test('a YAML syntax error names the line', async () => {
    const cwd = await project({
      'gates.yaml': 'version: 1\ngates:\n  pr: [unclosed\n',
      ...sev2Suites,
    })
    const run = await runCli(['gates', 'list', '--gates-file', 'gates.yaml'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^error: the gates file gates\.yaml:\d+:\d+ is not valid YAML/)
  })

  test('an unknown gate lists the known ones', async () => {
    const cwd = await project(sev2Suites)
    const run = await runCli(['run', '--gate', 'mainnet'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('mainnet')
    expect(run.stderr).toContain('pr, alphanet, betanet, testnet')
    expect(await readdir(cwd)).not.toContain('.signalbox')
  })

  test('a readiness file with a bad date names the mitigation', async () => {
    const cwd = await project({
      'readiness.yaml': `version: 1\nrelease: rc1\nmitigations:\n  - { finding: x, plan: y, owner: z, expires: "next week" }\n`,
      ...sev2Suites,
    })
    const run = await runCli(['run', '--gate', 'alphanet', '--readiness', 'readiness.yaml'], {
      cwd,
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      'readiness.yaml is not a valid readiness file: mitigations[0].expires',
    )
  })

  test('a results file that is not results.json names the path inside it', async () => {
    const cwd = await project({ 'results.json': JSON.stringify({ schemaVersion: 2 }) })
    const run = await runCli(['verdict', 'results.json', '--gate', 'pr'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('results.json is not a valid results file: schemaVersion')
  })
})

describe('signalbox gates', () => {
  test('explain shows the resolved policy, inheritance and the severity rules of every shipped gate', async () => {
    for (const gate of ['pr', 'alphanet', 'betanet', 'testnet']) {
      const run = await runCli(['gates', 'explain', gate], { cwd: repoRoot })
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(`gate ${gate}`)
      expect(run.stdout).toContain('policy:')
      expect(run.stdout).toContain('SEV0  chain-halted')
    }
    const testnet = await runCli(['gates', 'explain', 'testnet'], { cwd: repoRoot })
    expect(testnet.stdout).toContain('(inherits betanet → alphanet)')
    expect(testnet.stdout).toContain(
      'required checklist: fma-started, acceptance-coverage, audit-done, runbooks, alphanet-passed',
    )
  })
})
