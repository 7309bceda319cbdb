import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { z } from 'zod';
import { askAnAdmin } from '../../../blocks/settings-modal.ts';
import { buildTeamModal, type TeamModalInput } from '../../../blocks/team-modal.ts';
import type { Db } from '../../../db/client.ts';
import { settingsPermission } from '../../../settings/permissions.ts';
import { installerOf } from '../../../settings/settings-store.ts';
import { countOpenItems } from '../../../teams/manage-teams.ts';
import { defaultTeam, intakeChannels, teamById } from '../../../teams/team-store.ts';
import { answerPrivately, openModal, wouldNotOpen } from '../../answer.ts';
import type { ListenerDeps } from '../../deps.ts';
import { workspaceOf } from '../../payload-origin.ts';
import { slackDirectory } from '../../slack-directory.ts';
import { tellIfFailed } from './tell-if-failed.ts';

type TeamActionArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction | StaticSelectAction>> & AllMiddlewareArgs;

const teamIdSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** The Edit modal's contents for a team of this workspace (0: its default team), or undefined when it has no such active team. */
async function editing(db: Db, workspaceId: string, teamId: number): Promise<TeamModalInput | undefined> {
  const team = teamId === 0 ? await defaultTeam(db, workspaceId) : await teamById(db, workspaceId, teamId);
  if (!team) return undefined;
  const [channels, openItems] = await Promise.all([intakeChannels(db, workspaceId), countOpenItems(db, team.id)]);
  return { kind: 'edit', team, channelIds: channels.get(team.id) ?? [], openItems };
}

/** Opens the team modal (`teamId` null: Add team) for someone who may manage teams, asked again here: a button can be forged. */
const openTeamModal = (deps: ListenerDeps, args: TeamActionArgs, teamId: number | null) => {
  const { body, client, respond } = args;
  const { database, logger } = deps;
  const workspaceId = workspaceOf(body);
  return tellIfFailed({ respond, logger }, { teamId: workspaceId, team: teamId }, async () => {
    if (!workspaceId) return void (await answerPrivately({ respond, logger }, 'That team is not in this workspace.'));
    const permission = await settingsPermission(slackDirectory(client), body.user.id, await installerOf(database.db, workspaceId));
    if (!permission.allowed) return void (await answerPrivately({ respond, logger }, askAnAdmin(permission.ask, 'mention')));
    const input = teamId === null ? ({ kind: 'add' } as const) : await editing(database.db, workspaceId, teamId);
    if (!input) return void (await answerPrivately({ respond, logger }, 'That team is not in this workspace (or was archived). Run `/backlog teams` again.'));
    const trigger = { client, respond, logger, triggerId: body.trigger_id, userId: body.user.id, teamId: workspaceId };
    await openModal(trigger, buildTeamModal(input, permission.timeZone ?? 'UTC'), wouldNotOpen('team form', '`/backlog teams`'));
  });
};

/** Add team, on `/backlog teams`. */
export const addTeamPressed =
  (deps: ListenerDeps) =>
  async (args: TeamActionArgs): Promise<void> => {
    await args.ack();
    await openTeamModal(deps, args, null);
  };

/** Edit on a team of `/backlog teams`, or a team chosen in its "Edit another team" menu. */
export const editTeamChosen =
  (deps: ListenerDeps) =>
  async (args: TeamActionArgs): Promise<void> => {
    await args.ack();
    const { action } = args;
    const teamId = teamIdSchema.safeParse(action.type === 'static_select' ? action.selected_option?.value : action.value);
    if (!teamId.success) return void (await answerPrivately({ respond: args.respond, logger: deps.logger }, 'That team is not in this workspace.'));
    await openTeamModal(deps, args, teamId.data);
  };
