import { randomUUID } from 'node:crypto'
import type {
  ContainerRuntimeClient,
  GenericContainer,
  StartedNetwork,
  StartedTestContainer,
  WaitStrategy as TestcontainersWait,
} from 'testcontainers'
import type { DevnetChain, DevnetDescriptor } from '../Descriptor.js'
import type { Devnet, DevnetBackend, StartOptions } from '../Devnet.js'
import { DevnetPackageMissingError, DevnetStartError } from '../DevnetError.js'
import {
  type DefinitionChain,
  type DevnetDefinition,
  defaultDefinitionPath,
  imageOf,
  loadDevnetDefinition,
  type WaitStrategy,
} from '../definition/DevnetDefinition.js'
import { lastLines, OutputTail, redactOutput } from '../Process.js'
import { announceStarted, announceStopped, type StartedThing } from '../Started.js'
import { deriveWallets } from '../Wallets.js'

export interface TestcontainersOptions {
  /** Path of a devnet definition (YAML). Default: the shipped `devnet/definitions/default.yaml`. */
  definitionFile?: string
  /** An already-loaded definition; wins over `definitionFile`. */
  definition?: DevnetDefinition
  /**
   * An image not present locally is pulled (`missing`), or the start fails
   * with a hint to build or set one (`never`). Default: `missing`.
   */
  pull?: 'missing' | 'never'
  /** Environment the anvil image is read from (`SIGNALBOX_ANVIL_IMAGE`). Default: `process.env`. */
  env?: NodeJS.ProcessEnv
}

/** Label on every container of one devnet (a random id per start), so a half-started devnet can be found and removed. */
export const devnetLabel = 'signalbox.devnet'
/** Label with the definition's name, to tell whose containers these are. */
export const devnetNameLabel = 'signalbox.devnet.name'

const outputKeepChars = 16 * 1024
/** After a timeout, how long pending container starts get to settle before their leftovers are removed. */
const abortGraceMs = 10_000

/**
 * A devnet in Docker containers, one per chain of a devnet definition, on a
 * Docker network of its own, started through testcontainers. RPC ports are
 * published on 127.0.0.1 only. If one container fails or the start times out,
 * every container of the devnet and its network are removed before the error
 * is thrown; `stop()` removes them too.
 *
 * testcontainers' reaper (Ryuk) is disabled unless `TESTCONTAINERS_RYUK_DISABLED`
 * is set otherwise: its image cannot be pulled everywhere, and signalbox stops
 * its containers itself. The caller must call `stop()`, also on SIGINT.
 */
export function testcontainersDevnet(options: TestcontainersOptions = {}): DevnetBackend {
  return {
    name: 'testcontainers',
    start: (startOptions) => startContainers(options, startOptions),
  }
}

