import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { stringify } from 'yaml'
import {
  exitCodeOf,
  formatError,
  judgedDigestOf,
  Results,
  SignalboxError,
  sealResults,
} from '../core/index.js'
import {
  DevnetDefinition,
  DevnetDescriptor,
  defaultDefinitionPath,
  fromDevnetSdk,
  loadDescriptor,
  loadDevnetDefinition,
  toDevnetSdk,
} from '../devnet/index.js'
import { GatesFile, listGates, ReadinessFile, resolveGate } from '../gates/index.js'
import { type CliIo, main } from '../runner/cli/main.js'
import {
  loadGatesFile,
  loadReadinessFile,
  readJudgedResultsFile,
} from '../runner/files/InputFiles.js'
import { identityOf } from '../runner/process/ProcessIdentity.js'
import { repoRoot, scratchFolders } from './cli.js'
import {
  fixtureReadiness,
  fixtureResults,
  hostileResults,
  syntheticResults,
} from './fixtures/reports.js'

/**
 * Issue 11: thousands of generated and mutated input files — gates files,
 * readiness files, results files, devnet-sdk descriptors (as published and as
 * signalbox writes them) and devnet definitions — fed to their loaders, and
 * fewer of them through the CLI in-process. Every input is accepted, or
 * rejected with exit 2 and a message that names the file, with no stack trace
 * and no hang. The seed is random; a failure prints it (`FUZZ_SEED` replays it).
 */

const loaderRuns = Number(process.env.FUZZ_LOADER_RUNS ?? 800)
const cliRuns = Number(process.env.FUZZ_CLI_RUNS ?? 100)
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
/** A case slower than this is a hang as far as a person is concerned. */
const caseTimeLimitMs = 5_000

const tempDir = scratchFolders()
let root: string

beforeAll(async () => {
  root = await tempDir('fuzz')
  // Descriptors without a chain id make the loader ask the chain's RPC: answered here, never on the network.
  vi.stubGlobal('fetch', fakeRpc)
})

afterAll(() => {
  vi.unstubAllGlobals()
})

async function fakeRpc(input: string | URL | Request): Promise<Response> {
  const url = String(input instanceof Request ? input.url : input)
  // Some chains answer, some do not: both paths of the loader are taken.
  if (url.length % 2 === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
  const result = url.length % 3 === 0 ? 'not a number' : '0x385'
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: 1, result }), {
    headers: { 'content-type': 'application/json' },
  })
}

// ---------------------------------------------------------------- generation

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Values that have broken parsers before: wrong types, edges of numbers, odd strings, names of Object.prototype. */
const oddScalars: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  '',
  ' ',
  '\t\n',
  '0',
  '-1',
  '1e999',
  '9'.repeat(400),
  '0x',
  `0x${'0'.repeat(64)}`,
  `0x${'f'.repeat(64)}`,
  `0x${'F'.repeat(40)}`,
  '0'.repeat(64),
  'ff'.repeat(32),
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '*',
  '**',
  '***/**',
  '[',
  '(?<',
  '(a+)+$',
  '\\',
  '💥',
  'a\u0000b',
  '\u202eevil',
  '\uD800',
  'ü'.repeat(100),
  '2025-02-30',
  '2025-07-01',
  '9999-12-31',
  '0000-00-00',
  'SEV0',
  'SEV1',
  'SEV2',
  'SEV3',
  'SEV4',
  'promote',
  'block',
  'error',
  'open',
  'resolved',
  'passed',
  'failed',
  'skipped',
  'timedOut',
  'mitigation-required',
  'allow',
  'exclude',
  'l1',
  'l2',
  'http',
  'javascript',
  'localhost',
  '127.0.0.1',
  '::1',
  'host name',
  'http://user:pass@127.0.0.1:8545',
  'https://example.org',
  'pr',
  'alphanet',
  'betanet',
  'testnet',
]

const oddKeys = [
  '__proto__',
  'constructor',
  'toString',
  '',
  ' ',
  'extra',
  'version',
  'id',
  'name',
  'gates',
  'inherits',
  'policy',
  'l1',
  'l2',
  'nodes',
  'services',
  'el',
  'wallets',
  'private_key',
  'judged',
  'tests',
  'run',
  '💥',
  'a.b',
  '0',
]

