import { execFile } from 'node:child_process'
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { type CliRun, cliPath, readResults, repoRoot, runCli, scratchFolders } from './cli.js'
import { tokenSev2Id, tokenSuite } from './fixtures/teamSuites.js'

const exec = promisify(execFile)
const scratch = scratchFolders()

const workflowPath = join(repoRoot, 'examples', 'ci', 'signalbox.yml')
const scriptPath = join(repoRoot, 'examples', 'ci', 'signalbox-ci.sh')

interface Step {
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
}
interface Job {
  needs?: string
  if?: string
  strategy?: { 'fail-fast'?: boolean; matrix: { shard: number[] } }
  steps: Step[]
}
interface Workflow {
  on: Record<string, unknown>
  env: Record<string, string>
  jobs: { shard: Job; merge: Job }
}

/** A GitHub Actions expression as the workflow writes it: `${{ … }}`. */
const expression = (inner: string) => `\${{ ${inner} }}`

const workflow = parse(await readFile(workflowPath, 'utf8')) as Workflow

/** The job's one step that runs signalbox-ci.sh. */
function ciStep(job: Job): string {
  const steps = job.steps.filter((step) => step.run?.includes('signalbox-ci.sh'))
  expect(steps).toHaveLength(1)
  return steps[0]?.run ?? ''
}

// A team's repository: the token suite (a passing SEV1 test and a failing SEV2
// one) and a chain suite that passes, the CI script where the workflow calls
// it, and signalbox where npm puts its bin (node_modules/.bin).
const suites = {
  ...tokenSuite,
  'suites/chain/chain.accept.ts': `import { describe, expect, test } from 'signalbox/suite'
describe('chain', () => {
  test('L1 answers with its chain id', async ({ l1 }) => expect(await l1.getChainId()).toBe(900))
  test('L2 answers with its chain id', async ({ l2 }) => expect(await l2.getChainId()).toBe(901))
})
`,
  '.gitignore': 'node_modules/\nsignalbox-results/\n',
}

/**
 * Runs a `run:` line of the workflow as GitHub Actions would (bash, in the
 * repository, GITHUB_ACTIONS=true), with the matrix values filled in; each
 * step has its own step summary file.
 */
async function runStep(
  cwd: string,
  line: string,
  options: { shard?: number; env?: NodeJS.ProcessEnv; summary: string },
): Promise<CliRun> {
  const command = line
    .replaceAll(expression('matrix.shard'), String(options.shard ?? ''))
    .replaceAll(
      expression('strategy.job-total'),
      String(workflow.jobs.shard.strategy?.matrix.shard.length),
    )
  expect(command).not.toContain(expression('').slice(0, 3))
  return runCli(['-c', command], {
    cwd,
    executable: 'bash',
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: options.summary,
      SIGNALBOX_SUITES: workflow.env.SIGNALBOX_SUITES,
      SIGNALBOX_OUT: workflow.env.SIGNALBOX_OUT,
      ...options.env,
    },
  })
}

async function team(prefix: string): Promise<string> {
  const cwd = await scratch(prefix, suites)
  await mkdir(join(cwd, '.github'), { recursive: true })
  await copyFile(scriptPath, join(cwd, '.github', 'signalbox-ci.sh'))
  await mkdir(join(cwd, 'node_modules', '.bin'), { recursive: true })
  // What npm links there on install: here a shim, as npm writes on Windows (dist's bin.js is not executable).
  await writeFile(
    join(cwd, 'node_modules', '.bin', 'signalbox'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} "$@"\n`,
    { mode: 0o755 },
  )
  await exec('git', ['init', '-q'], { cwd })
  await exec('git', ['add', '-A'], { cwd })
  await exec(
    'git',
    ['-c', 'user.email=ci@example.org', '-c', 'user.name=ci', 'commit', '-qm', 'suites'],
    {
      cwd,
    },
  )
  return cwd
}

describe('the CI recipe (examples/ci/signalbox.yml)', () => {
  test('pr gate on pull requests, alphanet nightly; three shards, then a merge that runs unless cancelled', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'schedule']))
    expect(workflow.env.SIGNALBOX_GATE).toBe(
      expression("github.event_name == 'schedule' && 'alphanet' || 'pr'"),
    )
    const { shard, merge } = workflow.jobs
    expect(shard.strategy?.['fail-fast']).toBe(false)
    expect(shard.strategy?.matrix.shard).toEqual([1, 2, 3])
    expect(ciStep(shard)).toBe(
      `bash .github/signalbox-ci.sh shard ${expression('matrix.shard')} ${expression('strategy.job-total')}`,
    )
    expect(merge.needs).toBe('shard')
    expect(merge.if).toBe(expression('!cancelled()'))
    expect(ciStep(merge)).toBe('bash .github/signalbox-ci.sh merge')
    const download = merge.steps.find((step) => step.uses?.startsWith('actions/download-artifact'))
    expect(download?.with).toMatchObject({ pattern: 'signalbox-shard-*', 'merge-multiple': true })
  })

  test('reports are uploaded as artifacts whatever the outcome (if: always())', () => {
    for (const job of [workflow.jobs.shard, workflow.jobs.merge]) {
      const uploads = job.steps.filter((step) => step.uses?.startsWith('actions/upload-artifact'))
      expect(uploads).toHaveLength(1)
      expect(uploads[0]?.if).toBe('always()')
      expect(String(uploads[0]?.with?.path)).toMatch(/^signalbox-results\//)
    }
  })

  test('the README shows the workflow as it is in examples/', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
    expect(readme).toContain(`\`\`\`yaml\n${await readFile(workflowPath, 'utf8')}\`\`\``)
  })
})

