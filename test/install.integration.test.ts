import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, realpath, rm, stat, utimes } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CliRun, readResults, repoRoot, runCli, scratchFolders, writeFiles } from './cli.js'
import { tokenSev2Id, tokenSuite } from './fixtures/teamSuites.js'

// Installing signalbox as a team would, with npm itself: slow by nature. The
// team's `npm ci` compiles better-sqlite3 from source (no prebuilt binary can
// be downloaded here): 3 to 6 minutes on this machine; the fresh clone's
// `npm install` runs tsc once (1 to 2 minutes) and once more for a stale build.

const execAsync = promisify(execFile)
const scratch = scratchFolders()
const packageJson = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string
}
const tarball = `signalbox-${packageJson.version}.tgz`

/** The environment without what the npm that started vitest set for its own scripts. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'),
  )
}

/** Runs npm or npx in `cwd`, to its end; the time it took. */
async function npm(
  command: 'npm' | 'npx',
  args: string[],
  cwd: string,
): Promise<CliRun & { ms: number }> {
  const started = performance.now()
  const run = await runCli(args, { cwd, executable: command, env: cleanEnv() })
  return { ...run, ms: Math.round(performance.now() - started) }
}

/** The modification time of every file under `dir`, by path. */
async function mtimes(dir: string): Promise<Map<string, number>> {
  const times = new Map<string, number>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    times.set(relative(dir, path), (await stat(path)).mtimeMs)
  }
  return times
}

/** npx's cache folder for a local package run as `npx <its bin>` (libnpmexec: a hash of the path). */
async function npxCacheDirOf(packageDir: string): Promise<string> {
  const { stdout } = await execAsync('npm', ['config', 'get', 'cache'], { env: cleanEnv() })
  const hash = createHash('sha512').update(packageDir).digest('hex').slice(0, 16)
  return join(stdout.trim(), '_npx', hash)
}

// vite is held at the version signalbox's own lock has: the registry reachable
// here does not serve vite 8.4's optional `napi-windows-process-start-time`,
// so npm writes a lock without it and `npm ci` refuses that lock (.ci/run uses
// `npm install` for the same reason). On the public registry this is not needed.
const lock = JSON.parse(await readFile(join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string }>
}
const viteVersion = lock.packages['node_modules/vite']?.version

const teamPackageJson = {
  name: 'team-payments',
  private: true,
  type: 'module',
  devDependencies: { signalbox: `file:../${tarball}`, viem: '^2.57.20' },
  ...(viteVersion ? { overrides: { vite: viteVersion } } : {}),
}

// The team's readiness file: alphanet's required checklist done and a mitigation
// for its SEV2 finding, so alphanet promotes.
const readinessFile = `version: 1
release: payments-rc-1
checklist:
  - { id: fma-started, title: FMA started, done: true }
  - { id: acceptance-coverage, title: Every new feature has acceptance tests, done: true }
mitigations:
  - { finding: "${tokenSev2Id}", plan: serve metadata from the indexer, owner: token-team, expires: "2099-12-31" }
`

