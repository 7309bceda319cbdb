/**
 * The bot scopes Shortlist asks for; manifest.yml declares the same (a test checks it). channels:read and
 * groups:read let settings check (conversations.info) that the bot is in the digest and triage channels, and
 * Home find the channels a person is in (users.conversations), so it shows the health of their teams;
 * team:read lets `/backlog teams` name the first team after the workspace (team.info). reactions:read brings the
 * intake emoji (reaction_added), and channels:history and groups:history let the bot read the message it was added
 * to; channels:history, groups:history and im:history also deliver the messages of the channels and DMs the bot
 * is in, of which only replies in the threads of tracked items are kept (as comments); files:read reads a bug's
 * files (the bug form's file input, a reported message's), files:write shares them into the bug's thread.
 */
export const botScopes = ['commands', 'chat:write', 'im:write', 'users:read', 'channels:read', 'groups:read', 'team:read', 'reactions:read', 'channels:history', 'groups:history', 'im:history', 'files:read', 'files:write'];