describe('signalbox-ci.sh, end to end on the embedded devnet', () => {
  const shardCount = workflow.jobs.shard.strategy?.matrix.shard.length ?? 0

  describe.each([
    // pr lets a SEV2 finding pass; alphanet wants a mitigation for it.
    { gate: 'pr', exitCode: 0 },
    { gate: 'alphanet', exitCode: 1 },
  ])('$gate gate', ({ gate, exitCode }) => {
    let cwd: string
    let shards: CliRun[]
    let merged: CliRun

    beforeAll(async () => {
      cwd = await team(`ci-${gate}`)
      const env = { SIGNALBOX_GATE: gate }
      shards = []
      for (let shard = 1; shard <= shardCount; shard++) {
        shards.push(
          await runStep(cwd, ciStep(workflow.jobs.shard), {
            shard,
            env,
            summary: join(cwd, `summary-shard-${shard}.md`),
          }),
        )
      }
      merged = await runStep(cwd, ciStep(workflow.jobs.merge), {
        env,
        summary: join(cwd, 'summary-merge.md'),
      })
    }, 600_000)

    test(`each shard runs its part; the merge has every test once and exits ${exitCode}`, async () => {
      for (const shard of shards) expect([0, 1], shard.stderr).toContain(shard.code)
      expect(Math.max(...shards.map((shard) => shard.code ?? 2))).toBe(exitCode)
      expect(merged.code, merged.stderr).toBe(exitCode)
      const results = await readResults(join(cwd, 'signalbox-results', 'merged'))
      expect(results.run.gates).toEqual([gate])
      expect(results.tests.map((t) => t.id).sort()).toEqual([
        'chain/chain.accept.ts > chain > L1 answers with its chain id',
        'chain/chain.accept.ts > chain > L2 answers with its chain id',
        'token/token.accept.ts > token > chain id is right',
        tokenSev2Id,
      ])
      expect(results.verdicts.map((verdict) => verdict.decision)).toEqual([
        exitCode === 0 ? 'promote' : 'block',
      ])
      for (const report of ['results.json', 'readiness.md', 'junit.xml', 'report.html']) {
        await expect(
          readFile(join(cwd, 'signalbox-results', 'merged', report)),
        ).resolves.toBeTruthy()
      }
    })

    test('every job writes its step summary; the merge job the whole run', async () => {
      for (let shard = 1; shard <= shardCount; shard++) {
        const summary = await readFile(join(cwd, `summary-shard-${shard}.md`), 'utf8')
        expect(summary).toContain('## 🚦 Release readiness')
      }
      const summary = await readFile(join(cwd, 'summary-merge.md'), 'utf8')
      expect(summary).toContain('## 🚦 Release readiness')
      expect(summary).toContain('**4 tests:**')
      expect(summary).toContain(gate)
      if (exitCode === 1) {
        expect(summary).toContain('### Blocking findings (1)')
        expect(summary).toContain('metadata is cached')
        // The annotation GitHub shows at the failing test's line.
        expect(merged.stdout).toMatch(/^::error file=suites\/token\/token\.accept\.ts,line=\d+/m)
      } else {
        expect(summary).not.toContain('Blocking findings')
      }
    })

    test('a shard missing from the merge: exit 2, not a verdict', async () => {
      await rm(join(cwd, 'signalbox-results', `shard-${shardCount}`), { recursive: true })
      await rm(join(cwd, 'signalbox-results', 'merged'), { recursive: true })
      const missing = await runStep(cwd, ciStep(workflow.jobs.merge), {
        env: { SIGNALBOX_GATE: gate },
        summary: join(cwd, 'summary-missing.md'),
      })
      expect(missing.code, missing.stdout).toBe(2)
      expect(missing.stderr).toMatch(/shard/)
      await expect(
        readFile(join(cwd, 'signalbox-results', 'merged', 'results.json')),
      ).rejects.toThrow(/ENOENT/)
    })
  })

  test('no shard results at all, or a job it does not know: exit 2 saying why', async () => {
    const cwd = await team('ci-errors')
    const summary = join(cwd, 'summary.md')
    const none = await runStep(cwd, 'bash .github/signalbox-ci.sh merge', { summary })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no shard results under signalbox-results/')
    for (const line of [
      'bash .github/signalbox-ci.sh',
      'bash .github/signalbox-ci.sh shard 1',
      'bash .github/signalbox-ci.sh shard one 2',
      'bash .github/signalbox-ci.sh deploy',
    ]) {
      const wrong = await runStep(cwd, line, { summary })
      expect(wrong.code, line).toBe(2)
      expect(wrong.stderr).toContain('usage: signalbox-ci.sh shard <i> <n> | merge')
    }
  })
})
