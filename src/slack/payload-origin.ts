/** What interactive payloads (views, actions, shortcuts) say about the workspace and org they come from. */
interface OriginFields {
  enterprise?: { id?: string } | null;
  team?: { id?: string; enterprise_id?: string } | null;
  user?: { team_id?: string };
}

/**
 * The workspace of an interactive payload. With an org-wide install `team` is null and the workspace is
 * only on `user.team_id`.
 */
export function workspaceOf(body: OriginFields): string | undefined {
  return body.team?.id ?? body.user?.team_id;
}

/**
 * The Enterprise Grid org of an interactive payload, or null outside Grid. With an org-wide install `team`
 * may be null; the org is on `enterprise`, else on `team.enterprise_id`.
 */
export function enterpriseOf(body: OriginFields): string | null {
  return body.enterprise?.id ?? body.team?.enterprise_id ?? null;
}
