export { type DashboardOptions, dashboardApp } from './app.js'
export { createLiveClassifier, type LiveClassifier } from './live/LiveClassifier.js'
export {
  type LiveFeed,
  LiveFeedError,
  LiveHub,
  type LiveHubOptions,
  type LiveViewer,
} from './live/LiveHub.js'
export {
  FindingClassified,
  LiveMessage,
  liveCloseCodes,
  RunSaved,
} from './live/LiveMessage.js'
export { LiveRunSummary } from './live/LiveRunState.js'
export { PushBody } from './RunPush.js'
export { SignoffBody } from './routes/signoffs.js'
