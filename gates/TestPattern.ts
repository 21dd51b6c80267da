import { escapeRegex, testIdSeparator as titleSeparator } from '../core/index.js'
/**
 * Test patterns: how gates, severity rules and triage overrides name tests.
 *
 * A test id is `<file relative to the suites root> > <describe> > … > <test name>`.
 * A pattern is a test id with wildcards:
 *
 * - in the file part (before the first ` > `), `*` matches within one path
 *   segment (never a `/`), `?` one character but `/`;
 * - in the title part (after it), `*` matches within one title (never across
 *   ` > `), `?` any one character; test names may contain `/`;
 * - `**` matches anything, across segments; followed by `/` (or by ` > `) it
 *   may also match no segment at all, so a leading `**` then `/transfers.accept.ts`
 *   finds that file at any depth, the suites root included;
 * - a pattern that names a file or a describe block selects every test in it:
 *   `base/liveness.accept.ts` and `base/liveness.accept.ts > *` both select
 *   every test of that file;
 * - every other character is literal (no `[…]` or `{…}`).
 */

/**
 * Compiles a test pattern to a regular expression over test ids. Compile once
 * and reuse: runs hold thousands of tests.
 */
export function compileTestPattern(pattern: string): RegExp {
  const separatorAt = pattern.indexOf(titleSeparator)
  const filePart = separatorAt === -1 ? pattern : pattern.slice(0, separatorAt)
  const titlePart =
    separatorAt === -1 ? undefined : pattern.slice(separatorAt + titleSeparator.length)
  const file = translate(filePart, fileWildcards)
  const titles =
    titlePart === undefined
      ? ''
      : escapeRegex(titleSeparator) + translate(titlePart, titleWildcards)
  // The optional tail is what lets a pattern that names a file or a describe
  // block select everything inside it.
  return new RegExp(`^${file}${titles}(?:${escapeRegex(titleSeparator)}.*)?$`, 's')
}

interface Wildcards {
  /** What `**` followed by the separator becomes: it may match no segment at all. */
  anyDepthPrefix: { separator: string; regex: string }
  star: string
  question: string
}

const fileWildcards: Wildcards = {
  anyDepthPrefix: { separator: '/', regex: '(?:.*/)?' },
  star: '[^/]*',
  question: '[^/]',
}

const titleWildcards: Wildcards = {
  anyDepthPrefix: { separator: titleSeparator, regex: `(?:.*${escapeRegex(titleSeparator)})?` },
  star: `(?:(?!${escapeRegex(titleSeparator)}).)*`,
  question: '.',
}

function translate(part: string, wildcards: Wildcards): string {
  let regex = ''
  let index = 0
  while (index < part.length) {
    if (part.startsWith('**', index)) {
      const afterStars = index + 2
      const { separator } = wildcards.anyDepthPrefix
      if (part.startsWith(separator, afterStars)) {
        regex += wildcards.anyDepthPrefix.regex
        index = afterStars + separator.length
      } else {
        regex += '.*'
        index = afterStars
      }
    } else if (part[index] === '*') {
      regex += wildcards.star
      index += 1
    } else if (part[index] === '?') {
      regex += wildcards.question
      index += 1
    } else {
      regex += escapeRegex(part[index] ?? '')
      index += 1
    }
  }
  return regex
}
