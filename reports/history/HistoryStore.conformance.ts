import { test as baseTest, describe, expect } from 'vitest'
import { digestOf, ExitCode, InputError, Results, type TestStatus } from '../../core/index.js'
import { HistorySchemaError, RunConflictError, SignoffRefusedError } from './HistoryError.js'
import type { HistoryStore } from './HistoryStore.js'
import { RunSummary, type Signoff, type StripOutcome, type TestOutcome } from './Records.js'
import { migrations, schemaVersion } from './Schema.js'
import { hashToken } from './Tokens.js'
import { crashRuns, killMidSave, largeRunTests } from './testing/CrashTest.js'
import {
  awkwardTestId,
  completeRun,
  fixtureRun,
  fixtureTestId,
  manyTests,
  type RunFixture,
} from './testing/HistoryFixtures.js'

/**
 * The one conformance suite of the history store: every implementation
 * declares it against a real database of its kind (a SQLite file, a
 * PostgreSQL server), so both behave the same to the dashboard and the CLI.
 */

/** One empty database for one test, and what the suite needs to look inside it. */
export interface HistoryDatabase {
  /** What the store's errors name the database by: the file, or the URL without credentials. */
  readonly source: string
  /** The spec `openHistoryStore` takes for it, for the crash test's child process. */
  readonly spec: string
  /** Opens a store on it (migrating it); every call a new store. */
  open(): Promise<HistoryStore>
  /** Runs SQL on it directly, around the store: to see what the tables hold. */
  query(text: string): Promise<Record<string, unknown>[]>
  /** Whether another connection holds a write transaction open on it right now. */
  writeInProgress(): Promise<boolean>
  /** Removes the database. */
  drop(): Promise<void>
}

const hour = (hours: number, minutes = 0) =>
  new Date(Date.UTC(2026, 10, 20, hours, minutes)).toISOString()

