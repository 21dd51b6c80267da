#!/usr/bin/env node

// The one place that ends the process. Ctrl-C or SIGTERM interrupts the run
// (the devnet is stopped, the verdict is `error`); a second one exits at once.
const controller = new AbortController()
const interrupt = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) process.exit(130)
  process.stderr.write(`\n${signal}: interrupting (again to exit at once)\n`)
  controller.abort(new Error(`interrupted by ${signal}`))
}
process.on('SIGINT', interrupt)
process.on('SIGTERM', interrupt)

// Loaded after the handlers are in place, so that a signal during start-up is handled too.
const { main } = await import('./main.js')
const exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  stderrRaw: (text) => process.stderr.write(text),
  signal: controller.signal,
  env: process.env,
  tty: process.stderr.isTTY === true,
  // Since the process started: what the person waited for, not only the run.
  elapsedMs: () => performance.now(),
  ownsProcess: true,
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
})
process.exit(exitCode)
