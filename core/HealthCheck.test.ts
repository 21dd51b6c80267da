import { expect, test } from 'vitest'
import { healthFindingId } from './HealthCheck.js'

test('a failed check is known by health:<chain>:<check>, then the node where it names one', () => {
  expect(healthFindingId({ chain: 'l1', check: 'head-advancing' })).toBe('health:l1:head-advancing')
  expect(healthFindingId({ chain: 'op', check: 'rpc-reachable', node: 'op-geth-1' })).toBe(
    'health:op:rpc-reachable:op-geth-1',
  )
})
