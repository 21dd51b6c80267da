import { fileURLToPath } from 'node:url'

// Running from the sources (the project's own tests) or from dist (the CLI).
const fromSources = import.meta.url.endsWith('.ts')
const packageRoot = new URL(fromSources ? '../..' : '../../..', import.meta.url)

/** A file of the signalbox package, by its path from the package root. */
export function packagePath(path: string): string {
  return fileURLToPath(new URL(path, `${packageRoot.href}/`))
}

/** The authoring kit, for suites that import `signalbox/suite`. */
export function kitEntryPath(): string {
  return packagePath(fromSources ? 'suites/kit/index.ts' : 'dist/suites/kit/index.js')
}

/** The gates signalbox ships. */
export function shippedGatesPath(): string {
  return packagePath('gates/gates.yaml')
}

/** The script that holds a devnet for `signalbox devnet up`. */
export function devnetHolderPath(): string {
  return packagePath(
    fromSources ? 'runner/held/DevnetHolder.ts' : 'dist/runner/held/DevnetHolder.js',
  )
}
