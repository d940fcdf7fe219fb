import { CodedError } from "../errors/index.ts";

/**
 * Settings from the environment that cannot be used: every bad setting named in one message
 * (`invalid configuration: NAME="value": what is wrong; …`), secret values shown as "(hidden)".
 * The CLI shows the message and exits 2; the server lists the settings beside its own.
 */
export class SettingsError extends CodedError<"bad-config"> {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("bad-config", message, { cause: options.cause });
    this.name = "SettingsError";
  }
}