/** A value deeper than any file needs. */
function nested(depth: number, leaf: Json, asList: boolean): Json {
  let value = leaf
  for (let level = 0; level < depth; level++) value = asList ? [value] : { a: value }
  return value
}

const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...oddScalars) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.integer() },
  {
    weight: 1,
    arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 20, max: 3_000 }), fc.boolean())
      .map(([depth, asList]) => nested(depth, 1, asList)),
  },
)

/** One structural edit of a document, at the node `at` picks (modulo the node count). */
type Edit =
  | { op: 'delete'; at: number }
  | { op: 'replace'; at: number; value: Json }
  | { op: 'insert'; at: number; key: string; value: Json }
  | { op: 'retype'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'wrap'; at: number; depth: number; asList: boolean }

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: weirdValue }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...oddKeys), fc.string({ maxLength: 12 })),
    value: weirdValue,
  }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('wrap' as const),
    at: fc.nat(),
    depth: fc.integer({ min: 1, max: 3 }),
    asList: fc.boolean(),
  }),
)

type Path = Array<string | number>

function nodesOf(value: Json): Path[] {
  const paths: Path[] = []
  const pending: Array<[Json, Path]> = [[value, []]]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, path] = next
    paths.push(path)
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) pending.push([item, [...path, index]])
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) pending.push([item, [...path, key]])
    }
  }
  return paths
}

function depthOf(value: Json): number {
  let deepest = 0
  let level: Json[] = [value]
  while (level.length > 0) {
    deepest++
    level = level.flatMap((node) =>
      node !== null && typeof node === 'object' ? Object.values(node) : [],
    )
  }
  return deepest
}

/** Sets an own property, even one named `__proto__`. */
function setOwn(target: Json[] | { [key: string]: Json }, key: string | number, value: Json) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

function retyped(value: Json): Json {
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [index, item]))
  if (value === null) return {}
  if (typeof value === 'object') return Object.values(value)
  if (typeof value === 'string') return Number(value) || value.length
  if (typeof value === 'number') return String(value)
  return value ? 1 : 'false'
}

/** `document` with the edits applied, in order; the document itself is not changed. */
function applyEdits(document: Json, edits: readonly Edit[]): Json {
  let current = structuredClone(document)
  for (const change of edits) {
    // Deep enough to be refused (see maxYamlNesting); deeper would overflow this test's own stack.
    if (depthOf(current) > 300) break
    const nodes = nodesOf(current)
    const path = nodes[change.at % nodes.length] as Path
    const parentPath = path.slice(0, -1)
    const key = path.at(-1)
    const parent = parentPath.reduce<Json>(
      (node, step) => (node as Record<string | number, Json>)[step] as Json,
      current,
    ) as Json[] | { [key: string]: Json }
    const node = key === undefined ? current : (parent as Record<string | number, Json>)[key]
    const replace = (value: Json) => {
      if (key === undefined) current = value
      else setOwn(parent, key, value)
    }
    switch (change.op) {
      case 'delete':
        if (key === undefined) current = null
        else if (Array.isArray(parent)) parent.splice(key as number, 1)
        else delete (parent as Record<string, Json>)[key]
        break
      case 'replace':
        replace(change.value)
        break
      case 'insert':
        if (Array.isArray(node)) node.splice(change.key.length % (node.length + 1), 0, change.value)
        else if (node !== null && typeof node === 'object') setOwn(node, change.key, change.value)
        else replace(change.value)
        break
      case 'retype':
        replace(retyped(node as Json))
        break
      case 'duplicate':
        if (Array.isArray(parent) && typeof key === 'number')
          parent.splice(key, 0, structuredClone(node as Json))
        else replace([node as Json, structuredClone(node as Json)])
        break
      case 'wrap':
        replace(nested(change.depth, node as Json, change.asList))
        break
    }
  }
  return current
}

/** Edits of the text itself, after the document is written out. */
type TextEdit =
  | { op: 'truncate'; at: number }
  | { op: 'bytes'; at: number; bytes: Uint8Array }
  | { op: 'snippet'; at: number; snippet: string }
  | { op: 'cut'; at: number; length: number }

