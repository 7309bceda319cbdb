import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { teamModalIds } from '../../../blocks/ids.ts';
import { askAnAdmin } from '../../../blocks/settings-modal.ts';
import { defaultTeamStays, openItemsRemain } from '../../../blocks/team-modal.ts';
import { channelMembershipErrors } from '../../../settings/channel-membership.ts';
import { settingsPermission } from '../../../settings/permissions.ts';
import { installerOf } from '../../../settings/settings-store.ts';
import { type ArchiveTeamResult, archiveTeam, createTeam, type SaveTeamResult, updateTeam } from '../../../teams/manage-teams.ts';
import type { ListenerDeps } from '../../deps.ts';
import { parseJsonAs } from '../../parse-json.ts';
import { enterpriseOf, workspaceOf } from '../../payload-origin.ts';
import { settingsErrors } from '../../settings-view.ts';
import { slackDirectory } from '../../slack-directory.ts';
import { archiveTicked, parseTeamView, teamErrors } from '../../team-view.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Which team the modal saves (null: a new one); a team id is only ever looked for in the submitter's workspace. */
const targetSchema = z.object({ teamId: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable() });

const { fields, archive } = teamModalIds;
const onName = (message: string) => ({ [fields.name.blockId]: message });
const gone = onName('This team is no longer here (archived, or not of this workspace). Run /backlog teams again.');

/** What the modal says when archiving did not happen; nothing when it did. */
function archiveErrors(result: ArchiveTeamResult): Record<string, string> | undefined {
  if (result.kind === 'open_items') return { [archive.blockId]: openItemsRemain(result.remaining) };
  if (result.kind === 'default') return onName(defaultTeamStays);
  return result.kind === 'gone' ? gone : undefined;
}

function saveErrors(result: SaveTeamResult): Record<string, string> | undefined {
  if (result.kind === 'invalid') return teamErrors(result.errors);
  return result.kind === 'gone' ? gone : undefined;
}

/**
 * Adds, saves or archives a team after checking, again, that this person may (a modal can outlive someone's
 * admin rights, and a submission can be forged), and that Shortlist is in the chosen triage and digest channels.
 */
export const teamSubmission =
  ({ database, logger }: ListenerDeps) =>
  async ({ ack, view, body, client }: Args): Promise<void> => {
    const workspaceId = workspaceOf(body);
    const target = parseJsonAs(targetSchema, view.private_metadata);
    if (!workspaceId || !target) return void (await ack({ response_action: 'errors', errors: onName('This form has expired. Run /backlog teams again.') }));
    const archiving = target.teamId !== null && archiveTicked(view.state.values);
    const parsed = archiving ? undefined : parseTeamView(view.state.values);
    if (parsed && !parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
    let errors: Record<string, string> | undefined;
    try {
      const directory = slackDirectory(client);
      const chosen = parsed ? { digestChannelId: parsed.value.digestChannelId, triageChannelId: parsed.value.triageChannelId } : { digestChannelId: null, triageChannelId: null };
      const [permission, notIn] = await Promise.all([settingsPermission(directory, body.user.id, await installerOf(database.db, workspaceId)), channelMembershipErrors(directory, chosen, logger)]);
      if (!permission.allowed) {
        // Field errors are plain text, where a <@U…> mention would show raw: people are named instead.
        errors = onName(askAnAdmin(permission.ask, 'name'));
      } else if (target.teamId !== null && archiving) {
        errors = archiveErrors(await archiveTeam(database.db, workspaceId, target.teamId));
      } else if (Object.keys(notIn).length > 0) {
        errors = settingsErrors(notIn);
      } else if (parsed?.ok) {
        const enterpriseId = enterpriseOf(body);
        const saved = target.teamId === null ? await createTeam(database.db, workspaceId, parsed.value, enterpriseId) : await updateTeam(database.db, workspaceId, target.teamId, parsed.value, enterpriseId);
        errors = saveErrors(saved);
      }
    } catch (error) {
      logger.error({ err: error, teamId: workspaceId }, 'saving a team failed');
      errors = onName("Couldn't save the team just now. Nothing changed: press the button again in a moment.");
    }
    if (errors) return void (await ack({ response_action: 'errors', errors }));
    logger.info({ teamId: workspaceId, userId: body.user.id, team: target.teamId, archived: archiving }, archiving ? 'team archived' : 'team saved');
    await ack();
  };