async function startContainers(
  options: TestcontainersOptions,
  { timeoutMs }: StartOptions,
): Promise<Devnet> {
  const deadline = Date.now() + timeoutMs
  const env = options.env ?? process.env
  const definition =
    options.definition ??
    (await loadDevnetDefinition(options.definitionFile ?? defaultDefinitionPath()))

  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'
  const tc = await loadTestcontainers()
  const client = await connect(tc.getContainerRuntimeClient(), deadline, timeoutMs)
  const images = definition.chains.map((chain) => imageOf(chain, definition, env))
  await ensureImages(
    client,
    tc.ImageName,
    [...new Set(images)],
    options.pull ?? 'missing',
    deadline,
  )

  const devnetId = randomUUID().slice(0, 8)
  // Announced before anything exists, so that nothing of it can exist unannounced.
  let announced: StartedThing = { kind: 'containers', devnetId }
  announceStarted(announced)
  const creatingNetwork = new tc.Network().start()
  const network = await beforeDeadline(creatingNetwork, deadline, () => {
    // Should the network still come, it goes at once.
    creatingNetwork.then((late) => late.stop()).catch(() => {})
    return timedOut(definition, timeoutMs, 'while creating its Docker network')
  }).catch((error: unknown) => {
    announceStopped(announced)
    throw error
  })
  announced = { kind: 'containers', devnetId, networkId: network.getId() }
  announceStarted(announced)
  const outputs = definition.chains.map(() => new OutputTail(outputKeepChars))
  const createdIds: Array<string | undefined> = definition.chains.map(() => undefined)
  const started: StartedTestContainer[] = []
  let aborted = false

  const starting = definition.chains.map(async (chain, index) => {
    // A container that exits while testcontainers waits for it would only be
    // noticed after its timeouts; Docker says at once.
    let exitedEarly: ((error: Error) => void) | undefined
    const exited = new Promise<never>((_, reject) => {
      exitedEarly = reject
    })
    const onCreated = (id: string) => {
      createdIds[index] = id
      client.container.dockerode
        .getContainer(id)
        .wait({ condition: 'next-exit' })
        .then(
          (result: { StatusCode?: number }) =>
            exitedEarly?.(new Error(`it exited with code ${result.StatusCode}`)),
          () => {},
        )
    }
    const container = await Promise.race([
      buildContainer(tc, chain, images[index] as string, {
        devnetId,
        devnetName: definition.name,
        network,
        output: outputs[index] as OutputTail,
        startupTimeoutMs: Math.max(1, deadline - Date.now()),
        onCreated,
      }).start(),
      exited,
    ])
    // From here on an exit is the devnet being stopped.
    exitedEarly = undefined
    // A container that came up after the devnet was given up on is removed at once.
    if (aborted) {
      await container.stop().catch(() => {})
      throw new Error('started after the devnet was abandoned')
    }
    started.push(container)
    return container
  })

  const giveUp = async () => {
    aborted = true
    await Promise.allSettled(started.map((container) => container.stop()))
    await removeLabelled(client, devnetId)
    // A start still creating its container (pulling, say) would leave it
    // behind: give those a moment, then remove what they made.
    if (createdIds.some((id) => id === undefined)) {
      await beforeDeadline(
        Promise.allSettled(starting),
        Date.now() + abortGraceMs,
        () => undefined,
      ).catch(() => {})
      await removeLabelled(client, devnetId)
    }
    await network.stop().catch(() => {})
    announceStopped(announced)
  }

  let containers: StartedTestContainer[]
  try {
    containers = await beforeDeadline(allOrFirstFailure(starting), deadline, () =>
      timedOut(definition, timeoutMs),
    )
  } catch (error) {
    if (!(error instanceof ChainFailure)) {
      await giveUp()
      throw error
    }
    const chain = definition.chains[error.index] as DefinitionChain
    const id = createdIds[error.index]
    const output = outputs[error.index] as OutputTail
    // The log stream may not have delivered yet, or never attached: ask Docker before the container goes.
    const logs =
      output.text().trim() === '' && id ? await containerLogs(client, id) : output.lastLines()
    await giveUp()
    throw new DevnetStartError(
      `the ${chain.name} container (${images[error.index]}) did not start: ${messageOf(error.reason)}`,
      {
        details: `Last lines of its output:\n${redactOutput(logs, [definition.wallets.mnemonic])}`,
        hint: 'Check the chain’s image, entrypoint, command and wait strategy in the devnet definition.',
        cause: error.reason,
      },
    )
  }

  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled(containers.map((container) => container.stop()))
      await removeLabelled(client, devnetId)
      await network.stop().catch(() => {})
      announceStopped(announced)
    })()
    return stopping
  }
  return { descriptor: descriptorOf(definition, containers), stop }
}

function descriptorOf(
  definition: DevnetDefinition,
  containers: StartedTestContainer[],
): DevnetDescriptor {
  const chains: DevnetChain[] = definition.chains.map((chain, index) => {
    const container = containers[index] as StartedTestContainer
    const rpcUrl = `http://127.0.0.1:${container.getMappedPort(chain.rpcPort)}`
    return {
      name: chain.name,
      role: chain.role,
      chainId: chain.chainId,
      rpcUrl,
      nodes: [{ name: `${chain.name}-node`, rpcUrl }],
      ...(chain.blockTimeSeconds === undefined ? {} : { blockTimeSeconds: chain.blockTimeSeconds }),
    }
  })
  return {
    name: definition.name,
    backend: 'testcontainers',
    chains,
    wallets: deriveWallets(definition.wallets.mnemonic, definition.wallets.count),
  }
}

type Testcontainers = typeof import('testcontainers')