const yamlSnippets = [
  '\n',
  '\t',
  ':',
  ': ',
  '- ',
  '#',
  '&a ',
  '*a',
  '*missing',
  '<<: *a\n',
  '!!binary ',
  '!custom ',
  '!!str ',
  '!!int ',
  '? [a, b]\n: c\n',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '|',
  '>',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '\u0000',
  '\uFEFF',
  '\r\n',
  '1e999',
  'version: 1\n',
  'version: 1\nversion: 1\n',
  '.nan',
  '.inf',
  '0x1F',
  '0o17',
  '~',
]

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('bytes' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({
    op: fc.constant('snippet' as const),
    at: fc.nat(),
    snippet: fc.constantFrom(...yamlSnippets),
  }),
  fc.record({
    op: fc.constant('cut' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
)

function applyTextEdits(text: Buffer, edits: readonly TextEdit[]): Buffer {
  let bytes = text
  for (const change of edits) {
    const at = change.at % (bytes.length + 1)
    if (change.op === 'truncate') bytes = bytes.subarray(0, at)
    else if (change.op === 'cut')
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + change.length)])
    else {
      const inserted =
        change.op === 'bytes' ? Buffer.from(change.bytes) : Buffer.from(change.snippet, 'utf8')
      bytes = Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)])
    }
  }
  return bytes
}

/** A whole file that is not an edited example at all. */
type Special =
  | { kind: 'empty' }
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'text'; text: string }
  | { kind: 'directory' }
  | { kind: 'missing' }
  | { kind: 'deep'; depth: number; open: string }
  | { kind: 'aliasBomb'; levels: number; width: number }
  | { kind: 'selfAlias' }
  | { kind: 'hugeNumber'; digits: number }

const special: fc.Arbitrary<Special> = fc.oneof(
  fc.constant({ kind: 'empty' as const }),
  fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 2_000 }) }),
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.string({ unit: 'binary', maxLength: 200 }),
  }),
  fc.constant({ kind: 'directory' as const }),
  fc.constant({ kind: 'missing' as const }),
  fc.record({
    kind: fc.constant('deep' as const),
    depth: fc.integer({ min: 100, max: 20_000 }),
    open: fc.constantFrom('[', '{"a":', '{a: ', '- '),
  }),
  fc.record({
    kind: fc.constant('aliasBomb' as const),
    levels: fc.integer({ min: 2, max: 12 }),
    width: fc.integer({ min: 2, max: 10 }),
  }),
  fc.constant({ kind: 'selfAlias' as const }),
  fc.record({
    kind: fc.constant('hugeNumber' as const),
    digits: fc.integer({ min: 310, max: 100_000 }),
  }),
)

function specialText(file: Special): Buffer {
  switch (file.kind) {
    case 'empty':
    case 'directory':
    case 'missing':
      return Buffer.alloc(0)
    case 'random':
      return Buffer.from(file.bytes)
    case 'text':
      return Buffer.from(file.text, 'utf8')
    case 'deep':
      // Indented block sequences nest by indentation; the others by brackets.
      return Buffer.from(
        file.open === '- '
          ? Array.from(
              { length: Math.min(file.depth, 1_000) },
              (_, level) => `${' '.repeat(level)}-`,
            ).join('\n')
          : file.open.repeat(file.depth),
      )
    case 'aliasBomb': {
      const lines = ['a0: &a0 [lol]']
      for (let level = 1; level < file.levels; level++) {
        const aliases = Array.from({ length: file.width }, () => `*a${level - 1}`).join(', ')
        lines.push(`a${level}: &a${level} [${aliases}]`)
      }
      lines.push(`version: *a${file.levels - 1}`)
      return Buffer.from(lines.join('\n'))
    }
    case 'selfAlias':
      return Buffer.from('version: &v\n  - *v\n')
    case 'hugeNumber':
      return Buffer.from(`version: ${'9'.repeat(file.digits)}\n`)
  }
}

/** One input file to try: an edited example (as JSON or YAML, then maybe its text edited), or something else entirely. */
type Case =
  | {
      from: 'example'
      example: number
      edits: Edit[]
      format: 'json' | 'yaml'
      text: TextEdit[]
      reseal: boolean
    }
  | { from: 'special'; file: Special }

function cases(exampleCount: number, formats: Array<'json' | 'yaml'>): fc.Arbitrary<Case> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        from: fc.constant('example' as const),
        example: fc.nat({ max: exampleCount - 1 }),
        // Unedited examples too: the loaders must accept what the repository ships.
        edits: fc.array(edit, { maxLength: 4 }),
        format: fc.constantFrom(...formats),
        text: fc.oneof(
          { weight: 4, arbitrary: fc.constant<TextEdit[]>([]) },
          { weight: 1, arbitrary: fc.array(textEdit, { minLength: 1, maxLength: 3 }) },
        ),
        reseal: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.record({ from: fc.constant('special' as const), file: special }) },
  )
}

