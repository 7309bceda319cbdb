/** What interactive payloads (views, actions, shortcuts) say about the Enterprise Grid org they come from. */
interface OrgFields {
  enterprise?: { id?: string } | null;
  team?: { enterprise_id?: string } | null;
}

/**
 * The Enterprise Grid org of an interactive payload, or null outside Grid. With an org-wide install `team`
 * may be null; the org is on `enterprise`, else on `team.enterprise_id`.
 */
export function enterpriseOf(body: OrgFields): string | null {
  return body.enterprise?.id ?? body.team?.enterprise_id ?? null;
}