/**
 * testcontainers, loaded only when a testcontainers devnet starts: it is an
 * optional peer dependency, so that teams that use only the embedded devnet
 * do not install Docker clients. Not installed, it is an error saying so.
 */
export async function loadTestcontainers(
  load: () => Promise<Testcontainers> = () => import('testcontainers'),
): Promise<Testcontainers> {
  try {
    return await load()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const names = /['"]testcontainers['"]/.test(String((error as Error).message))
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && names) {
      throw new DevnetPackageMissingError(
        'the testcontainers devnet needs the testcontainers package, which is not installed',
        {
          hint: 'Install it beside signalbox: npm install -D testcontainers@^11 (an optional peer dependency: the embedded devnet does not need it).',
          cause: error,
        },
      )
    }
    throw error
  }
}

function buildContainer(
  tc: Testcontainers,
  chain: DefinitionChain,
  image: string,
  context: {
    devnetId: string
    devnetName: string
    network: StartedNetwork
    output: OutputTail
    startupTimeoutMs: number
    /** Called with the container's id once Docker has created it. */
    onCreated: (id: string) => void
  },
): GenericContainer {
  // Docker publishes ports on every interface unless told otherwise; a devnet
  // with funded well-known keys belongs on loopback.
  class LoopbackContainer extends tc.GenericContainer {
    protected override async beforeContainerCreated(): Promise<void> {
      for (const bindings of Object.values(this.hostConfig.PortBindings ?? {})) {
        for (const binding of bindings as Array<{ HostIp?: string }>) binding.HostIp = '127.0.0.1'
      }
    }

    protected override async containerCreated(id: string): Promise<void> {
      context.onCreated(id)
    }
  }
  let container = new LoopbackContainer(image)
    .withName(`signalbox-${context.devnetId}-${chain.name}`)
    .withLabels({
      [devnetLabel]: context.devnetId,
      [devnetNameLabel]: context.devnetName,
      'signalbox.chain': chain.name,
    })
    .withNetwork(context.network)
    .withNetworkAliases(chain.name)
    .withCommand(chain.command)
    .withEnvironment(chain.environment)
    .withExposedPorts(...new Set([chain.rpcPort, ...chain.ports]))
    .withWaitStrategy(waitStrategyOf(tc, chain.wait))
    .withStartupTimeout(context.startupTimeoutMs)
    .withLogConsumer((stream) => {
      stream.on('data', (chunk: Buffer | string) => context.output.push(String(chunk)))
      stream.on('error', () => {})
    })
  if (chain.entrypoint) container = container.withEntrypoint(chain.entrypoint)
  return container
}

function waitStrategyOf(tc: Testcontainers, wait: WaitStrategy): TestcontainersWait {
  switch (wait.type) {
    case 'log':
      return tc.Wait.forLogMessage(new RegExp(wait.pattern), wait.times)
    case 'http':
      return tc.Wait.forHttp(wait.path, wait.port)
        .withMethod(wait.method)
        .forStatusCode(wait.status)
    case 'ports':
      // testcontainers checks inside the container with a shell: images without one need another strategy.
      return tc.Wait.forListeningPorts()
    case 'healthcheck':
      return tc.Wait.forHealthCheck()
  }
}

async function connect(
  connecting: Promise<ContainerRuntimeClient>,
  deadline: number,
  timeoutMs: number,
): Promise<ContainerRuntimeClient> {
  try {
    return await beforeDeadline(
      connecting,
      deadline,
      () => new Error(`no answer within ${timeoutMs} ms`),
    )
  } catch (cause) {
    throw new DevnetStartError('Docker is not available: no Docker engine answered', {
      details: `testcontainers looked at DOCKER_HOST, ~/.testcontainers.properties, /var/run/docker.sock and the rootless sockets: ${messageOf(cause)}`,
      hint: 'Start a Docker engine (`sudo dockerd &`, or Docker Desktop) or point DOCKER_HOST at one; or use the embedded devnet (`--devnet embedded`), which needs no Docker.',
      cause,
    })
  }
}

