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

export function storyKey(number: number): string {
  return `STORY-${number}`;
}

// Words that describe a solution rather than a problem when they open a title or a want.
const implementationStart = /^(?:to\s+)?(add|implement|migrate|refactor|use|build|create|introduce|integrate|install|rewrite|switch to|upgrade)\b/i;
const implementationAnywhere = /\b(add (?:a|an|the) (?:button|toggle|checkbox|field|column|page|endpoint|table|dropdown)|implement|migrate to|refactor)\b/i;

/**
 * A gentle tip when the title or "I want to" names an implementation ("add a button", "implement",
 * "migrate to", "refactor", "use …") instead of a problem. Advice only: the story is saved either way.
 */
export function implementationTip(input: Pick<StoryInput, 'title' | 'want'>): string | undefined {
  const named = [input.title, input.want].find((text) => implementationStart.test(text.trim()) || implementationAnywhere.test(text));
  if (!named) return undefined;
  return 'Tip: this names a solution. Stories work best when they name the problem: who is stuck, doing what, and why it matters. The team can then pick the best way to solve it.';
}
