import type { AskerIdentity } from "../conversation/index.ts";

/**
 * Who the terminal's user is for "my accounts" (`chat --as`, `ENGAGETRACK_CHAT_USER`): an e-mail
 * (looked up in the owners file, or itself an owner value) or an owner value as written in the
 * data. Nobody is guessed: unset, the user is unmapped and told how to say who they are.
 *
 * @example
 * await terminalIdentity("Dana Whitfield")(); // { owner: "Dana Whitfield" }
 */
export function terminalIdentity(chatUser: string | undefined): () => Promise<AskerIdentity> {
  const who = chatUser?.trim();
  const identity: AskerIdentity = !who ? {} : who.includes("@") ? { email: who, owner: who } : { owner: who };
  return async () => identity;
}
