import { type RunEvent, SignalboxError } from '../../../core/index.js'
import { createLiveClassifier, type LiveClassifier } from './LiveClassifier.js'
import { type FindingClassified, liveCloseCodes } from './LiveMessage.js'
import { applyToSummary, type LiveRunSummary, startSummary } from './LiveRunState.js'

/**
 * Runs in progress, in memory: each is fed its run events by one source (a
 * CI job streaming to `/api/live/ingest`, or `signalbox run` in this process)
 * and watched by any number of viewers. Every message is serialized once and
 * kept for replay; a viewer gets the replay, then each new message as it is
 * published, and nothing else is done per viewer but the send. A run ends
 * with its `run-finished` event, or when its source goes away.
 */

/** What the hub needs of a viewer's socket (a `ws` WebSocket has it). */
export interface LiveViewer {
  send(message: string): void
  close(code?: number, reason?: string): void
  /** Bytes queued but not yet sent. */
  readonly bufferedAmount: number
}

/** A source fed the hub something it cannot take: the message says what. */
export class LiveFeedError extends SignalboxError {
  override name = 'LiveFeedError'
  /** The WebSocket close code that tells the source: 1008 (policy) unless the run id is taken. */
  readonly closeCode: number

  constructor(shortMessage: string, closeCode: number = 1008) {
    super(shortMessage)
    this.closeCode = closeCode
  }
}

export interface LiveHubOptions {
  /** Classifies failing tests as they finish. Default: by declared severity, else the default (no gates file). */
  classify?: LiveClassifier
  /** Most messages one live run keeps (and a source may send). Default: 100,000. */
  maxMessages?: number
  /** A viewer with more than this many bytes unsent is dropped, so that a slow one cannot hold the run in memory twice. Default: 64 MiB. */
  maxViewerBacklog?: number
  /** The clock, for `updatedAt`. Default: `new Date()`. */
  now?: () => Date
}

interface LiveRun {
  summary: LiveRunSummary
  /** Every message so far, serialized once. */
  messages: string[]
  viewers: Set<LiveViewer>
}

/** One source's stream of events into the hub: its first event must be `run-started`. */
export interface LiveFeed {
  /** The id of the run this feed carries, once it started. */
  readonly runId: string | undefined
  /**
   * Publishes one event to the run's viewers.
   *
   * @throws {LiveFeedError} for an event before `run-started`, a second run on one feed, a run id that is live already, an event after `run-finished`, or a run over the message limit.
   */
  publish(event: RunEvent): void
  /** Ends the run without `run-finished` (its source went away): viewers are told and closed. */
  abandon(reason?: string): void
}

/** The live runs of one dashboard. */
export class LiveHub {
  readonly #runs = new Map<string, LiveRun>()
  readonly #classify: LiveClassifier
  readonly #maxMessages: number
  readonly #maxViewerBacklog: number
  readonly #now: () => Date
  #defaultFeed: LiveFeed | undefined

  constructor(options: LiveHubOptions = {}) {
    this.#classify = options.classify ?? createLiveClassifier()
    this.#maxMessages = options.maxMessages ?? 100_000
    this.#maxViewerBacklog = options.maxViewerBacklog ?? 64 * 1024 * 1024
    this.#now = options.now ?? (() => new Date())
  }

  /** A new source of one run. */
  open(): LiveFeed {
    let run: LiveRun | undefined
    let ended = false
    const end = (code: number, reason: string) => {
      ended = true
      if (run !== undefined) this.#endRun(run, code, reason)
    }
    return {
      get runId() {
        return run?.summary.runId
      },
      publish: (event) => {
        if (ended) throw new LiveFeedError('the run has ended: no event comes after run-finished')
        if (run === undefined) {
          if (event.type !== 'run-started') {
            throw new LiveFeedError(`a live run starts with run-started, not ${event.type}`)
          }
          run = this.#startRun(event)
          return
        }
        if (event.type === 'run-started') {
          throw new LiveFeedError('this feed already carries a run: open another for the next one')
        }
        this.#broadcast(run, event)
        if (event.type === 'run-finished') end(1000, 'run finished')
      },
      abandon: (reason = 'the run stopped streaming before it finished') => {
        if (!ended) end(liveCloseCodes.abandoned, reason)
      },
    }
  }

  /**
   * Publishes an event of the run this process runs itself (`signalbox run`
   * with the dashboard in the same process): a `RunListener`. Each
   * `run-started` begins a new run on a feed of its own.
   */
  readonly publish = (event: RunEvent): void => {
    if (event.type === 'run-started' || this.#defaultFeed === undefined) {
      this.#defaultFeed?.abandon('a new run started in this process')
      this.#defaultFeed = this.open()
    }
    this.#defaultFeed.publish(event)
  }

  /**
   * Adds a viewer of the run `runId`: it is sent every message so far, then
   * each new one, and is closed when the run ends.
   *
   * @returns A function that removes the viewer, or undefined when the run is not live.
   */
  watch(runId: string, viewer: LiveViewer): (() => void) | undefined {
    const run = this.#runs.get(runId)
    if (run === undefined) return undefined
    for (const message of run.messages) viewer.send(message)
    run.viewers.add(viewer)
    return () => {
      run.viewers.delete(viewer)
    }
  }

  /** The live runs, newest first. */
  list(): LiveRunSummary[] {
    return [...this.#runs.values()]
      .map((run) => structuredClone(run.summary))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
  }

  /** Where the live run `runId` stands, or undefined when it is not live. */
  get(runId: string): LiveRunSummary | undefined {
    const run = this.#runs.get(runId)
    return run === undefined ? undefined : structuredClone(run.summary)
  }

  /** Ends every live run, as when the dashboard stops. */
  close(): void {
    for (const run of [...this.#runs.values()]) this.#endRun(run, 1001, 'the dashboard is stopping')
  }

  #startRun(event: Extract<RunEvent, { type: 'run-started' }>): LiveRun {
    if (this.#runs.has(event.runId)) {
      throw new LiveFeedError(`run ${event.runId} is live already`, liveCloseCodes.alreadyLive)
    }
    const run: LiveRun = {
      summary: startSummary(event, this.#now()),
      messages: [JSON.stringify(event)],
      viewers: new Set(),
    }
    this.#runs.set(event.runId, run)
    return run
  }

  #broadcast(run: LiveRun, event: RunEvent): void {
    this.#send(run, event)
    if (event.type === 'test-finished') {
      const classified = this.#classify(run.summary.gates, event.result)
      if (classified !== undefined) this.#send(run, classified)
    }
  }

  #endRun(run: LiveRun, code: number, reason: string): void {
    if (this.#runs.get(run.summary.runId) !== run) return
    this.#runs.delete(run.summary.runId)
    for (const viewer of run.viewers) viewer.close(code, reason)
    run.viewers.clear()
  }

  #send(run: LiveRun, message: RunEvent | FindingClassified): void {
    if (run.messages.length >= this.#maxMessages) {
      throw new LiveFeedError(`a live run may send at most ${this.#maxMessages} messages`, 1009)
    }
    applyToSummary(run.summary, message, this.#now())
    const text = JSON.stringify(message)
    run.messages.push(text)
    for (const viewer of run.viewers) {
      if (viewer.bufferedAmount > this.#maxViewerBacklog) {
        run.viewers.delete(viewer)
        viewer.close(1013, 'too far behind: reload to catch up')
      } else viewer.send(text)
    }
  }
}
