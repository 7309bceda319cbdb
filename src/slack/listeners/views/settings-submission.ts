import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import { askAnAdmin } from '../../../blocks/settings-modal.ts';
import { workspaces } from '../../../db/schema.ts';
import { channelMembershipErrors } from '../../../settings/channel-membership.ts';
import { settingsPermission } from '../../../settings/permissions.ts';
import type { ListenerDeps } from '../../deps.ts';
import { enterpriseOf } from '../../enterprise.ts';
import { settingsModalIds } from '../../ids.ts';
import { slackDirectory } from '../../slack-directory.ts';
import { parseSettingsView, settingsErrors } from '../../settings-view.ts';

const { fields } = settingsModalIds;

/** Saves the settings after checking, again, that this person may: a modal can outlive someone's admin rights. */
export const settingsSubmission =
  ({ database, logger }: ListenerDeps) =>
  async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const teamId = body.team?.id ?? body.user.team_id;
    const parsed = parseSettingsView(view.state.values);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    if (!teamId) {
      await ack({ response_action: 'errors', errors: { [fields.digestChannelId.blockId]: 'This form has expired. Run /backlog settings again.' } });
      return;
    }
    try {
      const [workspace] = await database.db.select({ installer: workspaces.installerUserId }).from(workspaces).where(eq(workspaces.id, teamId));
      const directory = slackDirectory(client);
      const [permission, notIn] = await Promise.all([
        settingsPermission(directory, body.user.id, workspace?.installer ?? null),
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
      const settings = enterpriseId ? { ...parsed.value, enterpriseId } : parsed.value;
      await database.db.insert(workspaces).values({ id: teamId, ...settings }).onConflictDoUpdate({ target: workspaces.id, set: settings });
    } catch (error) {
      logger.error({ err: error, teamId }, 'saving settings failed');
      await ack({ response_action: 'errors', errors: { [fields.digestChannelId.blockId]: "Couldn't save the settings just now. Nothing changed: press Save again in a moment." } });
      return;
    }
    logger.info({ teamId, userId: body.user.id }, 'settings saved');
    await ack();
  };
