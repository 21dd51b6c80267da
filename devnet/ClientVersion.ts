/**
 * What a node says it runs (`web3_clientVersion`, e.g. `anvil/v1.7.1`), or
 * undefined when it does not say within `timeoutMs`: a version is shown
 * where known, never waited for.
 */
export async function clientVersionOf(
  rpcUrl: string,
  timeoutMs = 1_000,
): Promise<string | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'web3_clientVersion', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const body = (await response.json()) as { result?: unknown }
    return typeof body.result === 'string' && body.result !== '' ? body.result : undefined
  } catch {
    return undefined
  }
}
