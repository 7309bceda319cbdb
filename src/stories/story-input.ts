import { z } from 'zod';
import { charLength } from '../text/limits.ts';

export const storyLimits = { title: 150, persona: 100, want: 500, benefit: 500, criteria: 3000, criteriaLines: 20, flagKey: 64 } as const;

export type StoryField = 'title' | 'persona' | 'want' | 'benefit' | 'criteria' | 'flagKey';

const storable = (value: string) => value.isWellFormed() && !value.includes('\u0000');
const unstorable = 'This contains characters that cannot be stored (a NUL byte or a broken emoji). Please remove them.';

function text(max: number, missing: string) {
  return z
    .string()
    .trim()
    .refine((value) => value.length > 0, { error: missing })
    .refine(storable, { error: unstorable })
    .refine((value) => charLength(value) <= max, { error: (issue) => `Keep this to ${max} characters or fewer (it has ${charLength(String(issue.input))}).` });
}

/** What a person typed into the story modal, checked on the server whatever the client enforced. */
export const storyInputSchema = z.object({
  title: text(storyLimits.title, 'Say what people can do once this ships.'),
  persona: text(storyLimits.persona, 'Say who has the problem ("As a …").'),
  want: text(storyLimits.want, 'Say what they want to do ("I want to …").'),
  benefit: text(storyLimits.benefit, 'Say why it matters to them ("so that …").'),
  criteria: z
    .string()
    .refine(storable, { error: unstorable })
    .transform((value) => value.split('\n').map((line) => line.trim()).filter((line) => line.length > 0))
    .refine((lines) => lines.length >= 1, { error: 'Add at least one acceptance criterion, one per line.' })
    .refine((lines) => lines.length <= storyLimits.criteriaLines, {
      error: (issue) => `Keep it to ${storyLimits.criteriaLines} criteria or fewer (there are ${(issue.input as string[]).length}). Split the story if it needs more.`,
    })
    .refine((lines) => charLength(lines.join('\n')) <= storyLimits.criteria, { error: `Keep the criteria to ${storyLimits.criteria} characters in all.` })
    .transform((lines) => lines.join('\n')),
  flagKey: z
    .string()
    .trim()
    .transform((value) => (value === '' ? null : value))
    .refine((value) => value === null || /^[a-z0-9_.-]{1,64}$/.test(value), {
      error: 'Use 1–64 lowercase letters, digits, dots, dashes or underscores, like checkout.dark-mode.',
    }),
});

export type StoryInput = z.infer<typeof storyInputSchema>;

export function parseStoryInput(raw: Partial<Record<StoryField, string | undefined>>):
  | { ok: true; value: StoryInput }
  | { ok: false; errors: Partial<Record<StoryField, string>> } {
  const parsed = storyInputSchema.safeParse({
    title: raw.title ?? '',
    persona: raw.persona ?? '',
    want: raw.want ?? '',
    benefit: raw.benefit ?? '',
    criteria: raw.criteria ?? '',
    flagKey: raw.flagKey ?? '',
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Partial<Record<StoryField, string>> = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as StoryField] ??= issue.message;
  return { ok: false, errors };
}


// Implementation language, narrowly: a real problem may well start with "create", "install" or "use the app".
// What a solution builds or adds: a control, a screen part, or a piece of the system.
const component = `(?:button|toggle|switch|checkbox|check ?box|field|column|drop-?down|menu item|tab|modal|pop-?up|dialog|banner|widget|component|endpoint|api|webhook|cron ?job|queue|cache|index|database table|microservice|service|plugin|module|library|sdk|feature flag|settings page|dashboard)s?`;
const technology = String.raw`(?:redis|postgres(?:ql)?|mysql|sqlite|mongo(?:db)?|dynamodb|elasticsearch|kafka|rabbitmq|graphql|grpc|rest|websockets?|react|vue|angular|svelte|next\.?js|node(?:\.?js)?|typescript|docker|kubernetes|k8s|terraform|lambda|s3|aws|gcp|azure|firebase|tailwind|jquery|microservices)`;
const implementationWords = [
  // add a button / add a dark mode toggle / add an API endpoint
  new RegExp(String.raw`\badd(?:ing)?\s+(?:(?:a|an|the|new|some)\s+)?(?:[\w-]+\s+){0,3}?${component}\b`, 'i'),
  // build a component / build a REST endpoint
  new RegExp(String.raw`\bbuild(?:ing)?\s+(?:(?:a|an|the|new|some)\s+)?(?:[\w-]+\s+){0,2}?${component}\b`, 'i'),
  /\bimplement(?:s|ed|ing)?\b/i,
  /\bmigrat(?:e|es|ed|ing|ion)\s+(?:to|from|off)\b/i,
  /\brefactor(?:s|ed|ing)?\b/i,
  // use Redis / use GraphQL instead of REST
  new RegExp(String.raw`\buse\s+${technology}\b`, 'i'),
  // use <a named technology> for/instead of/as: "Use Memcached for sessions" (but not "Use Slack to approve expenses")
  /(?:^|\bto\s+)[Uu]se\s+(?!The\b|My\b|Our\b|Your\b)[A-Z][\w.+#-]*\s+(?:for|instead of|as)\b/,
];

/**
 * A gentle tip when the title or "I want to" names an implementation (add a button/field/…, build a
 * component, implement, migrate to, refactor, use <technology>) instead of a problem. Advice only: the story
 * is saved either way.
 */
export function implementationTip(input: Pick<StoryInput, 'title' | 'want'>): string | undefined {
  const named = [input.title, input.want].find((text) => implementationWords.some((words) => words.test(text.trim())));
  if (!named) return undefined;
  return 'Tip: this names a solution. Stories work best when they name the problem: who is stuck, doing what, and why it matters. The team can then pick the best way to solve it.';
}
