/**
 * `npm run bench`: every benchmark in bench/, one after the other, then one
 * table of every figure beside its target (met or not), written to
 * bench/results.json as well.
 *
 *   npm run bench [-- --quick]
 *
 * `--quick` runs fewer repetitions (for a look, not for the record). Needs
 * `npm run build` first, Docker with the local anvil image for the
 * testcontainers backend (.ci/docker-setup.sh), Chromium and PostgreSQL.
 * Exits 1 when a figure misses its target, 2 when a benchmark fails.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Table from 'cli-table3'
import { type Figure, figuresFileEnv, metTarget } from './figures.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const quick = process.argv.includes('--quick')

/** Each benchmark and its arguments, full and quick. */
const benches: Array<{ script: string; args: string[]; quickArgs: string[] }> = [
  {
    script: 'devnet.ts',
    args: [],
    quickArgs: ['--embedded', '3', '--testcontainers', '2', '--descriptor', '3'],
  },
  { script: 'startup.ts', args: [], quickArgs: ['--runs', '3'] },
  { script: 'ratio.ts', args: ['--runs', '21'], quickArgs: ['--runs', '1'] },
  { script: 'verdict.ts', args: [], quickArgs: [] },
  { script: 'reports.ts', args: [], quickArgs: [] },
  { script: 'history.ts', args: [], quickArgs: [] },
  { script: 'dashboard.ts', args: [], quickArgs: ['--runs', '200'] },
]

function runBench(script: string, args: string[], figuresFile: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'bench', script), ...args], {
    cwd: repo,
    env: { ...process.env, [figuresFileEnv]: figuresFile },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code ?? 2))
  })
}

const dir = await mkdtemp(join(tmpdir(), 'signalbox-bench-all-'))
const figuresFile = join(dir, 'figures.jsonl')
await writeFile(figuresFile, '')
const failed: string[] = []
const startedAt = new Date()
let figures: Array<Figure & { bench: string }>
try {
  for (const bench of benches) {
    console.log(`\n▶ bench/${bench.script}`)
    const code = await runBench(bench.script, quick ? bench.quickArgs : bench.args, figuresFile)
    // Exit 1 is a missed target (its figures say which); anything else is a broken benchmark.
    if (code !== 0 && code !== 1) failed.push(`bench/${bench.script} exited ${code}`)
  }
} finally {
  figures = (await readFile(figuresFile, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Figure & { bench: string })
  await rm(dir, { recursive: true, force: true })
}

const format = (figure: Figure) =>
  figure.unit === '×'
    ? `${figure.value.toFixed(2)}×`
    : `${figure.value.toFixed(figure.value < 10 ? 1 : 0)} ${figure.unit}`
const table = new Table({
  head: ['bench', 'figure', 'value', 'target', 'met', 'how'],
  style: { head: [], border: [] },
  wordWrap: true,
  colWidths: [11, 52, 10, 10, 5, 40],
})
for (const figure of figures) {
  const met = metTarget(figure)
  table.push([
    figure.bench,
    figure.name,
    format(figure),
    figure.target
      ? `${figure.target.inclusive ? '≤' : '<'} ${figure.target.max}${figure.unit === '×' ? '×' : ` ${figure.unit}`}`
      : '—',
    met === undefined ? '' : met ? 'yes' : 'NO',
    figure.method,
  ])
}
console.log(`\n${table.toString()}`)
for (const failure of failed) console.error(failure)

await writeFile(
  join(repo, 'bench', 'results.json'),
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      command: `npm run bench${quick ? ' -- --quick' : ''}`,
      node: process.version,
      figures: figures.map((figure) => ({ ...figure, met: metTarget(figure) ?? null })),
      failed,
    },
    null,
    2,
  )}\n`,
)
process.exitCode =
  failed.length > 0 ? 2 : figures.some((figure) => metTarget(figure) === false) ? 1 : 0
