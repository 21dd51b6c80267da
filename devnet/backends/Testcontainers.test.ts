import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import { loadTestcontainers } from './Testcontainers.js'

// A module outside any node_modules tree: importing a package from it fails
// as it does in a team's repo that did not install the peer dependency. It
// runs in a plain Node process (with tsx for this module's sources): vitest's
// own resolver would find the package from the project's root instead.
const outside = mkdtempSync(join(tmpdir(), 'signalbox-no-testcontainers-'))
afterAll(() => rmSync(outside, { recursive: true, force: true }))

interface Failure {
  name: string
  exitCode?: number
  shortMessage?: string
  hint?: string
  code?: string
}

async function loadFromOutside(specifier: string): Promise<Failure> {
  const probe = join(outside, `${specifier.replace(/\W/g, '_')}.mjs`)
  writeFileSync(probe, `export const load = () => import(${JSON.stringify(specifier)})\n`)
  const script = `
    import { loadTestcontainers } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'Testcontainers.ts')).href)}
    const { load } = await import(${JSON.stringify(pathToFileURL(probe).href)})
    try {
      await loadTestcontainers(load)
      console.log(JSON.stringify({ name: 'loaded' }))
    } catch (error) {
      const { name, exitCode, shortMessage, hint, code } = error
      console.log(JSON.stringify({ name, exitCode, shortMessage, hint, code }))
    }`
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', script],
    { cwd: join(import.meta.dirname, '..', '..'), env: { ...process.env, NODE_PATH: '' } },
  )
  return JSON.parse(stdout) as Failure
}

// A Node process that loads this module's sources through tsx: seconds on a busy machine.
describe('loadTestcontainers', { timeout: 60_000 }, () => {
  test('loads testcontainers where it is installed', async () => {
    const tc = await loadTestcontainers()
    expect(typeof tc.GenericContainer).toBe('function')
  })

  test('testcontainers not installed: an error saying to install it, exit 2', async () => {
    const failure = await loadFromOutside('testcontainers')
    expect(failure.name).toBe('DevnetPackageMissingError')
    expect(failure.exitCode).toBe(2)
    expect(failure.shortMessage).toMatchInlineSnapshot(
      `"the testcontainers devnet needs the testcontainers package, which is not installed"`,
    )
    expect(failure.hint).toContain('npm install -D testcontainers@^11')
  })

  test('another missing package is not mistaken for testcontainers', async () => {
    const failure = await loadFromOutside('testcontainers-extra')
    expect(failure.name).toBe('Error')
    expect(failure.code).toBe('ERR_MODULE_NOT_FOUND')
  })
})
