// The conversation layer's public face: transport-free intent parsing and answers. Adapters
// (terminal, Slack, Teams) call `respond(text, asker, services)` and render the `Reply` — its
// `text`, facts, tables, buttons and menus — drawing each chart request with `chartSpec` and core's
// server renderer.
export { respond } from "./respond.ts";
export { parseIntent, MENU_OPTIONS, menuOptions, type ParseContext } from "./parse-intent.ts";
export { answer } from "./answer.ts";
export { answerFollow, OUTBOX_TARGET, type FollowIntent } from "./answer-follow.ts";
export { answerWriteBack, type WriteBackIntent } from "./answer-write-back.ts";
export { CARD_SNOOZE_DAYS, WRITE_BACK_ACTIONS } from "./write-back-views.ts";
export { actionWords } from "./action-words.ts";
export {
  alertFires,
  alertWords,
  changeReply,
  followFires,
  FOLLOW_MOVE_POINTS,
  type CustomerChange,
  type RiskMove,
} from "./follow-changes.ts";
export { warmSnapshot, warmSnapshotInSteps } from "./warm-snapshot.ts";
export {
  DEFAULT_LIST,
  MAX_LIST,
  MAX_EXPORT,
  type ChangesSince,
  type CompareSide,
  type ExportList,
  type CustomerFilter,
  type Intent,
  type IntentKind,
  type RankBy,
} from "./intent.ts";
export type {
  Asker,
  AskerIdentity,
  ConversationServices,
  EarlierSnapshots,
} from "./conversation-services.ts";
export {
  createConfiguredTranslator,
  createQuestionTranslator,
  type QuestionTranslator,
  type Translation,
} from "./translate-question.ts";
export { exportList, type ExportedList } from "./export-list.ts";
export { checkIntent, translatedIntentSchema } from "./intent-schema.ts";
export {
  emptyReply,
  type MenuOption,
  type RankedCustomer,
  type Reply,
  type ReplyAction,
  type ReplyAudit,
  type ReplyDriver,
  type ReplyFact,
  type ReplyFile,
  type ReplyKind,
  type ReplyNudge,
  type ReplySection,
  type ReplyTable,
  type ReplyWhatIf,
} from "./reply.ts";
export {
  chartRequest,
  chartSpec,
  type ChartInput,
  type ChartRequest,
  type SegmentChartName,
} from "./chart-request.ts";
export { normalizeMessage } from "./normalize-message.ts";
export { closestIds, type ClosestId, type ClosestIdsOptions } from "./closest-ids.ts";
export { editDistance } from "./edit-distance.ts";
export { topAtRisk, filterCustomers, type TopAtRisk } from "./top-at-risk.ts";
export {
  CONVERSATION_COLUMNS,
  catalogFromContract,
  conversationCatalog,
  presetCatalog,
  type CatalogValue,
  type ConversationCatalog,
  type ConversationColumn,
} from "./conversation-catalog.ts";
export { HELP_LINES, helpLines } from "./answer-help.ts";
