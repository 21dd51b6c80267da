import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { Results, sealResults } from '../core/index.js'
import { runCli, scratchFolders } from './cli.js'
import { fixtureIds, fixtureResults } from './fixtures/reports.js'

// verdict, report and gates on stored results: no devnet, so fast.
const scratch = scratchFolders()

const typo = fixtureIds.baseFee.replace('sustained', 'sustaned')

/** The fixture run's readiness file, its base-fee mitigation one letter off. */
const readiness = `version: 1
release: interop-devnet-7
checklist:
  - { id: fma-started, title: FMA started, done: true }
  - { id: acceptance-coverage, title: Acceptance coverage, done: true }
mitigations:
  - { finding: "${typo}", plan: raise the limit, owner: fees-team, expires: "2099-01-01" }
`

async function project(): Promise<string> {
  return scratch('strict', {
    'out/results.json': JSON.stringify(sealResults(Results.parse(fixtureResults())), null, 2),
    'rc.yaml': readiness,
  })
}

const where = `rc.yaml: mitigations[0].finding "${typo}" matches no finding or test of the run and no finding of the readiness file; did you mean "${fixtureIds.baseFee}"?`

/** Output with the terminal's wrapping undone. */
function unwrapped(text: string): string {
  return text.replace(/\n(?!!|Warnings)/g, ' ').replace(/ {2,}/g, ' ')
}

describe('a readiness entry that matches nothing', () => {
  test('verdict on alphanet: a warning naming the entry and what it meant; the verdict stands', async () => {
    const cwd = await project()
    const verdict = await runCli(
      ['verdict', 'out/results.json', '--gate', 'alphanet', '--readiness', 'rc.yaml'],
      { cwd },
    )
    expect(verdict.stderr).toBe('')
    // The mitigation did not count: the SEV2 base-fee finding has none.
    expect(verdict.code).toBe(1)
    expect(unwrapped(verdict.stdout)).toContain(`! ${where}; it is ignored`)
    expect(verdict.stdout).toContain('sev2-unmitigated')
  })

  test('report on alphanet: the warning in readiness.md and in results.json', async () => {
    const cwd = await project()
    const args = ['--gate', 'alphanet', '--readiness', 'rc.yaml']
    const md = await runCli(
      ['report', 'out/results.json', '--format', 'md', ...args, '--out', 'again/readiness.md'],
      { cwd },
    )
    expect(md.code, md.stderr).toBe(0)
    const markdown = await readFile(join(cwd, 'again/readiness.md'), 'utf8')
    expect(markdown).toContain('> [!WARNING]')
    expect(markdown).toContain('rc.yaml: mitigations\\[0\\].finding')
    expect(markdown).toContain(`did you mean "${fixtureIds.baseFee}"?`)
    const json = await runCli(['report', 'out/results.json', '--format', 'json', ...args], {
      cwd,
    })
    expect(Results.parse(JSON.parse(json.stdout)).warnings).toEqual([
      {
        rule: 'readiness-unmatched',
        source: 'rc.yaml: mitigations[0].finding',
        message: `${where}; it is ignored`,
      },
    ])
  })

  test('betanet is strict by default: exit 2 naming the file and the entry, no report written', async () => {
    const cwd = await project()
    const verdict = await runCli(
      ['verdict', 'out/results.json', '--gate', 'alphanet,betanet', '--readiness', 'rc.yaml'],
      { cwd },
    )
    expect(verdict.code).toBe(2)
    expect(verdict.stdout).toBe('')
    expect(verdict.stderr).toContain(
      `rc.yaml has an entry that matches nothing (gate betanet is strict): mitigations[0].finding "${typo}"`,
    )
    expect(verdict.stderr).toContain('--no-strict')
    const report = await runCli(
      [
        'report',
        'out/results.json',
        '--format',
        'md',
        '--gate',
        'betanet',
        '--readiness',
        'rc.yaml',
        '--out',
        'again/readiness.md',
      ],
      { cwd },
    )
    expect(report.code).toBe(2)
    expect(report.stderr).toContain('mitigations[0].finding')
    expect(existsSync(join(cwd, 'again'))).toBe(false)
  })

  test('--strict refuses on alphanet; --no-strict judges betanet with a warning', async () => {
    const cwd = await project()
    const base = ['verdict', 'out/results.json', '--readiness', 'rc.yaml']
    const strict = await runCli([...base, '--gate', 'alphanet', '--strict'], { cwd })
    expect(strict.code).toBe(2)
    expect(strict.stderr).toContain('(--strict)')
    const lenient = await runCli([...base, '--gate', 'betanet', '--no-strict'], { cwd })
    expect(lenient.code).toBe(1)
    expect(unwrapped(lenient.stdout)).toContain(where)
    const both = await runCli([...base, '--strict', '--no-strict'], { cwd })
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('--strict and --no-strict do not go together')
  })

  test('a readiness file whose entries all match: no warning, even on betanet', async () => {
    const cwd = await project()
    await import('node:fs/promises').then(({ writeFile }) =>
      writeFile(join(cwd, 'rc.yaml'), readiness.replace(typo, fixtureIds.baseFee)),
    )
    const verdict = await runCli(
      ['verdict', 'out/results.json', '--gate', 'betanet', '--readiness', 'rc.yaml'],
      { cwd },
    )
    expect(verdict.code).toBe(1)
    expect(verdict.stdout).not.toContain('Warnings')
  })
})

