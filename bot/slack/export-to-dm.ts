import type { WebClient } from "@slack/web-api";
import type { Reply, ReplyFile } from "../conversation/index.ts";
import { uploadFile } from "./upload-file.ts";

/**
 * An answer only the asker sees (a slash command) cannot carry a file, and uploading it into the
 * channel would show the list to everyone: CSV exports go to the asker's direct messages with the
 * app instead (conversations.open, then the three external-upload calls of `uploadFile`). Returns
 * the reply to show ephemerally — the exports taken out of it and a line saying where they went —
 * and how many were uploaded. A failed upload leaves the file in the reply (shown as text).
 *
 * @example
 * const { reply: shown } = await exportsToDm(client, "U123", reply);
 */
export async function exportsToDm(
  client: WebClient,
  user: string,
  reply: Reply,
  onError: (err: unknown, file: ReplyFile) => void,
): Promise<{ reply: Reply; uploaded: number }> {
  const exports = reply.files.filter((f) => f.export);
  if (exports.length === 0) return { reply, uploaded: 0 };
  let channel: string | undefined;
  const sent: ReplyFile[] = [];
  for (const file of exports) {
    try {
      channel ??= (await client.conversations.open({ users: user })).channel?.id;
      if (!channel) throw new Error("conversations.open returned no channel");
      await uploadFile(client, {
        channel,
        bytes: Buffer.from(file.content, "utf8"),
        filename: file.name,
        title: file.name,
      });
      sent.push(file);
    } catch (err) {
      onError(err, file);
    }
  }
  if (sent.length === 0) return { reply, uploaded: 0 };
  const line = `${sent.map((f) => f.name).join(", ")}: sent to your direct messages with the app (only you see it)`;
  return {
    reply: {
      ...reply,
      files: reply.files.filter((f) => !sent.includes(f)),
      sections: [...reply.sections, { title: "File", lines: [line] }],
      text: `${reply.text}\n${line}`,
    },
    uploaded: sent.length,
  };
}
