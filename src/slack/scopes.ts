/**
 * The bot scopes Shortlist asks for; manifest.yml declares the same (a test checks it). channels:read and
 * groups:read let settings check (conversations.info) that the bot is in the digest and triage channels;
 * team:read lets `/backlog teams` name the first team after the workspace (team.info).
 */
export const botScopes = ['commands', 'chat:write', 'im:write', 'users:read', 'channels:read', 'groups:read', 'team:read'];
