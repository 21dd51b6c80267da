#!/usr/bin/env node
// npm's `prepare` script: builds dist/ only when it is missing or older than
// the sources it is built from.
//
// npm runs `prepare` far more often than after a change: on `npm install` in
// this folder, but also whenever this folder is installed as a link — when a
// team runs `npm install ../signalbox`, and when `npx signalbox` runs in this
// folder (npm installs a package whose own package.json has the bin asked
// for into its npx cache, as a link to the folder, the first time). A plain
// `npm run build` there rebuilt dist (a minute or more) and, meanwhile, left
// any signalbox running from this folder without its dist.
//
// So: a folder that is installed from another folder (npm sets INIT_CWD to
// the folder npm was started in) keeps its dist as it is, if it has one; in
// this folder, dist is rebuilt only when a source is newer than it.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const bin = join(dist, 'runner', 'cli', 'bin.js')

/** Whether `inner` is `outer` or inside it (both real paths). */
function isWithin(inner, outer) {
  const path = relative(outer, inner)
  return path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path)
}

/** Every file under `dir` whose name passes `keep`, with its modification time. */
function* filesUnder(dir, keep) {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* filesUnder(path, keep)
    } else if (keep(entry.name)) {
      yield { path, mtimeMs: statSync(path).mtimeMs }
    }
  }
}

/**
 * Why dist must be built, or undefined when it is up to date: a TypeScript
 * file in a folder tsconfig.build.json compiles (tests included: rebuilding
 * once too often is cheap, a stale dist is not), or a tsconfig, newer than
 * the oldest JavaScript file in dist.
 */
function staleness() {
  if (!existsSync(bin)) return 'dist/ has not been built'
  let oldestOutput = Number.POSITIVE_INFINITY
  for (const file of filesUnder(dist, (name) => name.endsWith('.js'))) {
    oldestOutput = Math.min(oldestOutput, file.mtimeMs)
  }
  const config = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'))
  const inputs = [
    ...['tsconfig.json', 'tsconfig.build.json'].map((name) => ({
      path: join(root, name),
      mtimeMs: statSync(join(root, name)).mtimeMs,
    })),
    ...config.include.flatMap((folder) => [
      ...filesUnder(join(root, folder), (name) => name.endsWith('.ts')),
    ]),
  ]
  const newer = inputs.find((input) => input.mtimeMs > oldestOutput)
  return newer ? `${relative(root, newer.path)} is newer than dist/` : undefined
}

const startedIn = process.env.INIT_CWD ? realpathSync(process.env.INIT_CWD) : realpathSync(root)
const installedFromElsewhere = !isWithin(startedIn, realpathSync(root))

if (installedFromElsewhere && existsSync(bin)) {
  // A team installs this folder (a link): its dist is what they get, as built here.
  process.exit(0)
}
const reason = staleness()
if (reason === undefined) process.exit(0)

process.stderr.write(`signalbox: building dist/ (${reason})\n`)
const build = spawnSync('npm', ['run', 'build'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
process.exit(build.status ?? 1)