describe('a clean team repo installs the packed tarball with npm ci', () => {
  let team: string
  let ci: CliRun & { ms: number }

  beforeAll(async () => {
    const folder = await scratch('team')
    const pack = await npm('npm', ['pack', '--pack-destination', folder], repoRoot)
    expect(pack.code, pack.stderr).toBe(0)
    team = join(folder, 'team')
    await writeFiles(team, {
      'package.json': `${JSON.stringify(teamPackageJson, null, 2)}\n`,
      ...tokenSuite,
      'rc-1.yaml': readinessFile,
      '.gitignore': 'node_modules/\n',
    })
    await execAsync('git', ['init', '-q'], { cwd: team })
    // The lock a team commits, then what CI does with it.
    const locked = await npm(
      'npm',
      ['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund'],
      team,
    )
    expect(locked.code, locked.stderr).toBe(0)
    ci = await npm('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], team)
    console.info(`install: npm pack ${pack.ms} ms, npm ci ${ci.ms} ms`)
  }, 900_000)

  test('npm ci installs signalbox and its bin from the lock; no testcontainers, nothing of signalbox built', async () => {
    expect(ci.code, ci.stderr).toBe(0)
    const installed = join(team, 'node_modules', 'signalbox')
    expect(existsSync(join(installed, 'dist', 'runner', 'cli', 'bin.js'))).toBe(true)
    expect(existsSync(join(team, 'node_modules', '.bin', 'signalbox'))).toBe(true)
    expect(existsSync(join(team, 'node_modules', 'testcontainers'))).toBe(false)
    // The tarball holds the build, not the sources it is built from.
    expect(existsSync(join(installed, 'core'))).toBe(false)
    expect(existsSync(join(installed, 'tsconfig.build.json'))).toBe(false)
    expect(`${ci.stdout}${ci.stderr}`).not.toContain('building dist')
    const lockText = await readFile(join(team, 'package-lock.json'), 'utf8')
    expect(lockText).toContain(`"signalbox": "file:../${tarball}"`)
  })

  test('npx signalbox runs the team suite on the embedded devnet; the readiness report follows its readiness file', async () => {
    const run = await npm(
      'npx',
      [
        'signalbox',
        'run',
        '--suites',
        'suites',
        '--gate',
        'alphanet',
        '--readiness',
        'rc-1.yaml',
        '--out',
        'out/alphanet',
      ],
      team,
    )
    expect(run.code, run.stderr).toBe(0)
    const results = await readResults(join(team, 'out', 'alphanet'))
    expect(results.run.devnet.backend).toBe('embedded')
    expect(results.tests.map((t) => [t.id, t.status]).sort()).toEqual([
      ['token/token.accept.ts > token > chain id is right', 'passed'],
      [tokenSev2Id, 'failed'],
    ])
    expect(results.verdicts.map((verdict) => [verdict.gate, verdict.decision])).toEqual([
      ['alphanet', 'promote'],
    ])
    const readiness = await readFile(join(team, 'out', 'alphanet', 'readiness.md'), 'utf8')
    expect(readiness).toContain('payments-rc-1')
    expect(readiness).toContain('metadata is cached')
    expect(readiness).toContain('serve metadata from the indexer')
    expect(readiness).toContain('token-team')
    expect(readiness).toContain('2099-12-31')
    expect(readiness).toContain('FMA started')
  })

  test('beside the shipped base suite, and filtered to one test with -t, the readiness file still matches', async () => {
    const both = ['--suites', 'suites', '--suites', 'signalbox:base']
    const judged = ['--gate', 'alphanet', '--readiness', 'rc-1.yaml']
    const beside = await npm(
      'npx',
      ['signalbox', 'run', ...both, ...judged, '--out', 'out/beside'],
      team,
    )
    expect(beside.code, beside.stderr).toBe(0)
    const all = await readResults(join(team, 'out', 'beside'))
    const base = all.tests.filter((t) => t.id.startsWith('base/'))
    // The shipped base suite as it is installed: every test of it, each passing.
    expect(base.length).toBeGreaterThanOrEqual(5)
    expect(base.filter((t) => t.status !== 'passed')).toEqual([])
    expect(all.tests.filter((t) => t.id.startsWith('token/')).map((t) => t.id)).toContain(
      tokenSev2Id,
    )
    // -t narrows the same two roots to the one SEV2 test; its id, and so the
    // mitigation the readiness file has for it, are the same as in the whole run.
    const one = await npm(
      'npx',
      ['signalbox', 'run', ...both, '-t', 'token metadata', ...judged, '--out', 'out/one'],
      team,
    )
    expect(one.code, one.stderr).toBe(0)
    const filtered = await readResults(join(team, 'out', 'one'))
    expect(filtered.tests.map((t) => [t.id, t.status])).toEqual([[tokenSev2Id, 'failed']])
    expect(filtered.verdicts.map((verdict) => [verdict.gate, verdict.decision])).toEqual([
      ['alphanet', 'promote'],
    ])
    const finding = filtered.verdicts[0]?.findings.find((f) => f.id === tokenSev2Id)
    expect(finding?.severity).toBe('SEV2')
    expect(finding?.mitigation?.plan).toBe('serve metadata from the indexer')
    const readiness = await readFile(join(team, 'out', 'one', 'readiness.md'), 'utf8')
    expect(readiness).toContain('serve metadata from the indexer')
  })

  test('.signalbox/ stays out of git by itself', async () => {
    expect(existsSync(join(team, '.signalbox', 'history.db'))).toBe(true)
    const { stdout } = await execAsync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: team,
    })
    expect(stdout).toContain('rc-1.yaml')
    expect(stdout).not.toContain('.signalbox')
  })

  test('--devnet testcontainers without testcontainers installed: exit 2, saying to install it', async () => {
    const run = await npm(
      'npx',
      ['signalbox', 'run', '--suites', 'suites', '--devnet', 'testcontainers', '--out', 'out/tc'],
      team,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      'the testcontainers devnet needs the testcontainers package, which is not installed',
    )
    expect(run.stderr).toContain('npm install -D testcontainers@^11')
  })

  test('npx signalbox resolves the installed bin (start-up measured)', async () => {
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      const version = await npm('npx', ['signalbox', '--version'], team)
      expect(version.stdout.trim()).toBe(packageJson.version)
      times.push(version.ms)
    }
    console.info(`team repo: npx signalbox --version ${times.join(', ')} ms`)
  })
})

