import { defineConfig } from 'vitest/config'

// The project's own tests. Pure-core and unit tests run in `unit`; tests that
// start real devnets, containers, browsers or the CLI run in `integration`,
// with long timeouts. Acceptance suites (`*.accept.ts`) are not the project's
// tests: `signalbox run` runs them.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{core,devnet,gates,runner,reports,suites}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**', 'dist/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{core,devnet,gates,runner,reports,suites,test}/**/*.integration.test.ts'],
          exclude: ['**/node_modules/**', 'dist/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
