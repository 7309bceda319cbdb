import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { channelMembershipErrors } from '../../../settings/channel-membership.ts';
import { askAnAdmin } from '../../../blocks/settings-modal.ts';
import { settingsPermission } from '../../../settings/permissions.ts';
import { installerOf, saveSettings } from '../../../settings/settings-store.ts';
import type { ListenerDeps } from '../../deps.ts';
import { enterpriseOf, workspaceOf } from '../../payload-origin.ts';
import { settingsModalIds } from '../../../blocks/ids.ts';
import { slackDirectory } from '../../slack-directory.ts';
import { parseJsonAs } from '../../parse-json.ts';
import { parseSettingsView, settingsErrors } from '../../settings-view.ts';

const { fields } = settingsModalIds;

/** The team a settings modal saves into; a modal opened before teams existed saves into the default team (0). */
function settingsTargetOf(privateMetadata: string | undefined): number {
  const parsed = parseJsonAs(z.object({ teamId: z.number().int().nonnegative() }), privateMetadata);
  return parsed?.teamId ?? 0;
}

/** Saves the settings after checking, again, that this person may: a modal can outlive someone's admin rights. */
export const settingsSubmission =
  ({ database, logger }: ListenerDeps) =>
  async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const teamId = workspaceOf(body);
    const parsed = parseSettingsView(view.state.values);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    if (!teamId) {
      await ack({ response_action: 'errors', errors: { [fields.digestChannelId.blockId]: 'This form has expired. Run /backlog settings again.' } });
      return;
    }
    const target = settingsTargetOf(view.private_metadata);
    try {
      const installerUserId = await installerOf(database.db, teamId);
      const directory = slackDirectory(client);
      const [permission, notIn] = await Promise.all([
        settingsPermission(directory, body.user.id, installerUserId),
        channelMembershipErrors(directory, { digestChannelId: parsed.value.digestChannelId, triageChannelId: parsed.value.triageChannelId }, logger),
      ]);
      if (!permission.allowed) {
        // Field errors are plain text, where a <@U…> mention would show raw: people are named instead.
        await ack({ response_action: 'errors', errors: { [fields.digestChannelId.blockId]: askAnAdmin(permission.ask, 'name') } });
        return;
      }
      if (Object.keys(notIn).length > 0) {
        await ack({ response_action: 'errors', errors: settingsErrors(notIn) });
        return;
      }
      // The org id lets the outbox find an org-wide installation's token for this workspace.
      const enterpriseId = enterpriseOf(body);
      const saved = await saveSettings(database.db, teamId, target, enterpriseId ? { ...parsed.value, enterpriseId } : parsed.value);
      if (!saved) {
        await ack({ response_action: 'errors', errors: { [fields.digestChannelId.blockId]: 'This team was archived while the form was open, so nothing was saved. Run /backlog teams to see the teams.' } });
        return;
      }
    } catch (error) {
      logger.error({ err: error, teamId }, 'saving settings failed');
      await ack({ response_action: 'errors', errors: { [fields.digestChannelId.blockId]: "Couldn't save the settings just now. Nothing changed: press Save again in a moment." } });
      return;
    }
    logger.info({ teamId, userId: body.user.id }, 'settings saved');
    await ack();
  };