async function ensureImages(
  client: ContainerRuntimeClient,
  imageName: Testcontainers['ImageName'],
  images: string[],
  pull: 'missing' | 'never',
  deadline: number,
): Promise<void> {
  await Promise.all(
    images.map(async (image) => {
      const name = imageName.fromString(image)
      if (await client.image.exists(name)) return
      const hint = `Build a local anvil image with \`devnet/docker/build-anvil-image.sh\` and set SIGNALBOX_ANVIL_IMAGE=signalbox/anvil:local, or name an image that is present (\`docker images\`).`
      if (pull === 'never') {
        throw new DevnetStartError(`image ${image} is not present locally (and pulling is off)`, {
          hint,
        })
      }
      try {
        await beforeDeadline(
          client.image.pull(name),
          deadline,
          () => new Error('the pull did not finish in time'),
        )
      } catch (cause) {
        throw new DevnetStartError(
          `image ${image} is not present locally and could not be pulled`,
          {
            details: messageOf(cause),
            hint,
            cause,
          },
        )
      }
    }),
  )
}

/** Which start failed first, and why. */
class ChainFailure extends Error {
  constructor(
    readonly index: number,
    readonly reason: unknown,
  ) {
    super(messageOf(reason))
  }
}

/** All values, or a ChainFailure as soon as one promise rejects (not after the others settle). */
function allOrFirstFailure<T>(promises: Promise<T>[]): Promise<T[]> {
  return Promise.all(
    promises.map((promise, index) =>
      promise.catch((reason: unknown) => Promise.reject(new ChainFailure(index, reason))),
    ),
  )
}

/** The last lines a container wrote, from Docker (stdout and stderr, demultiplexed). */
async function containerLogs(client: ContainerRuntimeClient, id: string): Promise<string> {
  try {
    const raw = (await client.container.dockerode
      .getContainer(id)
      .logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer
    // Without a TTY, Docker frames each chunk: 1 byte stream, 3 zero bytes, 4 bytes length.
    let text = ''
    for (let offset = 0; offset + 8 <= raw.length; ) {
      const length = raw.readUInt32BE(offset + 4)
      text += raw.subarray(offset + 8, offset + 8 + length).toString('utf8')
      offset += 8 + length
    }
    return lastLines(text)
  } catch {
    return '(no output)'
  }
}

/** Removes every container of the devnet, started or not: what a failed or abandoned start left behind. */
async function removeLabelled(client: ContainerRuntimeClient, devnetId: string): Promise<void> {
  const { dockerode } = client.container
  const leftovers = await dockerode
    .listContainers({ all: true, filters: { label: [`${devnetLabel}=${devnetId}`] } })
    .catch(() => [])
  await Promise.allSettled(
    leftovers.map((info) => dockerode.getContainer(info.Id).remove({ force: true, v: true })),
  )
}

/**
 * Removes what a devnet of this backend left behind when the process that
 * started it died: every container labelled with `devnetId`, then its network
 * (if `networkId` is given). Returns how many containers were removed; throws
 * when Docker cannot be reached.
 */
export async function removeLeftoverContainers(
  devnetId: string,
  networkId?: string,
): Promise<number> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'
  const tc = await loadTestcontainers()
  const client = await tc.getContainerRuntimeClient()
  const { dockerode } = client.container
  const leftovers = await dockerode.listContainers({
    all: true,
    filters: { label: [`${devnetLabel}=${devnetId}`] },
  })
  await removeLabelled(client, devnetId)
  if (networkId) {
    await dockerode
      .getNetwork(networkId)
      .remove()
      .catch((error: { statusCode?: number }) => {
        // Already gone is what was wanted.
        if (error.statusCode !== 404) throw error
      })
  }
  return leftovers.length
}

function timedOut(definition: DevnetDefinition, timeoutMs: number, when = ''): DevnetStartError {
  return new DevnetStartError(
    `devnet ${definition.name} did not start within ${timeoutMs} ms${when ? ` (${when})` : ''}`,
    { hint: 'A first start may pull images; raise the start timeout, or pull them beforehand.' },
  )
}

/** Resolves or rejects like `promise`, or rejects with `onTimeout()` once `deadline` (epoch ms) passes. */
function beforeDeadline<T>(
  promise: Promise<T>,
  deadline: number,
  onTimeout: () => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()))
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] ?? ''
}
