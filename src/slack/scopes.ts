/** The bot scopes Shortlist asks for; manifest.yml declares the same (a test checks it). */
export const botScopes = ['commands', 'chat:write', 'im:write', 'users:read'];
