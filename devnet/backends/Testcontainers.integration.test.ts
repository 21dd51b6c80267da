import { execFile, execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DevnetStartError } from '../DevnetError.js'
import {
  type DevnetDefinition,
  defaultDefinitionPath,
  loadDevnetDefinition,
} from '../definition/DevnetDefinition.js'
import { devnetLabel, devnetNameLabel, testcontainersDevnet } from './Testcontainers.js'

/**
 * These tests need a running Docker engine (`.ci/docker-setup.sh` starts
 * one) and the local anvil image, which they build with
 * `devnet/docker/build-anvil-image.sh` when it is missing: no image is pulled
 * from anywhere.
 */
const localImage = process.env.SIGNALBOX_ANVIL_IMAGE || 'signalbox/anvil:local'
const env = { ...process.env, SIGNALBOX_ANVIL_IMAGE: localImage }
const run = promisify(execFile)

async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args)).stdout.trim()
}

/** Containers of any signalbox devnet, or of the one named, running or not. */
async function leftovers(name?: string): Promise<string> {
  const filter = name ? `label=${devnetNameLabel}=${name}` : `label=${devnetLabel}`
  return docker('ps', '--all', '--filter', filter, '--format', '{{.Names}} {{.Status}}')
}

async function networks(): Promise<string[]> {
  return (await docker('network', 'ls', '--format', '{{.Name}}')).split('\n').sort()
}

async function chainId(rpcUrl: string): Promise<number> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
  })
  return Number(((await response.json()) as { result: string }).result)
}

let defaults: DevnetDefinition
beforeAll(async () => {
  // Built from the anvil binary in node_modules when missing: no registry is needed.
  await docker('image', 'inspect', localImage).catch(() =>
    run(fileURLToPath(new URL('../docker/build-anvil-image.sh', import.meta.url)), [localImage]),
  )
  defaults = await loadDevnetDefinition(defaultDefinitionPath())
})

/** The default definition under another name, with changes to its chains. */
function variant(
  name: string,
  change: (chains: DevnetDefinition['chains']) => DevnetDefinition['chains'],
) {
  return { ...defaults, name, chains: change(structuredClone(defaults.chains)) }
}

