// The nudges area's public face: the catalogue, the rule engine (default), the LLM engine with its
// fallback, experiment strategies, and event triggers with a cooldown.
export {
  NUDGE_CATEGORIES,
  NUDGE_CHANNELS,
  NUDGE_TRIGGERS,
  type Nudge,
  type NudgeCategory,
  type NudgeChannel,
  type NudgeContext,
  type NudgeEngine,
  type NudgeEngineName,
  type NudgeEvent,
  type NudgeReason,
  type NudgeTrigger,
} from "./nudge.ts";
export {
  nudgeFacts,
  type DriverFact,
  type ExplainedRisk,
  type NudgeFacts,
  type WhatIfFact,
} from "./nudge-facts.ts";
export type { NudgeAction, NudgeCondition } from "./nudge-action.ts";
export { NUDGE_CATALOGUE, PERSONA_FEATURES } from "./nudge-catalogue.ts";
export {
  DEFAULT_NUDGE_STRATEGIES,
  nudgeStrategyConfigSchema,
  parseNudgeStrategies,
  strategyFor,
  type NudgeStrategy,
  type NudgeStrategyConfig,
} from "./nudge-strategy.ts";
export { rankActions, MIN_TARGETED_SCORE, type RankedAction } from "./rank-actions.ts";
export { channelFor } from "./channel-for.ts";
export { MAX_MESSAGE_LENGTH } from "./assemble-nudge.ts";
export {
  chooseRuleNudge,
  createRuleNudgeEngine,
  planNudge,
  type NudgePlan,
  type RuleEngineOptions,
} from "./rule-nudge-engine.ts";
export { variantFor } from "./nudge-variant.ts";
export { isNoOtherNudge, NoOtherNudgeError } from "./no-other-nudge-error.ts";
export { contractNudgeKey } from "./contract-nudge-key.ts";
export { highRiskPlan } from "./high-risk-plan.ts";
export {
  createMemoryCooldownStore,
  type CooldownClaim,
  type CooldownEntry,
  type CooldownStore,
  type MemoryCooldownStore,
} from "./cooldown-store.ts";
export {
  createNudgeTriggers,
  DEFAULT_NUDGE_COOLDOWN_MS,
  type NudgeTriggerOptions,
  type NudgeTriggers,
  type TriggeredNudge,
} from "./nudge-trigger.ts";
// LLM nudges.
export {
  createChatClient,
  DEFAULT_LLM_BASE_URL,
  DEFAULT_LLM_MODEL,
  DEFAULT_LLM_TIMEOUT_MS,
  type ChatClient,
  type ChatClientOptions,
  type ChatMessage,
} from "./chat-client.ts";
export { LlmError, type LlmErrorCode } from "./llm-error.ts";
export { retryDelayMs, parseRetryAfter } from "./retry-delay.ts";
export {
  createCircuitBreaker,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from "./circuit-breaker.ts";
export { nudgePrompt, promptFacts, NUDGE_SYSTEM_PROMPT, type PromptFacts } from "./nudge-prompt.ts";
export {
  checkLlmAnswer,
  llmAnswerSchema,
  numbersIn,
  type LlmAnswer,
  type LlmAnswerCheck,
  type LlmAnswerProblem,
} from "./llm-answer.ts";
export { createAnswerCache, factsHash, type AnswerCache } from "./answer-cache.ts";
export { createLlmNudgeEngine, type LlmEngineLogger, type LlmEngineOptions } from "./llm-nudge-engine.ts";
export {
  createConfiguredLlmContractEngine,
  createConfiguredLlmEngine,
  type LlmSettings,
} from "./configured-llm-engine.ts";
export { readNudgeStrategies } from "./read-nudge-strategies.ts";
// Generic nudges for any table described by a dataset contract (models trained under a contract).
export {
  contractNudgeFacts,
  type ContractExplainedRisk,
  type ContractNudgeFacts,
  type ExperimentArm,
} from "./contract-nudge-facts.ts";
export type {
  ContractNudge,
  ContractNudgeContext,
  ContractNudgeEngine,
  ContractNudgeReason,
} from "./contract-nudge.ts";
export type { ContractNudgeCondition, ContractNudgeRule } from "./contract-nudge-rule.ts";
export { CONTRACT_NUDGE_CATALOGUE } from "./contract-nudge-catalogue.ts";
export { quotableDrivers } from "./quotable-drivers.ts";
export { offerableWhatIfs, type WithheldWhatIf } from "./offerable-what-ifs.ts";
export { contractChannelFor } from "./contract-channel-for.ts";
export {
  planContractNudge,
  type ContractNudgePlan,
  type ContractRuleEngineOptions,
} from "./plan-contract-nudge.ts";
export { chooseContractRuleNudge, createContractRuleNudgeEngine } from "./rule-contract-nudge-engine.ts";
export {
  CONTRACT_NUDGE_SYSTEM_PROMPT,
  contractNudgePrompt,
  contractPromptActions,
  contractPromptFacts,
  type ContractPromptFacts,
} from "./contract-nudge-prompt.ts";
export { createLlmContractNudgeEngine, type LlmContractEngineOptions } from "./llm-contract-nudge-engine.ts";
