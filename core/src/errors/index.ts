/** The coded base error every EngageTrack error extends, and the spelling of codes. */
export { CodedError, ERROR_CODE_SPELLING, isCodedError } from "./coded-error.ts";
