/**
 * The child of the crash test (`CrashTest.ts`): saves an attempt's earlier
 * runs into the store `SIGNALBOX_CRASH_STORE` names, says `saving large run`,
 * saves the large run (being killed meanwhile, if the test is quick enough),
 * then says `saved large run`.
 */
import { openHistoryStore } from '../HistoryStoreSpec.js'
import { crashRuns } from './CrashTest.js'

const spec = process.env.SIGNALBOX_CRASH_STORE
const attempt = Number(process.env.SIGNALBOX_CRASH_ATTEMPT ?? 0)
if (!spec) throw new Error('SIGNALBOX_CRASH_STORE names no store')
const { earlier, large } = crashRuns(attempt)
const store = await openHistoryStore(spec, process.cwd())
try {
  for (const results of earlier) await store.saveRun(results, { source: 'local' })
  process.stdout.write('saving large run\n')
  await store.saveRun(large, { source: 'local' })
  process.stdout.write('saved large run\n')
} finally {
  await store.close()
}
