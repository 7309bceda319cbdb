import type { WebClient } from '@slack/web-api';
import { filesToShare, markFileShared, markFileUnavailable } from '../bugs/bug-files.ts';
import { fileLimits } from '../bugs/file-rules.ts';
import type { Bug, BugFile } from '../db/schema.ts';
import { bugKey } from '../items/types.ts';
import { enqueue } from './enqueue.ts';
import { untilFirstPost } from './item-thread.ts';
import { confirmationKey } from './keys.ts';
import { dropped, type SendDeps, type SendOutcome, sent } from './outcome.ts';
import { slackErrorCode } from './slack-errors.ts';

/** What files.info answers for a file the bot cannot read: it is named as unavailable, never retried, never fatal. */
const unreadable = new Set(['file_not_found', 'file_deleted', 'access_denied', 'no_permission', 'not_visible', 'file_not_shared']);

/** A download or upload that failed in a way worth trying again (the outbox retries it like a failed call). */
class TransferError extends Error {}

/** The file's bytes from its url_private, with the bot's token; undefined when the bot may not read it. */
async function download(client: WebClient, url: string, mimetype: string | null): Promise<Buffer | undefined> {
  if (!client.token) throw new TransferError('no bot token to download a file with');
  const response = await fetch(url, { headers: { authorization: `Bearer ${client.token}` }, redirect: 'follow', signal: AbortSignal.timeout(30_000) });
  if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 410) return undefined;
  if (!response.ok) throw new TransferError(`url_private answered ${response.status}`);
  // Slack answers a request it will not serve with its sign-in page, not an error status.
  if (response.headers.get('content-type')?.startsWith('text/html') && mimetype !== 'text/html') return undefined;
  const bytes = Buffer.from(await response.arrayBuffer());
  return bytes.length > fileLimits.maxBytes ? undefined : bytes;
}

/**
 * One file into the thread: read (files.info, then url_private), uploaded anew as the bot's own
 * (files.getUploadURLExternal, the bytes, files.completeUploadExternal with the thread). False when the bot
 * cannot read the file. Anything else that fails is thrown, to be retried; only a file shared is marked so.
 */
async function shareOne({ client }: SendDeps, file: BugFile, thread: { channel: string; ts: string }): Promise<boolean> {
  let info: Awaited<ReturnType<WebClient['files']['info']>>;
  try {
    info = await client.files.info({ file: file.slackFileId });
  } catch (error) {
    if (unreadable.has(slackErrorCode(error) ?? '')) return false;
    throw error;
  }
  const url = info.file?.url_private_download ?? info.file?.url_private;
  if (!url || info.file?.mode === 'tombstone') return false;
  const bytes = await download(client, url, info.file?.mimetype ?? file.mimetype);
  if (!bytes) return false;
  const upload = await client.files.getUploadURLExternal({ filename: file.name, length: bytes.length });
  const posted = await fetch(upload.upload_url!, { method: 'POST', body: new Uint8Array(bytes), signal: AbortSignal.timeout(30_000) });
  if (!posted.ok) throw new TransferError(`the upload URL answered ${posted.status}`);
  await client.files.completeUploadExternal({ files: [{ id: upload.file_id!, title: file.name }], channel_id: thread.channel, thread_ts: thread.ts });
  return true;
}

/**
 * Shares a bug's files into its thread, so everyone who sees the bug sees them. Each file is marked once it is
 * shared (or found unreadable), so a retry after a later file failed shares none twice. Once it is done the
 * triage message is redrawn: images it can now draw, files named as unavailable.
 */
export async function shareBugFiles(deps: SendDeps, bug: Bug): Promise<SendOutcome> {
  const { db, logger } = deps;
  if (!bug.threadChannelId || !bug.threadTs) return (await untilFirstPost(db, bug.workspaceId, confirmationKey(bug.id))) ?? dropped('no_thread');
  const thread = { channel: bug.threadChannelId, ts: bug.threadTs };
  const files = await filesToShare(db, bug.workspaceId, bug.id);
  for (const file of files) {
    if (await shareOne(deps, file, thread)) await markFileShared(db, file.id);
    else {
      logger.info({ key: bugKey(bug.number), teamId: bug.workspaceId, fileId: file.slackFileId }, 'a file of the bug cannot be read by the bot; named as unavailable');
      await markFileUnavailable(db, file.id);
    }
  }
  if (files.length > 0) await enqueue(db, bug.workspaceId, { type: 'triage_update', bugId: bug.id });
  return sent();
}