describe('a gate that inherits and includes', () => {
  const gates = `version: 1
gates:
  everything:
    description: every test but load
    exclude: { features: [load] }
  bridge:
    description: the bridge only
    inherits: everything
    include: { features: [bridge] }
  bridge-rc:
    description: the bridge and fees
    inherits: bridge
    include: { features: [bridge, fees, load] }
`

  test('explain: the child’s include takes effect, and the entries that add nothing are warned of', async () => {
    const cwd = await scratch('gates', { 'gates.yaml': gates })
    const explain = await runCli(
      ['gates', 'explain', 'bridge-rc', '--gates-file', 'gates.yaml', '--json'],
      { cwd },
    )
    expect(explain.code, explain.stderr).toBe(0)
    const { gate, warnings } = JSON.parse(explain.stdout)
    expect(gate.include).toEqual({ features: ['bridge', 'fees', 'load'], tests: [] })
    expect(warnings).toEqual([
      expect.stringContaining(
        'gates.bridge-rc.include.features[0] (feature "bridge") adds nothing',
      ),
      expect.stringContaining(
        'gates.bridge-rc.include.features[2] (feature "load") takes in nothing: gates.everything.exclude.features[0] leaves it out',
      ),
    ])
    const text = await runCli(['gates', 'explain', 'bridge', '--gates-file', 'gates.yaml'], {
      cwd,
    })
    expect(text.stdout).toContain('takes in: features bridge')
    expect(text.stdout).not.toContain('warning')
  })

  test('list: each gate with the warnings about its own entries', async () => {
    const cwd = await scratch('gates', { 'gates.yaml': gates })
    const list = await runCli(['gates', 'list', '--gates-file', 'gates.yaml', '--json'], { cwd })
    const warnings = Object.fromEntries(
      JSON.parse(list.stdout).map((gate: { name: string; warnings?: string[] }) => [
        gate.name,
        gate.warnings?.length ?? 0,
      ]),
    )
    expect(warnings).toEqual({ everything: 0, bridge: 0, 'bridge-rc': 2 })
  })
})

describe('a readiness entry that matches nothing, on the modes that run more than once', () => {
  const suites = {
    'suites/alpha/a.accept.ts': `import { expect, test } from 'signalbox/suite'
test('one', () => { expect(1).toBe(1) })
`,
    'suites/beta/b.accept.ts': `import { expect, test } from 'signalbox/suite'
test('two', () => { expect(2).toBe(2) })
`,
    'rc.yaml': `version: 1
release: rc-1
mitigations:
  - { finding: "alpha/a.accept.ts > onw", plan: retry, owner: alpha-team, expires: "2099-01-01" }
`,
  }
  const entry =
    'rc.yaml: mitigations[0].finding "alpha/a.accept.ts > onw" matches no finding or test'

  test('run --isolate: the run together carries the warning; under --strict, exit 2 and no report', {
    timeout: 180_000,
  }, async () => {
    const cwd = await scratch('strict-isolate', suites)
    const base = ['run', '--isolate', '--readiness', 'rc.yaml', '--gate', 'pr']
    const lenient = await runCli([...base, '--out', 'out'], { cwd })
    expect(lenient.code, lenient.stderr).toBe(0)
    const results = Results.parse(JSON.parse(await readFile(join(cwd, 'out/results.json'), 'utf8')))
    expect(results.warnings?.map((warning) => warning.message)).toEqual([
      expect.stringContaining(entry),
    ])
    expect(unwrapped(lenient.stdout)).toContain(entry)

    const strict = await runCli([...base, '--strict', '--out', 'strict'], { cwd })
    expect(strict.code).toBe(2)
    expect(strict.stderr).toContain('mitigations[0].finding')
    expect(existsSync(join(cwd, 'strict'))).toBe(false)
  })
})