const fileNames = ['input', 'my input', 'dir/in put-ü']

/** Writes the case's file in `cwd`; returns its path relative to `cwd`. */
async function writeCase(
  kind: Kind,
  testCase: Case,
  cwd: string,
  counter: number,
): Promise<string> {
  const base = `${fileNames[counter % fileNames.length]}-${counter}${kind.extension}`
  const path = join(cwd, base)
  await mkdir(join(path, '..'), { recursive: true })
  if (testCase.from === 'special') {
    if (testCase.file.kind === 'directory') await mkdir(path, { recursive: true })
    else if (testCase.file.kind !== 'missing') await writeFile(path, specialText(testCase.file))
    return base
  }
  const example = kind.examples[testCase.example] as Json
  let document = applyEdits(example, testCase.edits)
  if (testCase.reseal) document = kind.reseal?.(document) ?? document
  // yaml's writer recurses once per level: very deep documents are written as JSON, which is YAML too.
  const asYaml = testCase.format === 'yaml' && depthOf(document) < 100
  const text = asYaml
    ? stringify(document, { aliasDuplicateObjects: false })
    : JSON.stringify(document, null, 2)
  await writeFile(path, applyTextEdits(Buffer.from(text ?? '', 'utf8'), testCase.text))
  return base
}

// ---------------------------------------------------------------- the kinds of input

