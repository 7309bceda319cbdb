import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parseJsonAs } from '../../parse-json.ts';
import { z } from 'zod';
import { NOTE_MAX } from '../../../blocks/close-modal.ts';
import { closingResolutions, resolveBug } from '../../../bugs/triage.ts';
import { waitedOn } from '../../../db/transact.ts';
import { charLength } from '../../../text/limits.ts';
import type { ListenerDeps } from '../../deps.ts';
import { closeModalIds } from '../../../blocks/ids.ts';
import { workspaceOf } from '../../payload-origin.ts';

const { fields } = closeModalIds;

const metadataSchema = z.object({ bugId: z.number().int().positive() });

const inputSchema = z.object({
  resolution: z.enum(closingResolutions, { error: 'Choose how the bug was resolved.' }),
  duplicateOf: z.string().trim().max(20, { error: 'A key like BUG-12 is all this needs.' }).nullable().transform((v) => v || null),
  note: z
    .string()
    .trim()
    .refine((v) => charLength(v) <= NOTE_MAX, { error: `Keep the note to ${NOTE_MAX} characters or fewer.` })
    .refine((v) => !v.includes('\u0000') && v.isWellFormed(), { error: 'This contains characters that cannot be stored.' })
    .nullable()
    .transform((v) => v || null),
});

const blockOf = { resolution: fields.resolution.blockId, duplicateOf: fields.duplicateOf.blockId, note: fields.note.blockId } as const;

/** The Close modal: validated on the server, with per-field errors, and only then applied. */
export const closeSubmission =
  ({ database, logger, wakeOutbox }: ListenerDeps) =>
  async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const values = view.state.values;
    const teamId = workspaceOf(body);
    const metadata = parseJsonAs(metadataSchema, view.private_metadata);
    if (!teamId || !metadata) {
      await ack({ response_action: 'errors', errors: { [blockOf.resolution]: 'This form has expired. Close it and press Close on the bug again.' } });
      return;
    }
    const parsed = inputSchema.safeParse({
      resolution: values[fields.resolution.blockId]?.[fields.resolution.actionId]?.selected_option?.value,
      duplicateOf: values[fields.duplicateOf.blockId]?.[fields.duplicateOf.actionId]?.value ?? null,
      note: values[fields.note.blockId]?.[fields.note.actionId]?.value ?? null,
    });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[blockOf[issue.path[0] as keyof typeof blockOf]] ??= issue.message;
      await ack({ response_action: 'errors', errors });
      return;
    }
    let result: Awaited<ReturnType<typeof resolveBug>>;
    try {
      // Saved before the ack, within the same budget as filing: a slow database keeps the modal open.
      result = await resolveBug(database.db, waitedOn, { workspaceId: teamId, bugId: metadata.bugId }, body.user.id, parsed.data);
    } catch (error) {
      logger.error({ err: error, teamId }, 'closing a bug failed');
      await ack({ response_action: 'errors', errors: { [blockOf.resolution]: "Couldn't save this just now. Nothing is lost: press Close bug again in a moment." } });
      return;
    }
    if (result.ok) {
      await ack();
      wakeOutbox();
      return;
    }
    if (result.error === 'fields') {
      const errors = Object.fromEntries(Object.entries(result.fields).map(([field, message]) => [blockOf[field as keyof typeof blockOf], message]));
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack({ response_action: 'errors', errors: { [blockOf.resolution]: result.error === 'refused' ? result.message : 'That bug is not in this workspace.' } });
  };
