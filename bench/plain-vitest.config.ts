import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Plain vitest over the shipped suites (or the folder $SIGNALBOX_BENCH_SUITES
// names), configured as signalbox configures it (same pool, workers, kit),
// against a devnet that is already up: the baseline bench/ratio.ts compares
// `signalbox run` with.
export default defineConfig({
  root: process.env.SIGNALBOX_BENCH_SUITES ?? fileURLToPath(new URL('../suites', import.meta.url)),
  // bench/ratio.ts gives each run a cache of its own (vitest orders files by cached durations).
  ...(process.env.SIGNALBOX_BENCH_CACHE ? { cacheDir: process.env.SIGNALBOX_BENCH_CACHE } : {}),
  resolve: {
    alias: {
      'signalbox/suite': fileURLToPath(new URL('../dist/suites/kit/index.js', import.meta.url)),
    },
  },
  test: {
    include: ['**/*.accept.{ts,js,mts,mjs}'],
    pool: 'threads',
    maxWorkers: 4,
    testTimeout: 60_000,
    globalSetup: [fileURLToPath(new URL('./plain-vitest.setup.ts', import.meta.url))],
  },
})