interface Kind {
  name: string
  extension: string
  formats: Array<'json' | 'yaml'>
  examples: Json[]
  /** Loads the file as signalbox does, and checks what it returns; throws what the loader throws. */
  load: (file: string, cwd: string) => Promise<void>
  /** Recomputes what an edit spoils on purpose (the results' digest), so edited documents can still be accepted. */
  reseal?: (document: Json) => Json
  /** What the CLI command does with the file, where that is less than `load`: `gates list` resolves no inheritance. */
  cliLoad?: (file: string, cwd: string) => Promise<void>
  /** A command line that reads the file, and the files it needs besides; none where only a running devnet reads it. */
  cli?: (file: string, cwd: string) => Promise<string[]>
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Json

async function readJsonFile(path: string): Promise<Json> {
  return JSON.parse(await readFile(join(repoRoot, path), 'utf8')) as Json
}

async function readYamlFile(path: string): Promise<Json> {
  const { parse } = await import('yaml')
  return parse(await readFile(path, 'utf8')) as Json
}

const sdkFixtures = [
  'devnet/fixtures/devnet-sdk/book-descriptors.json',
  'devnet/fixtures/devnet-sdk/devnet-sdk-shell-env-test.json',
  'devnet/fixtures/devnet-sdk/kurtosis-devnet-book-std-output.json',
  'devnet/fixtures/devnet-sdk/kurtosis-devnet-readme.json',
]

async function kinds(): Promise<Kind[]> {
  const shippedGates = await readYamlFile(join(repoRoot, 'gates/gates.yaml'))
  const sdkExamples = await Promise.all(sdkFixtures.map(readJsonFile))
  // As `devnet up` writes a held devnet's descriptor.json: ours, in devnet-sdk's shape.
  const written = sdkExamples.flatMap((document) => {
    try {
      return [json(toDevnetSdk(fromDevnetSdk(document, { learnedChainIds: { 'l1.id': 900 } })))]
    } catch {
      return []
    }
  })
  const ownShape = written.map((document) => json(fromDevnetSdk(document)))
  // Sealed as signalbox writes them: the digest is of the results as the schema reads them.
  const resultsExamples = [fixtureResults(), hostileResults(), syntheticResults(4)].map((results) =>
    json(sealResults(Results.parse(json(results)))),
  )

  // As `devnet describe` (the CLI below) reads a held devnet's descriptor: only the chains
  // without an id ask their RPC. A run asks every chain's (DescriptorSource.test.ts).
  const loadDescriptorFile = async (file: string, cwd: string) => {
    const descriptor = await loadDescriptor(file, { cwd, timeoutMs: 1_000, everyRpc: false })
    expect(DevnetDescriptor.safeParse(descriptor).success).toBe(true)
  }
  const describeHeld = async (file: string, cwd: string) => {
    // `devnet describe` reads the held devnet's descriptor.json; this process stands in for its
    // holder, named by pid and start time as `devnet up` names its holder.
    const dir = join(cwd, '.signalbox', 'devnet')
    await mkdir(dir, { recursive: true })
    const state = {
      pid: process.pid,
      pidStartTime: identityOf(process.pid)?.startTime,
      spec: 'embedded',
      backend: 'embedded',
      startedAt: 'now',
    }
    await writeFile(join(dir, 'state.json'), JSON.stringify(state))
    await rm(join(dir, 'descriptor.json'), { recursive: true, force: true })
    const { rename } = await import('node:fs/promises')
    await rename(join(cwd, file), join(dir, 'descriptor.json')).catch(() => {})
    return ['devnet', 'describe']
  }

  return [
    {
      name: 'gates file',
      extension: '.yaml',
      formats: ['yaml', 'json'],
      examples: [shippedGates],
      load: async (file, cwd) => {
        const gates = await loadGatesFile(file, cwd)
        expect(GatesFile.safeParse(gates.file).success).toBe(true)
        // What run, verdict and explain do with it next: list it and resolve every gate.
        listGates(gates.file)
        for (const name of Object.keys(gates.file.gates))
          resolveGate(gates.file, name, { fileName: gates.fileName })
      },
      cliLoad: async (file, cwd) => {
        await loadGatesFile(file, cwd)
      },
      cli: async (file) => ['gates', 'list', '--gates-file', file],
    },
    {
      name: 'readiness file',
      extension: '.yaml',
      formats: ['yaml', 'json'],
      examples: [json(fixtureReadiness()), { version: 1, release: 'v1.5.0-rc.1' }],
      load: async (file, cwd) => {
        const readiness = await loadReadinessFile(file, cwd)
        expect(ReadinessFile.safeParse(readiness).success).toBe(true)
      },
      cli: async (file, cwd) => {
        await writeFile(join(cwd, 'results.json'), JSON.stringify(resultsExamples[0]))
        return [
          'verdict',
          'results.json',
          '--gate',
          'pr',
          '--readiness',
          file,
          '--now',
          '2025-06-15',
        ]
      },
    },
    {
      name: 'results file',
      extension: '.json',
      formats: ['json', 'yaml'],
      examples: resultsExamples,
      reseal: (document) => {
        if (document === null || typeof document !== 'object' || Array.isArray(document))
          return document
        const parsed = Results.safeParse(document)
        return parsed.success ? { ...document, judged: judgedDigestOf(parsed.data) } : document
      },
      load: async (file, cwd) => {
        const results = await readJudgedResultsFile(file, cwd, {
          allowEdited: false,
          warn: () => {},
        })
        expect(Results.safeParse(results).success).toBe(true)
      },
      cli: async (file) => ['verdict', file, '--gate', 'pr', '--now', '2025-06-15'],
    },
    {
      name: 'devnet-sdk descriptor',
      extension: '.json',
      formats: ['json'],
      examples: sdkExamples,
      load: loadDescriptorFile,
      cli: describeHeld,
    },
    {
      name: 'descriptor signalbox writes',
      extension: '.json',
      formats: ['json'],
      // Our own shape is not a descriptor format signalbox reads: it must be refused, not crash.
      examples: [...written, ...ownShape],
      load: loadDescriptorFile,
      cli: describeHeld,
    },
    {
      name: 'devnet definition',
      extension: '.yaml',
      formats: ['yaml', 'json'],
      examples: [await readYamlFile(defaultDefinitionPath())],
      load: async (file, cwd) => {
        const definition = await loadDevnetDefinition(join(cwd, file))
        expect(DevnetDefinition.safeParse(definition).success).toBe(true)
      },
    },
  ]
}

// ---------------------------------------------------------------- the properties

type Outcome = 'accepted' | 'rejected'

/** A stack trace line, as Node prints them. */
const stackLine = /^\s+at .+/m

/**
 * Runs `load`; accepted, or rejected as a person should see it: a
 * SignalboxError with exit 2 whose text names the file, without a stack.
 */
async function judgeLoad(load: () => Promise<void>, file: string): Promise<Outcome> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${caseTimeLimitMs} ms`)),
      caseTimeLimitMs,
    )
  })
  try {
    await Promise.race([load(), hang])
    return 'accepted'
  } catch (error) {
    const text = formatError(error)
    if (!(error instanceof SignalboxError)) throw new Error(`not a SignalboxError:\n${text}`)
    expect(exitCodeOf(error), text).toBe(2)
    expect(text, 'the message names the file').toContain(file)
    expect(text).not.toMatch(stackLine)
    return 'rejected'
  } finally {
    clearTimeout(timer)
    expect(performance.now() - started, `${file} took too long`).toBeLessThan(caseTimeLimitMs)
  }
}

function fakeIo(cwd: string) {
  const stdout: string[] = []
  const stderr: string[] = []
  const io: CliIo = {
    cwd,
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
  }
  return { io, stdout, stderr }
}

const counts = new Map<string, Record<Outcome, number>>()

function count(name: string, outcome: Outcome) {
  const tally = counts.get(name) ?? { accepted: 0, rejected: 0 }
  tally[outcome]++
  counts.set(name, tally)
}

afterAll(() => {
  for (const [name, tally] of counts)
    console.log(
      `fuzz ${name}: ${tally.accepted + tally.rejected} cases, ${tally.accepted} accepted, ${tally.rejected} rejected`,
    )
})

/**
 * Reports a failure by its seed and error, not its counterexample: fast-check
 * prints that recursively, and a deeply nested one overflows the stack.
 */
function reporter(details: fc.RunDetails<[Case]>): void {
  if (!details.failed) return
  const error = details.errorInstance
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)
  throw new Error(
    `property failed (seed ${details.seed}, path "${details.counterexamplePath}"): ${text.slice(0, 4_000)}`,
  )
}

const allKinds = await kinds()
let counter = 0

describe.each(allKinds)('$name', (kind) => {
  test('the loader accepts each input or rejects it with exit 2, naming the file, without a stack or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(cases(kind.examples.length, kind.formats), async (testCase) => {
        const cwd = root
        const file = await writeCase(kind, testCase, cwd, ++counter)
        const outcome = await judgeLoad(() => kind.load(file, cwd), file)
        count(`${kind.name} (loader)`, outcome)
        await rm(join(cwd, file), { recursive: true, force: true })
      }),
      { numRuns: loaderRuns, reporter, ...(seed === undefined ? {} : { seed }) },
    )
    const tally = counts.get(`${kind.name} (loader)`)
    expect(tally?.accepted, 'some inputs are accepted').toBeGreaterThan(0)
    expect(tally?.rejected, 'some inputs are rejected').toBeGreaterThan(0)
  })

  test.skipIf(!kind.cli)(
    'the CLI exits 0, 1 or 2 as the loader decided; on 2 stderr names the file, without a stack',
    async () => {
      await fc.assert(
        fc.asyncProperty(cases(kind.examples.length, kind.formats), async (testCase) => {
          const cwd = join(root, `cli-${++counter}`)
          await mkdir(cwd, { recursive: true })
          const file = await writeCase(kind, testCase, cwd, counter)
          const loaded = await judgeLoad(() => (kind.cliLoad ?? kind.load)(file, cwd), file)
          const argv = await (kind.cli as NonNullable<Kind['cli']>)(file, cwd)
          const { io, stdout, stderr } = fakeIo(cwd)
          const code = await main(argv, io)
          const errors = stderr.join('\n')
          const context = `${argv.join(' ')} → ${code}\n${errors}\n${stdout.join('\n').slice(0, 2_000)}`
          expect([0, 1, 2], context).toContain(code)
          expect(errors, context).not.toMatch(stackLine)
          expect(errors, context).not.toContain('internal error')
          if (loaded === 'rejected') {
            expect(code, context).toBe(2)
            // `devnet describe` names the held descriptor's own path.
            expect(errors, context).toContain(argv[0] === 'devnet' ? 'descriptor.json' : file)
          } else {
            // An accepted file may still be judged an error (no tests selected, say), but not refused.
            expect(errors, context).not.toMatch(/^error:/m)
          }
          count(`${kind.name} (CLI)`, loaded)
          await rm(cwd, { recursive: true, force: true })
        }),
        { numRuns: cliRuns, reporter, ...(seed === undefined ? {} : { seed }) },
      )
      const tally = counts.get(`${kind.name} (CLI)`)
      expect(tally?.accepted, 'some inputs are accepted').toBeGreaterThan(0)
      expect(tally?.rejected, 'some inputs are rejected').toBeGreaterThan(0)
    },
  )
})