/** Declares the conformance tests for the store `newDatabase` gives a fresh database of. */
export function describeHistoryStore(
  name: string,
  newDatabase: () => Promise<HistoryDatabase>,
): void {
  const test = baseTest.extend<{ database: HistoryDatabase; store: HistoryStore }>({
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from its first parameter.
    database: async ({}, use) => {
      const database = await newDatabase()
      try {
        await use(database)
      } finally {
        await database.drop()
      }
    },
    store: async ({ database }, use) => {
      const store = await database.open()
      try {
        await use(store)
      } finally {
        await store.close()
      }
    },
  })

  const count = async (database: HistoryDatabase, text: string) =>
    Number((await database.query(text))[0]?.n)

  const saveAll = async (store: HistoryStore, fixtures: readonly RunFixture[]) => {
    for (const fixture of fixtures) await store.saveRun(fixtureRun(fixture), { source: 'local' })
  }

  const ids = (summaries: readonly RunSummary[]) => summaries.map((summary) => summary.id)
  const stripOf = (history: readonly TestOutcome[]): StripOutcome[] =>
    history.map(({ runId, startedAt, status }) => ({ runId, startedAt, status }))

  describe(`${name} history store`, () => {
    describe('saving and reading a run', () => {
      test('round trip: a stored run reads back equal to the results saved, in schema order', async ({
        store,
      }) => {
        const results = completeRun('run-complete')
        const summary = await store.saveRun(results, {
          source: 'push',
          release: 'rc-7',
          branch: 'main',
        })
        const stored = await store.getRun('run-complete')
        expect(stored?.results).toStrictEqual(results)
        expect(JSON.stringify(stored?.results)).toBe(JSON.stringify(Results.parse(results)))
        expect(stored?.meta).toEqual(summary.meta)
        expect(await store.getRun('no-such-run')).toBeUndefined()
      })

      test('summary: tests per status, verdicts per gate, duration, and meta with the digest', async ({
        store,
      }) => {
        const results = completeRun('run-summary')
        const before = new Date().toISOString()
        const summary = await store.saveRun(results, {
          source: 'push',
          release: 'rc-7',
          branch: 'main',
        })
        const counts = { SEV0: 0, SEV1: 0, SEV2: 2, SEV3: 1 }
        expect(summary).toEqual({
          id: 'run-summary',
          startedAt: '2026-11-20T14:02:11.000Z',
          finishedAt: '2026-11-20T14:14:38.412Z',
          durationMs: 747_412,
          complete: true,
          devnet: { backend: 'kurtosis', name: 'interop-devnet-7' },
          gitCommit: '3c1f0e9b2a7d4c6e8f90a1b2c3d4e5f60718293a',
          verdicts: [
            { gate: 'alphanet', decision: 'promote', counts },
            { gate: 'betanet', decision: 'block', counts },
          ],
          tests: { passed: 1, failed: 2, skipped: 1, errored: 1, timedOut: 1 },
          meta: {
            digest: digestOf(Results.parse(results)),
            savedAt: expect.any(String),
            source: 'push',
            release: 'rc-7',
            branch: 'main',
          },
        })
        expect(summary.meta.savedAt >= before).toBe(true)
        expect(RunSummary.parse(summary)).toEqual(summary)
        expect(await store.listRuns()).toEqual([summary])
      })

      test('summary: what a run does not have is left out, not empty', async ({ store }) => {
        const summary = await store.saveRun(fixtureRun({ id: 'bare', startedAt: hour(1) }), {
          source: 'local',
        })
        expect(summary).not.toHaveProperty('gitCommit')
        expect(summary.meta).toEqual({
          digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
          savedAt: expect.any(String),
          source: 'local',
        })
      })

      test('saving the same results again returns the stored summary and writes nothing', async ({
        database,
        store,
      }) => {
        const results = fixtureRun({ id: 'run-again', startedAt: hour(1), tests: manyTests(50) })
        const first = await store.saveRun(results, { source: 'local', release: 'rc-1' })
        const again = await store.saveRun(structuredClone(results), {
          source: 'push',
          release: 'rc-2',
        })
        expect(again).toEqual(first)
        expect(await store.listRuns()).toHaveLength(1)
        expect(await count(database, 'SELECT COUNT(*) AS n FROM outcomes')).toBe(50)
        expect(await count(database, 'SELECT COUNT(*) AS n FROM verdicts')).toBe(1)
      })

      test('other results under a stored run id are refused (RunConflictError, exit 2); the stored run stays', async ({
        store,
      }) => {
        const results = fixtureRun({
          id: 'run-x',
          startedAt: hour(1),
          tests: [{ name: 'deposit', status: 'passed' }],
        })
        await store.saveRun(results, { source: 'local' })
        const edited = structuredClone(results)
        if (edited.tests[0]) edited.tests[0].status = 'failed'
        const error = await store.saveRun(edited, { source: 'push' }).catch((caught) => caught)
        expect(error).toBeInstanceOf(RunConflictError)
        expect(error).toBeInstanceOf(InputError)
        expect(error.exitCode).toBe(ExitCode.error)
        expect(error.shortMessage).toBe('run "run-x" is stored already, with other results')
        expect(error.details).toContain(digestOf(Results.parse(results)))
        expect((await store.getRun('run-x'))?.results).toStrictEqual(results)
      })

      test('results that are not valid results are refused with the path that is wrong; nothing is stored', async ({
        database,
        store,
      }) => {
        const broken = fixtureRun({ id: 'broken', startedAt: hour(1) }) as unknown as {
          tests: Array<Record<string, unknown>>
        }
        delete broken.tests[0]?.status
        const error = await store
          .saveRun(broken as unknown as Results, { source: 'push' })
          .catch((caught) => caught)
        expect(error).toBeInstanceOf(InputError)
        expect(error.issues.map((issue: { path: string }) => issue.path)).toEqual([
          'tests[0].status',
        ])
        expect(await count(database, 'SELECT COUNT(*) AS n FROM runs')).toBe(0)
      })
    })

    describe('listing runs', () => {
      const runs: RunFixture[] = [
        {
          id: 'r1',
          startedAt: hour(1),
          gates: [{ gate: 'alphanet', decision: 'promote' }],
        },
        {
          id: 'r2',
          startedAt: hour(2),
          gates: [
            { gate: 'alphanet', decision: 'block' },
            { gate: 'betanet', decision: 'block' },
          ],
          devnet: { backend: 'kurtosis', name: 'interop-devnet-7' },
        },
        {
          id: 'r3',
          startedAt: hour(3),
          gates: [{ gate: 'betanet', decision: 'promote' }],
          devnet: { backend: 'kurtosis', name: 'interop-devnet-7' },
        },
        {
          id: 'r4',
          startedAt: hour(4),
          gates: [
            { gate: 'alphanet', decision: 'promote' },
            { gate: 'betanet', decision: 'block' },
          ],
        },
        {
          id: 'r5',
          startedAt: hour(5),
          gates: [{ gate: 'testnet', decision: 'error' }],
          devnet: { backend: 'testcontainers', name: 'tc-devnet' },
        },
      ]
      const meta: Record<string, { release?: string; branch?: string }> = {
        r1: { release: 'rc-1', branch: 'main' },
        r2: { release: 'rc-1', branch: 'main' },
        r3: { release: 'rc-2', branch: 'feature/fees' },
        r4: { release: 'rc-2', branch: 'main' },
        r5: {},
      }

      const seed = async (store: HistoryStore) => {
        // Saved out of order: lists go by start time, not by when a run was saved.
        for (const run of [runs[2], runs[0], runs[4], runs[1], runs[3]]) {
          if (run) await store.saveRun(fixtureRun(run), { source: 'push', ...meta[run.id] })
        }
      }

      test('newest first; filtered by gate, decision, devnet (name or backend), release and branch', async ({
        store,
      }) => {
        await seed(store)
        expect(ids(await store.listRuns())).toEqual(['r5', 'r4', 'r3', 'r2', 'r1'])
        expect(ids(await store.listRuns({ gate: 'alphanet' }))).toEqual(['r4', 'r2', 'r1'])
        expect(ids(await store.listRuns({ gate: 'betanet', decision: 'block' }))).toEqual([
          'r4',
          'r2',
        ])
        expect(ids(await store.listRuns({ decision: 'promote' }))).toEqual(['r4', 'r3', 'r1'])
        expect(ids(await store.listRuns({ decision: 'error' }))).toEqual(['r5'])
        expect(ids(await store.listRuns({ devnet: 'interop-devnet-7' }))).toEqual(['r3', 'r2'])
        expect(ids(await store.listRuns({ devnet: 'embedded' }))).toEqual(['r4', 'r1'])
        expect(ids(await store.listRuns({ release: 'rc-2' }))).toEqual(['r4', 'r3'])
        expect(ids(await store.listRuns({ branch: 'feature/fees' }))).toEqual(['r3'])
        expect(
          ids(await store.listRuns({ gate: 'alphanet', release: 'rc-1', branch: 'main' })),
        ).toEqual(['r2', 'r1'])
        expect(await store.listRuns({ gate: 'devnet-that-never-ran' })).toEqual([])
      })

      test('limit and before page through every run once', async ({ store }) => {
        const all = Array.from({ length: 25 }, (_, index) => ({
          id: `page-${String(index).padStart(2, '0')}`,
          startedAt: hour(1, index * 2),
        }))
        await saveAll(store, all)
        const pages: string[][] = []
        let before: string | undefined
        for (;;) {
          const page = await store.listRuns({ limit: 10, ...(before ? { before } : {}) })
          if (page.length === 0) break
          pages.push(ids(page))
          before = page.at(-1)?.startedAt
        }
        expect(pages.map((page) => page.length)).toEqual([10, 10, 5])
        expect(pages.flat()).toEqual(all.map((run) => run.id).reverse())
        expect(await store.listRuns()).toHaveLength(25)
      })

      test('a filter out of bounds is refused with an InputError', async ({ store }) => {
        await expect(store.listRuns({ limit: 0 })).rejects.toBeInstanceOf(InputError)
        await expect(store.listRuns({ limit: 501 })).rejects.toBeInstanceOf(InputError)
        await expect(store.listRuns({ before: 'yesterday' })).rejects.toThrow(/run filter/)
      })
    })

    test('previousRun: the run of the same gate that started last before it', async ({ store }) => {
      await saveAll(store, [
        { id: 'a1', startedAt: hour(1), gates: ['alphanet'] },
        { id: 'b1', startedAt: hour(2), gates: ['betanet'] },
        { id: 'a2', startedAt: hour(3), gates: ['alphanet', 'betanet'] },
        { id: 'a3', startedAt: hour(4), gates: ['alphanet'] },
        // Two runs that started at the same time: the one with the smaller id comes first.
        { id: 'tie-b', startedAt: hour(5), gates: ['alphanet'] },
        { id: 'tie-a', startedAt: hour(5), gates: ['alphanet'] },
      ])
      const previous = async (runId: string, gate: string) =>
        (await store.previousRun(runId, gate))?.id
      expect(await previous('a3', 'alphanet')).toBe('a2')
      expect(await previous('a2', 'alphanet')).toBe('a1')
      expect(await previous('a2', 'betanet')).toBe('b1')
      expect(await previous('tie-b', 'alphanet')).toBe('tie-a')
      expect(await previous('tie-a', 'alphanet')).toBe('a3')
      expect(await previous('a1', 'alphanet')).toBeUndefined()
      expect(await previous('b1', 'alphanet')).toBe('a1')
      expect(await previous('no-such-run', 'alphanet')).toBeUndefined()
    })

    test("testHistory: a test's outcomes newest first, limited, narrowed by gate and devnet", async ({
      store,
    }) => {
      const test = { name: 'deposit is credited', feature: 'bridge' }
      const other = { backend: 'kurtosis', name: 'other-devnet' }
      await saveAll(
        store,
        (['passed', 'failed', 'passed', 'timedOut', 'passed'] as const).map((status, index) => ({
          id: `h${index}`,
          startedAt: hour(index + 1),
          gates: index % 2 === 0 ? ['alphanet'] : ['alphanet', 'betanet'],
          ...(index >= 3 ? { devnet: other } : {}),
          gitCommit: `commit-${index}`,
          tests: [
            { ...test, status, durationMs: 100 + index },
            { name: 'other test', status: 'passed' },
          ],
        })),
      )
      const id = fixtureTestId(test)
      const history = await store.testHistory(id)
      expect(history.map((outcome) => [outcome.runId, outcome.status])).toEqual([
        ['h4', 'passed'],
        ['h3', 'timedOut'],
        ['h2', 'passed'],
        ['h1', 'failed'],
        ['h0', 'passed'],
      ])
      expect(history[1]).toEqual({
        runId: 'h3',
        startedAt: hour(4),
        status: 'timedOut',
        durationMs: 103,
        gitCommit: 'commit-3',
        devnet: 'other-devnet',
        gates: ['alphanet', 'betanet'],
      })
      expect((await store.testHistory(id, { limit: 2 })).map((outcome) => outcome.runId)).toEqual([
        'h4',
        'h3',
      ])
      expect(
        (await store.testHistory(id, { gate: 'betanet' })).map((outcome) => outcome.runId),
      ).toEqual(['h3', 'h1'])
      expect(
        (await store.testHistory(id, { devnet: 'other-devnet' })).map((outcome) => outcome.runId),
      ).toEqual(['h4', 'h3'])
      expect(
        (await store.testHistory(id, { gate: 'betanet', devnet: 'other-devnet' })).map(
          (outcome) => outcome.runId,
        ),
      ).toEqual(['h3'])
      expect(await store.testHistory('no/such.accept.ts > test')).toEqual([])
      await expect(store.testHistory(id, { limit: 0 })).rejects.toBeInstanceOf(InputError)
    })

    test('historyStrips: each test as testHistory gives it, including tests found only in older runs', async ({
      store,
    }) => {
      const everyRun = { name: 'runs every time', feature: 'rpc' }
      const rare = { name: 'ran long ago', feature: 'bridge' }
      // Twelve runs; `rare` ran only in the first two, far older than the
      // newest runs a limit of 3 reads in one go.
      await saveAll(
        store,
        Array.from({ length: 12 }, (_, index) => ({
          id: `s${String(index).padStart(2, '0')}`,
          startedAt: hour(index + 1),
          tests: [
            { ...everyRun, status: index % 3 === 0 ? ('failed' as const) : ('passed' as const) },
            ...(index < 2 ? [{ ...rare, status: 'errored' as const }] : []),
          ],
        })),
      )
      const ids = [fixtureTestId(everyRun), fixtureTestId(rare), 'no/such.accept.ts > test']
      for (const limit of [3, 20]) {
        const strips = await store.historyStrips(ids, { limit })
        expect([...strips.keys()]).toEqual(ids)
        for (const id of ids)
          expect(strips.get(id)).toEqual(stripOf(await store.testHistory(id, { limit })))
      }
      expect(
        (await store.historyStrips(ids, { limit: 3 }))
          .get(fixtureTestId(everyRun))
          ?.map((o) => o.runId),
      ).toEqual(['s11', 's10', 's09'])
      expect(
        (await store.historyStrips([fixtureTestId(rare)], { limit: 3 }))
          .get(fixtureTestId(rare))
          ?.map((o) => o.runId),
      ).toEqual(['s01', 's00'])
      expect(await store.historyStrips([])).toEqual(new Map())
      await expect(
        store.historyStrips(Array.from({ length: 101 }, (_, index) => `t${index}`)),
      ).rejects.toBeInstanceOf(InputError)
    })

    test('historyStrips: runs started at the same time go by id, and a repeated test gives every outcome, newest first', async ({
      store,
    }) => {
      const repeated = { name: 'repeated', feature: 'rpc' }
      const runOf = (id: string, startedAt: string, statuses: readonly TestStatus[]) => {
        const [first = 'passed'] = statuses
        const results = fixtureRun({ id, startedAt, tests: [{ ...repeated, status: first }] })
        const [test] = results.tests
        if (test === undefined || statuses.length === 1) return results
        const passed = statuses.filter((status) => status === 'passed').length
        test.repeat = {
          runs: statuses.length,
          passed,
          failed: statuses.length - passed,
          passRate: passed / statuses.length,
          stable: passed === statuses.length,
          durationMs: { min: 1000, median: 1000, max: 1000 },
          outcomes: statuses.map((status) => ({ status, durationMs: 1000 })),
        }
        return results
      }
      for (const results of [
        runOf('r0', hour(1), ['failed']),
        runOf('r2', hour(2), ['passed']),
        runOf('r1', hour(2), ['skipped']),
        runOf('r3', hour(3), ['passed', 'failed', 'timedOut']),
      ])
        await store.saveRun(results, { source: 'local' })
      const id = fixtureTestId(repeated)
      const order = (outcomes: readonly StripOutcome[] | undefined) =>
        outcomes?.map((outcome) => `${outcome.runId}:${outcome.status}`)
      expect(order(await store.testHistory(id, { limit: 20 }))).toEqual([
        'r3:timedOut',
        'r3:failed',
        'r3:passed',
        'r2:passed',
        'r1:skipped',
        'r0:failed',
      ])
      for (const limit of [1, 2, 3, 4, 5, 6, 20]) {
        expect(order((await store.historyStrips([id], { limit })).get(id))).toEqual(
          order(await store.testHistory(id, { limit })),
        )
      }
    })

    test('testHistory: a test id that needs escaping is found as it is', async ({ store }) => {
      await store.saveRun(completeRun('awkward'), { source: 'local' })
      expect(await store.testHistory(awkwardTestId)).toEqual([
        expect.objectContaining({ runId: 'awkward', status: 'failed' }),
      ])
    })

    describe('flaky tests', () => {
      const flips = { name: 'flips', feature: 'interop', owner: 'interop-team' }
      const erratic = { name: 'errors sometimes', feature: 'fees' }
      const broken = { name: 'always fails', feature: 'fees' }
      const fixed = { name: 'fixed by a commit', feature: 'bridge' }
      const devnetBound = { name: 'fails on one devnet', feature: 'rpc' }
      const kurtosis = { backend: 'kurtosis', name: 'interop-devnet-7' }

      const seed = (store: HistoryStore) =>
        saveAll(store, [
          {
            id: 'f1',
            startedAt: hour(1),
            gitCommit: 'c1',
            tests: [
              { ...flips, status: 'passed' },
              { ...erratic, status: 'errored' },
              { ...broken, status: 'failed' },
              { ...fixed, status: 'failed' },
              { ...devnetBound, status: 'failed' },
            ],
          },
          {
            id: 'f2',
            startedAt: hour(2),
            gitCommit: 'c1',
            tests: [
              { ...flips, status: 'failed' },
              { ...erratic, status: 'passed' },
              { ...broken, status: 'failed' },
            ],
          },
          {
            id: 'f3',
            startedAt: hour(3),
            gitCommit: 'c1',
            tests: [
              { ...flips, status: 'passed' },
              { ...broken, status: 'failed' },
            ],
          },
          // The commit changed: passing now is a fix, not a flake.
          {
            id: 'f4',
            startedAt: hour(4),
            gitCommit: 'c2',
            tests: [{ ...fixed, status: 'passed' }],
          },
          // Another devnet, same commit: not the same conditions.
          {
            id: 'f5',
            startedAt: hour(5),
            gitCommit: 'c1',
            devnet: kurtosis,
            tests: [{ ...devnetBound, status: 'passed' }],
          },
          // No commit known: nothing can be said.
          { id: 'f6', startedAt: hour(6), tests: [{ ...broken, status: 'passed' }] },
        ])

      test('a test that passed and failed on the same gate, devnet and commit is flaky', async ({
        store,
      }) => {
        await seed(store)
        expect(await store.flakyTests()).toEqual([
          {
            testId: fixtureTestId(flips),
            owner: 'interop-team',
            feature: 'interop',
            gate: 'alphanet',
            devnet: 'local',
            gitCommit: 'c1',
            passed: 2,
            failed: 1,
            passRate: 2 / 3,
            lastSeen: hour(3),
          },
          {
            testId: fixtureTestId(erratic),
            owner: 'fees-team',
            feature: 'fees',
            gate: 'alphanet',
            devnet: 'local',
            gitCommit: 'c1',
            passed: 1,
            failed: 1,
            passRate: 0.5,
            lastSeen: hour(2),
          },
        ])
      })

      test('narrowed to an owner, and limited', async ({ store }) => {
        await seed(store)
        expect(
          (await store.flakyTests({ owner: 'fees-team' })).map((flaky) => flaky.testId),
        ).toEqual([fixtureTestId(erratic)])
        expect((await store.flakyTests({ limit: 1 })).map((flaky) => flaky.testId)).toEqual([
          fixtureTestId(flips),
        ])
      })

      test('each gate a run was judged against is its own group', async ({ store }) => {
        await saveAll(store, [
          {
            id: 'g1',
            startedAt: hour(1),
            gitCommit: 'c1',
            gates: ['alphanet', 'betanet'],
            tests: [{ ...flips, status: 'failed' }],
          },
          {
            id: 'g2',
            startedAt: hour(2),
            gitCommit: 'c1',
            gates: ['betanet'],
            tests: [{ ...flips, status: 'passed' }],
          },
        ])
        expect(
          (await store.flakyTests()).map((flaky) => [flaky.gate, flaky.passed, flaky.failed]),
        ).toEqual([['betanet', 1, 1]])
      })
    })

    describe('test stats', () => {
      const settles = { name: 'settles', feature: 'interop' }
      const steady = { name: 'steady', feature: 'fees' }

      test("each test's passes, failures, passes in a row since the last failure and median duration, over the newest runs", async ({
        store,
      }) => {
        await saveAll(store, [
          {
            id: 's1',
            startedAt: hour(1),
            tests: [
              { ...settles, status: 'passed', durationMs: 900 },
              { ...steady, status: 'passed', durationMs: 100 },
            ],
          },
          {
            id: 's2',
            startedAt: hour(2),
            tests: [
              { ...settles, status: 'failed', durationMs: 5000 },
              { ...steady, status: 'skipped', durationMs: 0 },
            ],
          },
          {
            id: 's3',
            startedAt: hour(3),
            gates: ['betanet'],
            tests: [{ ...settles, status: 'passed', durationMs: 1100 }],
          },
          {
            id: 's4',
            startedAt: hour(4),
            tests: [
              { ...settles, status: 'passed', durationMs: 1000 },
              { ...steady, status: 'passed', durationMs: 300 },
            ],
          },
        ])
        expect(await store.testStats()).toEqual([
          {
            testId: fixtureTestId(steady),
            feature: 'fees',
            owner: 'fees-team',
            outcomes: 2,
            passed: 2,
            failed: 0,
            passStreak: 2,
            medianDurationMs: 200,
            lastSeen: hour(4),
          },
          {
            testId: fixtureTestId(settles),
            feature: 'interop',
            owner: 'interop-team',
            outcomes: 4,
            passed: 3,
            failed: 1,
            passStreak: 2,
            medianDurationMs: 1050,
            lastSeen: hour(4),
          },
        ])
        // The two newest runs only: the failure is in neither.
        expect(
          (await store.testStats({ runs: 2 })).map((stats) => [stats.testId, stats.passStreak]),
        ).toEqual([
          [fixtureTestId(steady), 1],
          [fixtureTestId(settles), 2],
        ])
        // Only the runs judged against betanet.
        expect(await store.testStats({ gate: 'betanet' })).toEqual([
          expect.objectContaining({ testId: fixtureTestId(settles), outcomes: 1, passStreak: 1 }),
        ])
        expect(await store.testStats({ gate: 'no-such-gate' })).toEqual([])
      })

      test('otherCommitThan: only runs of a known commit other than the one named', async ({
        store,
      }) => {
        await saveAll(store, [
          {
            id: 'c1',
            startedAt: hour(1),
            gitCommit: 'old',
            tests: [{ ...steady, status: 'passed', durationMs: 100 }],
          },
          {
            id: 'c2',
            startedAt: hour(2),
            gitCommit: 'new',
            tests: [{ ...steady, status: 'passed', durationMs: 900 }],
          },
          {
            id: 'c3',
            startedAt: hour(3),
            tests: [{ ...steady, status: 'passed', durationMs: 500 }],
          },
        ])
        expect(await store.testStats({ otherCommitThan: 'new' })).toEqual([
          expect.objectContaining({ outcomes: 1, medianDurationMs: 100, lastSeen: hour(1) }),
        ])
        expect(await store.testStats({ otherCommitThan: 'new', gate: 'alphanet' })).toEqual([
          expect.objectContaining({ outcomes: 1, medianDurationMs: 100 }),
        ])
        expect((await store.testStats())[0]?.outcomes).toBe(3)
      })

      test('a test that only ever skipped has no duration; a filter out of bounds is an InputError', async ({
        store,
      }) => {
        await saveAll(store, [
          { id: 'k1', startedAt: hour(1), tests: [{ ...steady, status: 'skipped' }] },
        ])
        const [stats] = await store.testStats()
        expect(stats).toMatchObject({ outcomes: 0, passed: 0, failed: 0, passStreak: 0 })
        expect(stats).not.toHaveProperty('medianDurationMs')
        await expect(store.testStats({ runs: 0 })).rejects.toBeInstanceOf(InputError)
        await expect(store.testStats({ runs: 501 })).rejects.toBeInstanceOf(InputError)
      })

      test('each run of a test under --repeat is an outcome: in its history, its stats and flaky tests', async ({
        store,
      }) => {
        const results = fixtureRun({
          id: 'repeated',
          startedAt: hour(1),
          gitCommit: 'c1',
          tests: [
            { ...settles, status: 'failed', durationMs: 40 },
            { ...steady, status: 'passed' },
          ],
        })
        const outcomes = [
          { status: 'passed', durationMs: 30 },
          { status: 'failed', durationMs: 40 },
          { status: 'passed', durationMs: 20 },
          { status: 'passed', durationMs: 50 },
        ] as const
        const [repeated] = results.tests
        if (repeated === undefined) throw new Error('the fixture has tests')
        repeated.repeat = {
          runs: 4,
          passed: 3,
          failed: 1,
          passRate: 0.75,
          stable: false,
          durationMs: { min: 20, median: 35, max: 50 },
          outcomes: [...outcomes],
        }
        const summary = await store.saveRun(results, { source: 'local' })
        // The run counts the test once, by its status.
        expect(summary.tests).toMatchObject({ passed: 1, failed: 1 })
        expect(
          (await store.testHistory(fixtureTestId(settles))).map((outcome) => outcome.status),
        ).toEqual(['passed', 'passed', 'failed', 'passed'])
        const stats = await store.testStats()
        expect(stats.find((each) => each.testId === fixtureTestId(settles))).toMatchObject({
          outcomes: 4,
          passed: 3,
          failed: 1,
          passStreak: 2,
          medianDurationMs: 35,
        })
        expect(await store.flakyTests()).toEqual([
          expect.objectContaining({ testId: fixtureTestId(settles), passed: 3, failed: 1 }),
        ])
        expect((await store.getRun('repeated'))?.results).toStrictEqual(results)
      })
    })

    describe('sign-offs', () => {
      const signoffOf = (runId: string, digest: string, gate = 'alphanet'): Signoff => ({
        runId,
        gate,
        by: 'platforms-oncall',
        at: '2026-11-21T09:00:00.000Z',
        digest,
        decision: 'promote',
        notes: 'load test reviewed',
      })

      test('recorded once and listed with the run', async ({ store }) => {
        const summary = await store.saveRun(completeRun('rc-7'), { source: 'push' })
        const signoff = signoffOf('rc-7', summary.meta.digest)
        await store.saveSignoff(signoff)
        await store.saveSignoff(signoff)
        const later = { ...signoff, by: 'release-manager', at: '2026-11-21T10:00:00.000Z' }
        await store.saveSignoff(later)
        expect(await store.signoffsOf('rc-7')).toEqual([signoff, later])
        expect(await store.signoffsOf('another-run')).toEqual([])
      })

      test('refused for an unknown run, other results, a gate not judged, a verdict that does not promote', async ({
        store,
      }) => {
        const summary = await store.saveRun(completeRun('rc-7'), { source: 'push' })
        const { digest } = summary.meta
        const refusal = (signoff: Signoff) =>
          store.saveSignoff(signoff).then(
            () => 'saved',
            (error) => (error instanceof SignoffRefusedError ? error.shortMessage : error),
          )
        expect(await refusal(signoffOf('rc-8', digest))).toBe(
          'there is no stored run "rc-8" to sign off',
        )
        expect(await refusal(signoffOf('rc-7', `sha256:${'0'.repeat(64)}`))).toMatch(
          /^the sign-off names other results than run "rc-7"/,
        )
        expect(await refusal(signoffOf('rc-7', digest, 'testnet'))).toBe(
          'run "rc-7" was not judged against gate "testnet"',
        )
        expect(await refusal(signoffOf('rc-7', digest, 'betanet'))).toBe(
          'run "rc-7" is not promotable on gate "betanet" (its verdict is block)',
        )
        expect(await store.signoffsOf('rc-7')).toEqual([])
      })
    })

    describe('tokens', () => {
      test('the token made verifies; a wrong or malformed one does not', async ({ store }) => {
        const { token, record } = await store.createToken('ci-pusher', ['signoff', 'push'])
        expect(token).toMatch(/^sbx_[0-9a-f]{64}$/)
        expect(record).toEqual({
          id: expect.any(String),
          name: 'ci-pusher',
          scopes: ['push', 'signoff'],
          createdAt: expect.any(String),
        })
        expect(await store.verifyToken(token)).toEqual(record)
        const wrong = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`
        expect(await store.verifyToken(wrong)).toBeUndefined()
        expect(await store.verifyToken('')).toBeUndefined()
        expect(await store.verifyToken(token.toUpperCase())).toBeUndefined()
        expect(await store.verifyToken(`${token} `)).toBeUndefined()
        const second = await store.createToken('dashboard-admin', ['push'])
        expect(second.token).not.toBe(token)
        expect(await store.verifyToken(second.token)).toEqual(second.record)
      })

      test('the database keeps the hash of a token, never the token', async ({
        database,
        store,
      }) => {
        const { token } = await store.createToken('ci-pusher', ['push'])
        const stored = JSON.stringify(await database.query('SELECT * FROM tokens'))
        expect(stored).not.toContain(token.slice('sbx_'.length))
        expect(stored).toContain(hashToken(token))
      })

      test('a token without a name or a scope is not made', async ({ store }) => {
        await expect(store.createToken(' ', ['push'])).rejects.toBeInstanceOf(InputError)
        await expect(store.createToken('ci', [])).rejects.toBeInstanceOf(InputError)
      })
    })

    describe('many writers', () => {
      test('20 concurrent saves all land, whole', async ({ database, store }) => {
        const all = Array.from({ length: 20 }, (_, index) =>
          fixtureRun({
            id: `concurrent-${index}`,
            startedAt: hour(1, index),
            tests: manyTests(200, { seed: index }),
          }),
        )
        const summaries = await Promise.all(
          all.map((results) => store.saveRun(results, { source: 'push' })),
        )
        expect(new Set(summaries.map((summary) => summary.id)).size).toBe(20)
        expect(await store.listRuns()).toHaveLength(20)
        expect(await count(database, 'SELECT COUNT(*) AS n FROM outcomes')).toBe(20 * 200)
        for (const results of all) {
          expect((await store.getRun(results.run.id))?.results).toStrictEqual(results)
        }
      })

      test('the same run pushed by two stores at once is stored once', async ({
        database,
        store,
      }) => {
        const other = await database.open()
        try {
          const results = fixtureRun({ id: 'twice', startedAt: hour(1), tests: manyTests(500) })
          const [first, second] = await Promise.all([
            store.saveRun(results, { source: 'push' }),
            other.saveRun(structuredClone(results), { source: 'push' }),
          ])
          expect(second).toEqual(first)
          expect(await count(database, 'SELECT COUNT(*) AS n FROM outcomes')).toBe(500)
        } finally {
          await other.close()
        }
      })

      test('two different runs under one id pushed at once: one is stored, the other refused', async ({
        store,
        database,
      }) => {
        const other = await database.open()
        try {
          const one = fixtureRun({ id: 'contested', startedAt: hour(1), tests: manyTests(300) })
          const two = fixtureRun({
            id: 'contested',
            startedAt: hour(1),
            tests: manyTests(300, { seed: 2 }),
          })
          const settled = await Promise.allSettled([
            store.saveRun(one, { source: 'push' }),
            other.saveRun(two, { source: 'push' }),
          ])
          const saved = settled.findIndex((outcome) => outcome.status === 'fulfilled')
          const refused = settled.find((outcome) => outcome.status === 'rejected')
          expect(saved).not.toBe(-1)
          expect(refused?.reason).toBeInstanceOf(RunConflictError)
          expect((await store.getRun('contested'))?.results).toStrictEqual([one, two][saved])
          expect(await count(database, 'SELECT COUNT(*) AS n FROM outcomes')).toBe(300)
        } finally {
          await other.close()
        }
      })
    })

    describe('schema', () => {
      test('reopening a database keeps its runs and migrates nothing twice', async ({
        database,
      }) => {
        const results = completeRun('kept')
        const first = await database.open()
        await first.saveRun(results, { source: 'local' })
        await first.close()
        for (let reopen = 0; reopen < 2; reopen++) {
          const store = await database.open()
          expect((await store.getRun('kept'))?.results).toStrictEqual(results)
          await store.close()
        }
        expect(await count(database, 'SELECT COUNT(*) AS n FROM schema_migrations')).toBe(
          migrations.length,
        )
      })

      test('stores opened at once on an empty database migrate it once', async ({ database }) => {
        const stores = await Promise.all(Array.from({ length: 4 }, () => database.open()))
        await Promise.all(stores.map((store) => store.close()))
        expect(await count(database, 'SELECT COUNT(*) AS n FROM schema_migrations')).toBe(
          migrations.length,
        )
      })

      test('a database from a newer signalbox is refused, naming it, and left as it is', async ({
        database,
      }) => {
        const store = await database.open()
        await store.saveRun(fixtureRun({ id: 'old', startedAt: hour(1) }), { source: 'local' })
        await store.close()
        await database.query(
          `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${schemaVersion + 1}, 'from a newer signalbox', '2030-01-01T00:00:00.000Z')`,
        )
        const error = await database.open().catch((caught) => caught)
        expect(error).toBeInstanceOf(HistorySchemaError)
        expect(error).toBeInstanceOf(InputError)
        expect(error.source).toBe(database.source)
        expect(error.shortMessage).toBe(
          `${database.source} was written by a newer signalbox (history schema version ${schemaVersion + 1}; this signalbox knows versions up to ${schemaVersion})`,
        )
        expect(await count(database, 'SELECT COUNT(*) AS n FROM runs')).toBe(1)
      })
    })

    test('a save killed half-way leaves every earlier run intact and the killed run absent or whole, never partial', async ({
      annotate,
      database,
    }) => {
      // Killed once the database says the save's transaction is open, then
      // later and later into it: some kills land before the commit, maybe
      // one after; either way no run may be partial.
      const extraDelaysMs = [0, 5, 20, 80]
      const seen: Array<{ killedInTransaction: boolean; finished: boolean; stored: boolean }> = []
      for (const [attempt, extraDelayMs] of extraDelaysMs.entries()) {
        const attemptSeen = await killMidSave({
          spec: database.spec,
          attempt,
          extraDelayMs,
          writeInProgress: () => database.writeInProgress(),
        })
        const store = await database.open()
        try {
          for (let earlier = 0; earlier <= attempt; earlier++) {
            const runs = crashRuns(earlier)
            for (const results of runs.earlier) {
              expect((await store.getRun(results.run.id))?.results).toStrictEqual(results)
            }
            const stored = await store.getRun(runs.large.run.id)
            const where = `WHERE run_id = '${runs.large.run.id}'`
            const rows = [
              await count(database, `SELECT COUNT(*) AS n FROM outcomes ${where}`),
              await count(database, `SELECT COUNT(*) AS n FROM verdicts ${where}`),
            ]
            if (stored === undefined) {
              expect(rows).toEqual([0, 0])
            } else {
              expect(stored.results).toStrictEqual(runs.large)
              expect(rows).toEqual([largeRunTests, 2])
            }
            if (earlier === attempt) seen.push({ ...attemptSeen, stored: stored !== undefined })
          }
        } finally {
          await store.close()
        }
      }
      await annotate(
        seen
          .map(
            (attempt, index) =>
              `kill ${index + 1} (+${extraDelaysMs[index]} ms): ${attempt.killedInTransaction ? 'in the transaction' : 'outside it'}, run ${attempt.stored ? 'whole' : 'absent'}`,
          )
          .join('; '),
      )
      // At least one kill landed inside the open transaction, before its commit.
      expect(seen.some((attempt) => attempt.killedInTransaction && !attempt.stored)).toBe(true)
      // A run the child reported saved is stored.
      for (const attempt of seen) if (attempt.finished) expect(attempt.stored).toBe(true)
    })
  })
}
