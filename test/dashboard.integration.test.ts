import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { cliPath, readResults, runCli, scratchFolders } from './cli.js'
import { tokenSuite } from './fixtures/teamSuites.js'

const scratch = scratchFolders()
const servers: ChildProcess[] = []
afterAll(() => {
  for (const server of servers) server.kill('SIGKILL')
})

/** `signalbox serve --port 0` in `cwd`, until it prints where it listens. */
async function serve(
  cwd: string,
): Promise<{ url: string; stop: () => Promise<{ code: number | null; stdout: string }> }> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  servers.push(child)
  let stdout = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      const match = /dashboard: (http:\/\/\S+)/.exec(stdout)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stdout}`)))
  })
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve({ code, stdout }))
        child.kill('SIGTERM')
      }),
  }
}

async function token(cwd: string, scope: string): Promise<string> {
  const made = await runCli(['token', 'create', '--name', `ci-${scope}`, '--scope', scope], { cwd })
  expect(made.code, made.stderr).toBe(0)
  expect(made.stderr).toContain('shown once')
  return made.stdout.trim()
}

describe('signalbox serve, push, signoff and run --dashboard', () => {
  test('a run saved here is on the dashboard at once; serve stops on SIGTERM', async () => {
    const cwd = await scratch('serve', tokenSuite)
    const ran = await runCli(['run', '--out', 'out'], { cwd })
    expect(ran.code).toBe(0)
    const { run } = await readResults(join(cwd, 'out'))

    const server = await serve(cwd)
    const page = await fetch(server.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(run.id)
    const api = (await (await fetch(new URL('/api/runs', server.url))).json()) as {
      runs: Array<{ id: string }>
    }
    expect(api.runs.map((stored) => stored.id)).toEqual([run.id])
    const stopped = await server.stop()
    expect(stopped.code).toBe(0)
    expect(stopped.stdout).toContain('dashboard stopped')
  })

  test('CI pushes a run with a token, streams another live, and Platforms signs off a promoting gate', async () => {
    const ci = await scratch('ci', tokenSuite)
    const platforms = await scratch('platforms')
    const pushToken = await token(platforms, 'push')
    const signoffToken = await token(platforms, 'signoff')
    const server = await serve(platforms)

    // 1. A run in CI, pushed afterwards.
    expect((await runCli(['run', '--gate', 'pr,alphanet', '--out', 'out'], { cwd: ci })).code).toBe(
      1,
    )
    const { run } = await readResults(join(ci, 'out'))
    const refused = await runCli(['push', 'out/results.json', '--to', server.url], {
      cwd: ci,
      env: { SIGNALBOX_TOKEN: 'sbx_not-a-token' },
    })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('refused: HTTP 401')
    expect(refused.stderr).not.toContain('sbx_not-a-token')
    const pushed = await runCli(['push', 'out/results.json', '--to', server.url], {
      cwd: ci,
      env: { SIGNALBOX_TOKEN: pushToken },
    })
    expect(pushed.code, pushed.stderr).toBe(0)
    expect(pushed.stdout).toContain(`pushed run ${run.id}`)

    // 2. A run streamed live: when it finishes, the dashboard has saved it.
    const live = await runCli(['run', '--out', 'live', '--dashboard', server.url], {
      cwd: ci,
      env: { SIGNALBOX_TOKEN: pushToken },
    })
    expect(live.code, live.stderr).toBe(0)
    expect(live.stderr).not.toContain('warning')
    const liveRun = (await readResults(join(ci, 'live'))).run
    const stored = (await (await fetch(new URL(`/api/runs/${liveRun.id}`, server.url))).json()) as {
      results: { run: { id: string } }
      meta: { source: string }
    }
    expect(stored.results.run.id).toBe(liveRun.id)

    // 3. Sign-off: pr promoted (SEV2 allowed), alphanet blocked (unmitigated SEV2).
    const signoff = (gate: string, tokenValue: string) =>
      runCli(['signoff', run.id, '--gate', gate, '--by', 'platforms-oncall', '--to', server.url], {
        cwd: platforms,
        env: { SIGNALBOX_TOKEN: tokenValue },
      })
    expect((await signoff('pr', pushToken)).code).toBe(2)
    const blocked = await signoff('alphanet', signoffToken)
    expect(blocked.code).toBe(2)
    const signed = await signoff('pr', signoffToken)
    expect(signed.code, signed.stderr).toBe(0)
    expect(signed.stdout).toContain(
      `signed off: run ${run.id}, gate pr, by platforms-oncall (sha256:`,
    )
    await server.stop()
  })

  test('signoff without a dashboard: in the store here, only for a promoting verdict', async () => {
    const cwd = await scratch('local-signoff', tokenSuite)
    await runCli(['run', '--gate', 'pr,alphanet', '--out', 'out'], { cwd })
    const { run } = await readResults(join(cwd, 'out'))
    const signoff = (gate: string) =>
      runCli(['signoff', run.id, '--gate', gate, '--by', 'alice'], { cwd })
    const refused = await signoff('alphanet')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('did not promote')
    const signed = await signoff('pr')
    expect(signed.code, signed.stderr).toBe(0)
    const unknown = await runCli(['signoff', 'no-such-run', '--gate', 'pr', '--by', 'alice'], {
      cwd,
    })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no run no-such-run')
  })
})
