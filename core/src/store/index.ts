// The store area's public face: the state server replicas share (digest claims, Slack de-duplication,
// rate limits, cooldowns, Teams conversations), in PostgreSQL or the embedded PGlite.
export { openStore, DEFAULT_STORE_DIR, type Store, type StoreOptions } from "./open-store.ts";
export { StoreError, type StoreErrorCode } from "./store-error.ts";
export type { Row, SqlClient, SqlExecutor } from "./sql-client.ts";
export type { RateDecision } from "./rate-buckets.ts";
export { storeCooldowns } from "./nudge-cooldowns.ts";
export { nudgeDecisionLog, type NudgeDecision, type NudgeDecisionLog } from "./nudge-decisions.ts";
export {
  nudgeExposure,
  nudgeExposureLog,
  readExposures,
  storeExposures,
  type ExposureStore,
  type NudgeExposure,
  type NudgeExposureLog,
  type StoredExposure,
} from "./nudge-exposures.ts";
export {
  storeFollows,
  type AlertKind,
  type Follower,
  type FollowerRef,
  type FollowStore,
  type StoredAlert,
  type StoredFollow,
} from "./follows.ts";
export {
  storeSegmentFollows,
  type SegmentFollowStore,
  type SegmentOwner,
  type SegmentViewer,
  type SegmentWatchKind,
  type SegmentWatchSpec,
  type StoredSegmentWatch,
} from "./segment-follows.ts";
export {
  storeCustomerActions,
  MAX_ACTION_NOTE_LENGTH,
  MAX_SNOOZE_DAYS,
  type ActionActor,
  type CustomerActionKind,
  type CustomerActionStore,
  type NewCustomerAction,
  type StoredCustomerAction,
} from "./customer-actions.ts";
export { MIGRATIONS, migrate, type Migration } from "./migrations.ts";
export type { EmbeddedHolder } from "./embedded-holder.ts";
