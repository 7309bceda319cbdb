/**
 * The bot scopes Shortlist asks for; manifest.yml declares the same (a test checks it). channels:read and
 * groups:read let settings check (conversations.info) that the bot is in the digest and triage channels;
 * team:read lets `/backlog teams` name the first team after the workspace (team.info); channels:history,
 * groups:history and im:history deliver the messages of the channels and DMs the bot is in, of which only
 * replies in the threads of tracked items are kept (as comments).
 */
export const botScopes = ['commands', 'chat:write', 'im:write', 'users:read', 'channels:read', 'groups:read', 'team:read', 'channels:history', 'groups:history', 'im:history'];
