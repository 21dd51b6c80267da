/**
 * Hides secrets in text a process or CLI wrote before it goes into an error:
 * anvil prints its accounts' private keys and its mnemonic when it starts,
 * and a failed start shows the last lines of that output. Every 0x-prefixed
 * 32-byte hex string goes (block hashes too: an error's output tail can spare
 * them), and each of `secrets` (a mnemonic, say).
 */
export function redactOutput(text: string, secrets: readonly string[] = []): string {
  let redacted = text.replace(/0x[0-9a-fA-F]{64}(?![0-9a-fA-F])/g, '0x[redacted]')
  for (const secret of secrets) {
    if (secret) redacted = redacted.replaceAll(secret, '[redacted]')
  }
  return redacted
}
