// Scheduled churn digests: config, settings, the ledger, renderers (Markdown, Slack blocks, Teams
// card), destinations (outbox, Slack, Teams), one run (`runDigests`), the in-process scheduler and
// the server listener. The report itself is core's plain `DigestReport`.
export {
  readDigestConfig,
  parseDigestConfig,
  digestConfigSchema,
  DEFAULT_DIGESTS_FILE,
  DEFAULT_DIGEST_CONFIG,
  digestFileMissing,
  type DigestConfig,
  type DigestSchedule,
  type DestinationConfig,
} from "./digest-config.ts";
export {
  digestSettingsFrom,
  DigestSettingsError,
  DEFAULT_OUTBOX_DIR,
  DEFAULT_OLD_LEDGER_DIR,
  DEFAULT_LEASE_SECONDS,
  DEFAULT_START_DELAY_SECONDS,
  type DigestSettings,
} from "./digest-settings.ts";
export {
  slotKey,
  LedgerFenceError,
  type Ledger,
  type LedgerOwner,
  type Claim,
  type ClaimOutcome,
  type ClaimRecord,
  type ResultRecord,
  type DeliveredRecord,
  type DeliveryStatus,
  type FinishInput,
} from "./ledger.ts";
export { openStoreLedger, type StoreLedgerOptions } from "./store-ledger.ts";
export {
  importFileLedger,
  LedgerImportError,
  type FileLedgerImport,
  type FileLedgerImportOptions,
} from "./import-file-ledger.ts";
export {
  digestText,
  utcTime,
  money,
  type DigestText,
  type DigestSection,
  type TextTable,
} from "./digest-text.ts";
export { renderDigestMarkdown, type MarkdownChart } from "./render-markdown.ts";
export { renderDigestBlocks } from "./render-slack-blocks.ts";
export { renderDigestCard, type AdaptiveCard } from "./render-teams-card.ts";
export type { DigestDestination, DigestDelivery, Delivered } from "./digest-destination.ts";
export { outboxDestination } from "./outbox-destination.ts";
export { slackDestination, DIGEST_EVENT_TYPE } from "./slack-destination.ts";
export { teamsDestination, type TeamsSender } from "./teams-destination.ts";
export { bookOwners, ownerBook, type BookDigestReport, type DigestBook } from "./owner-book.ts";
export {
  ownerDestinations,
  ownerKey,
  ownerSlug,
  OwnerUnreachableError,
  type OwnerRoutes,
} from "./owner-destinations.ts";
export { ownerPlan, renderOwnerPlan, type OwnerPlanRow } from "./owner-plan.ts";
export {
  createDigestSources,
  type DigestSources,
  type CurrentSnapshot,
  type DigestSourcesOptions,
} from "./digest-sources.ts";
export { digestInputFor } from "./digest-input.ts";
export { runDigests, DigestSlotError, type DeliveryOutcome, type RunDigestsOptions } from "./run-digests.ts";
export { createDigestRunner, type DigestRunner, type DigestRunnerOptions } from "./digest-runner.ts";
export {
  startDigestScheduler,
  systemTimer,
  type DigestScheduler,
  type DigestSchedulerOptions,
  type DigestTimer,
} from "./digest-scheduler.ts";
export { digestListener, digestListenerFrom } from "./digest-listener.ts";
