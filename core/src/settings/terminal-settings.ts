/** The terminal conversation (`engagetrack chat`, `ask`). */
import { z } from "zod";
import { declareSettings, setting } from "./declare-settings.ts";

export const TERMINAL_SETTINGS = declareSettings("terminal", "README.md", {
  ENGAGETRACK_CHAT_USER: setting(
    z.string().trim().min(1).optional(),
    'Who asks "my accounts" in chat/ask: an owner value or e-mail (--as overrides it).',
  ),
});
