import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import semver from 'semver'
import { describe, expect, test } from 'vitest'
import { repoRoot } from './cli.js'

/** The oldest Node.js signalbox supports (package.json `engines`). */
const oldestNode = '20.19.0'

/** Installed packages whose `engines.node` leaves `version` out, as `name@version range`. */
function excluding(
  packages: ReadonlyArray<{ name: string; version: string; engines?: { node?: string } }>,
  version: string,
): string[] {
  return packages
    .filter((pkg) => pkg.engines?.node && !semver.satisfies(version, pkg.engines.node))
    .map((pkg) => `${pkg.name}@${pkg.version} ${pkg.engines?.node}`)
}

async function installedPackages() {
  // Every package of the installed tree, dependencies of dependencies included.
  const { stdout } = await promisify(execFile)('npm', ['ls', '--all', '--parseable'], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  })
  const folders = stdout.trim().split('\n').slice(1)
  return Promise.all(
    folders.map(async (folder) => JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'))),
  )
}

describe('Node.js 20.19', () => {
  test('signalbox itself says it runs on Node.js 20.19 and later', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'))
    expect(pkg.engines.node).toBe('>=20.19')
  })

  test('no installed dependency excludes it in its engines (fastify 5 pulls light-my-request, held at 6.6)', async () => {
    const packages = await installedPackages()
    expect(packages.length).toBeGreaterThan(100)
    expect(excluding(packages, oldestNode)).toEqual([])
    // The releases this guards against: light-my-request ≥ 6.8 needs cookie 2, which needs Node 22.
    const lightMyRequest = packages.find((pkg) => pkg.name === 'light-my-request')
    expect(semver.lt(lightMyRequest.version, '6.8.0')).toBe(true)
  })

  test('the check catches a dependency that needs Node 22', () => {
    expect(
      excluding([{ name: 'cookie', version: '2.0.0', engines: { node: '>=22' } }], oldestNode),
    ).toEqual(['cookie@2.0.0 >=22'])
  })
})