describe('testcontainers backend', () => {
  test('starts the default definition (local image): both chains answer with their chain ids; stop leaves nothing', async () => {
    const networksBefore = await networks()
    const devnet = await testcontainersDevnet({ env, pull: 'never' }).start({ timeoutMs: 60_000 })
    try {
      expect(devnet.descriptor).toMatchObject({
        name: 'default',
        backend: 'testcontainers',
        chains: [
          { name: 'l1', role: 'l1', chainId: 900, blockTimeSeconds: 1 },
          { name: 'l2', role: 'l2', chainId: 901, blockTimeSeconds: 0.5 },
        ],
      })
      expect(devnet.descriptor.wallets).toHaveLength(20)
      for (const chain of devnet.descriptor.chains) {
        expect(chain.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
        expect(await chainId(chain.rpcUrl)).toBe(chain.chainId)
      }
      // Published on loopback only, and both containers share a network of their own.
      const ports = await docker(
        'ps',
        '--filter',
        `label=${devnetNameLabel}=default`,
        '--format',
        '{{.Ports}}',
      )
      expect(ports.split('\n')).toEqual([
        expect.stringMatching(/^127\.0\.0\.1:\d+->8545\/tcp$/),
        expect.stringMatching(/^127\.0\.0\.1:\d+->8545\/tcp$/),
      ])
      expect((await networks()).length).toBe(networksBefore.length + 1)
    } finally {
      await devnet.stop()
    }
    expect(await leftovers('default')).toBe('')
    expect(await networks()).toEqual(networksBefore)
    await devnet.stop()
  })

  test('one container failing: the others and the network are removed, and the error shows its output', async () => {
    const networksBefore = await networks()
    const definition = variant('one-fails', ([l1, l2]) => [
      l1 as DevnetDefinition['chains'][number],
      { ...(l2 as DevnetDefinition['chains'][number]), command: ['--no-such-flag'] },
    ])
    const error = await testcontainersDevnet({ definition, env, pull: 'never' })
      .start({ timeoutMs: 60_000 })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    const { shortMessage, details, exitCode } = error as DevnetStartError
    expect(shortMessage).toMatch(/^the l2 container \(signalbox\/anvil:local\) did not start: /)
    expect(details).toContain("unexpected argument '--no-such-flag'")
    expect(exitCode).toBe(2)
    expect(await leftovers('one-fails')).toBe('')
    expect(await networks()).toEqual(networksBefore)
  })

  test('a start that times out removes what it started', async () => {
    const networksBefore = await networks()
    const definition = variant('times-out', (chains) =>
      chains.map((chain) => ({
        ...chain,
        wait: { type: 'log', pattern: 'a line anvil never prints', times: 1 },
      })),
    )
    const started = performance.now()
    const error = await testcontainersDevnet({ definition, env, pull: 'never' })
      .start({ timeoutMs: 2_000 })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    expect(String(error)).toMatch(/did not start/)
    expect(performance.now() - started).toBeLessThan(15_000)
    expect(await leftovers('times-out')).toBe('')
    expect(await networks()).toEqual(networksBefore)
  })

  test('an image that is not present, with pulling off: says so and how to build one', async () => {
    const definition = variant('no-image', (chains) =>
      chains.map((chain) => ({ ...chain, image: 'signalbox/not-built:never' })),
    )
    const error = await testcontainersDevnet({ definition, env, pull: 'never' })
      .start({ timeoutMs: 10_000 })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DevnetStartError)
    expect((error as DevnetStartError).shortMessage).toBe(
      'image signalbox/not-built:never is not present locally (and pulling is off)',
    )
    expect((error as DevnetStartError).hint).toContain('devnet/docker/build-anvil-image.sh')
  })
})

/** Whether this process may hide the Docker socket in a private mount namespace (root, with unshare). */
function canHideDockerSocket(): boolean {
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount --bind /dev/null /var/run/docker.sock'], {
      stdio: 'ignore',
    })
    return true
  } catch {
    return false
  }
}

describe('testcontainers backend without Docker', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signalbox-nodocker-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  // The engine is really out of reach: a child process in its own mount
  // namespace, where the socket is /dev/null and DOCKER_HOST is unset.
  test.skipIf(!canHideDockerSocket())(
    'no Docker engine: a DevnetStartError that says so, with a hint, exit 2',
    async () => {
      const module = fileURLToPath(new URL('./Testcontainers.ts', import.meta.url))
      const script = join(dir, 'start.mts')
      await writeFile(
        script,
        `import { testcontainersDevnet } from ${JSON.stringify(module)}
try {
  await testcontainersDevnet().start({ timeoutMs: 20_000 })
  console.log(JSON.stringify({ started: true }))
} catch (error) {
  console.log(JSON.stringify({ name: error.name, shortMessage: error.shortMessage, hint: error.hint, exitCode: error.exitCode }))
}
`,
      )
      const childEnv: NodeJS.ProcessEnv = { ...process.env }
      delete childEnv.DOCKER_HOST
      const { stdout } = await run(
        'unshare',
        [
          '-m',
          'sh',
          '-c',
          'mount --bind /dev/null /var/run/docker.sock && exec "$0" --import tsx "$1"',
          process.execPath,
          script,
        ],
        { env: childEnv, cwd: fileURLToPath(new URL('../..', import.meta.url)) },
      )
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
        name: 'DevnetStartError',
        shortMessage: 'Docker is not available: no Docker engine answered',
        hint: 'Start a Docker engine (`sudo dockerd &`, or Docker Desktop) or point DOCKER_HOST at one; or use the embedded devnet (`--devnet embedded`), which needs no Docker.',
        exitCode: 2,
      })
    },
  )
})
