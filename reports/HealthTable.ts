import Table from 'cli-table3'
import type { HealthCheck } from '../core/index.js'

/** Health checks as a terminal table: check, chain, node, ok, detail. */
export function renderHealthTable(checks: readonly HealthCheck[]): string {
  const table = new Table({
    head: ['check', 'chain', 'node', 'ok', 'detail'],
    // No colour: cli-table3 would colour heads and borders on a TTY on its own.
    style: { head: [], border: [] },
  })
  for (const check of checks)
    table.push([check.check, check.chain, check.node ?? '', check.ok ? 'yes' : 'NO', check.detail])
  return table.toString()
}
