/**
 * The test identity, a public contract: `<file relative to the suites root> >
 * <describe> > … > <test name>`. Stable across runs: the key for history,
 * mitigations, triage and quarantine. Built and taken apart only here.
 */

/** What separates the file and the titles in a test id. */
export const testIdSeparator = ' > '

/** A test's id from its file (relative to the suites root, forward slashes), describe blocks and name. */
export function testIdOf(file: string, suitePath: readonly string[], name: string): string {
  return [file, ...suitePath, name].join(testIdSeparator)
}

/** A test id taken apart: its file, then its describe blocks and name. */
export function parseTestId(id: string): { file: string; titles: string[] } {
  const [file = id, ...titles] = id.split(testIdSeparator)
  return { file, titles }
}

/** The feature a test belongs to: what it declares, else the first folder of its file under the suites root. */
export function featureOf(file: string, declared?: string): string {
  if (declared) return declared
  const [first, ...rest] = file.split('/')
  if (rest.length > 0 && first) return first
  // A file at the root of the suites folder is a feature of its own.
  return (first ?? file).replace(/\.accept\.[cm]?[jt]s$/, '')
}
