import { describe, expect, test } from 'vitest'
import { parseGatesFile } from './GatesFile.js'
import { surprisingSelections } from './SelectionWarnings.js'

const file = parseGatesFile(
  {
    version: 1,
    gates: {
      everything: { description: 'all', exclude: { features: ['load'] } },
      bridge: { description: 'b', inherits: 'everything', include: { features: ['bridge'] } },
      'bridge-rc': {
        description: 'rc',
        inherits: 'bridge',
        include: { features: ['bridge', 'deposits', 'load'], tests: ['base/transfers.accept.ts'] },
      },
      'bridge-rc-final': { description: 'f', inherits: 'bridge-rc' },
      'own-exclude': {
        description: 'o',
        include: { tests: ['fees/**'] },
        exclude: { tests: ['fees/**'] },
      },
      narrower: { description: 'n', inherits: 'bridge', exclude: { features: ['bridge'] } },
    },
  },
  'ci/gates.yaml',
)

describe('surprisingSelections', () => {
  test('a child’s include entry its parent already includes, and one an ancestor excludes', () => {
    expect(surprisingSelections(file, 'bridge-rc', 'ci/gates.yaml')).toEqual([
      {
        gate: 'bridge-rc',
        source: 'gates.bridge-rc.include.features[0]',
        message:
          'ci/gates.yaml: gates.bridge-rc.include.features[0] (feature "bridge") adds nothing: gates.bridge.include.features[0] already takes it in, and a child\'s include only adds to its parent\'s (it cannot narrow it; use exclude)',
      },
      {
        gate: 'bridge-rc',
        source: 'gates.bridge-rc.include.features[2]',
        message:
          'ci/gates.yaml: gates.bridge-rc.include.features[2] (feature "load") takes in nothing: gates.everything.exclude.features[0] leaves it out, and exclude wins over include',
      },
    ])
  })

  test('a gate is told of its ancestors’ entries too: they shape its selection', () => {
    expect(surprisingSelections(file, 'bridge-rc-final').map((warning) => warning.source)).toEqual([
      'gates.bridge-rc.include.features[0]',
      'gates.bridge-rc.include.features[2]',
    ])
  })

  test('an include its own gate excludes', () => {
    expect(surprisingSelections(file, 'own-exclude').map((warning) => warning.source)).toEqual([
      'gates.own-exclude.include.tests[0]',
    ])
  })

  test('nothing for includes that count, or a child excluding what its parent includes', () => {
    expect(surprisingSelections(file, 'bridge')).toEqual([])
    expect(surprisingSelections(file, 'everything')).toEqual([])
    expect(surprisingSelections(file, 'narrower')).toEqual([])
  })
})