describe('a fresh clone of signalbox', () => {
  let clone: string
  let install: CliRun & { ms: number }
  let npxCache: string

  beforeAll(async () => {
    clone = join(await scratch('clone'), 'signalbox')
    await execAsync('git', ['clone', '-q', repoRoot, clone])
    // node_modules copied from this checkout (better-sqlite3 compiled), then
    // npm install: it has nothing to fetch and runs prepare, which builds dist.
    await execAsync('cp', ['-a', await realpath(join(repoRoot, 'node_modules')), clone])
    install = await npm('npm', ['install', '--offline', '--no-audit', '--no-fund'], clone)
    npxCache = await npxCacheDirOf(await realpath(clone))
    await rm(npxCache, { recursive: true, force: true })
    console.info(`fresh clone: npm install ${install.ms} ms (with the build)`)
  }, 900_000)

  afterAll(async () => {
    if (npxCache) await rm(npxCache, { recursive: true, force: true })
  })

  test('npm install builds dist: it has not been built', () => {
    expect(install.code, install.stderr).toBe(0)
    expect(install.stderr).toContain('signalbox: building dist/ (dist/ has not been built)')
    expect(existsSync(join(clone, 'dist', 'runner', 'cli', 'bin.js'))).toBe(true)
  })

  test('the first npx signalbox after npm install rebuilds nothing', async () => {
    const before = await mtimes(join(clone, 'dist'))
    expect(existsSync(npxCache)).toBe(false)
    const first = await npm('npx', ['signalbox', '--version'], clone)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout.trim()).toBe(packageJson.version)
    // npx did link this folder into its cache, which is what runs prepare.
    expect(existsSync(npxCache)).toBe(true)
    expect(`${first.stdout}${first.stderr}`).not.toContain('building dist')
    expect(await mtimes(join(clone, 'dist'))).toEqual(before)
    const again = await npm('npx', ['signalbox', '--version'], clone)
    const direct = await npm(
      'npm',
      ['exec', '--', 'node', 'dist/runner/cli/bin.js', '--version'],
      clone,
    )
    console.info(
      `fresh clone: first npx signalbox --version ${first.ms} ms, second ${again.ms} ms, npm exec node ${direct.ms} ms`,
    )
  })

  test('a team installing the checkout from its path rebuilds nothing there', async () => {
    const before = await mtimes(join(clone, 'dist'))
    const team = join(clone, '..', 'path-team')
    await writeFiles(team, {
      'package.json': `${JSON.stringify({ name: 'path-team', private: true, devDependencies: { signalbox: `file:${clone}` } }, null, 2)}\n`,
    })
    // A source newer than the build: installed from elsewhere, dist still stays as built.
    const now = new Date()
    await utimes(join(clone, 'core', 'index.ts'), now, now)
    const installed = await npm('npm', ['install', '--offline', '--no-audit', '--no-fund'], team)
    expect(installed.code, installed.stderr).toBe(0)
    expect(`${installed.stdout}${installed.stderr}`).not.toContain('building dist')
    expect(await mtimes(join(clone, 'dist'))).toEqual(before)
    const version = await npm('npx', ['signalbox', '--version'], team)
    expect(version.stdout.trim()).toBe(packageJson.version)
  })

  test('in the checkout, a source newer than dist: prepare rebuilds it, and npx signalbox still runs', async () => {
    const builtAt = (await stat(join(clone, 'dist', 'runner', 'cli', 'bin.js'))).mtimeMs
    const later = new Date(builtAt + 60_000)
    await utimes(join(clone, 'core', 'index.ts'), later, later)
    const prepare = await npm('npm', ['run', 'prepare'], clone)
    expect(prepare.code, prepare.stderr).toBe(0)
    expect(prepare.stderr).toContain(
      'signalbox: building dist/ (core/index.ts is newer than dist/)',
    )
    expect((await stat(join(clone, 'dist', 'runner', 'cli', 'bin.js'))).mtimeMs).toBeGreaterThan(
      builtAt,
    )
    // npx linked this folder before the rebuild (its bin made executable then): the rebuilt bin
    // is executable too, so the README's `npx signalbox run` works after `npm test` rebuilds.
    const version = await npm('npx', ['signalbox', '--version'], clone)
    expect(version.code, version.stderr).toBe(0)
    expect(version.stdout.trim()).toBe(packageJson.version)
  })
})
