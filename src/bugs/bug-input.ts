import { z } from 'zod';
import { charLength } from '../text/limits.ts';

export const bugLimits = { summary: 150, steps: 3000, expected: 3000, actual: 3000, environment: 300, link: 2000 } as const;

export type BugField = keyof typeof bugLimits;

function cleanText(max: number) {
  return z
    .string()
    .trim()
    .refine((value) => value.isWellFormed() && !value.includes('\u0000'), {
      error: 'This contains characters that cannot be stored (a NUL byte or a broken emoji). Please remove them.',
    })
    .refine((value) => charLength(value) <= max, {
      error: (issue) => `Keep this to ${max} characters or fewer (it has ${charLength(String(issue.input))}).`,
    });
}

function requiredText(max: number, missing: string) {
  return cleanText(max).refine((value) => value.length > 0, { error: missing });
}

function optionalText(max: number) {
  return z
    .string()
    .optional()
    .transform((value) => value ?? '')
    .pipe(cleanText(max))
    .transform((value) => (value === '' ? null : value));
}

const httpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && !/\s/.test(value);
  } catch {
    return false;
  }
};

/** What a person typed into the bug modal, checked on the server whatever the client enforced. */
export const bugInputSchema = z.object({
  summary: requiredText(bugLimits.summary, 'Give the bug a one-line summary.'),
  steps: requiredText(bugLimits.steps, 'Say how to make the bug happen, step by step.'),
  expected: requiredText(bugLimits.expected, 'Say what you expected to happen.'),
  actual: requiredText(bugLimits.actual, 'Say what happened instead.'),
  environment: optionalText(bugLimits.environment),
  link: optionalText(bugLimits.link).refine((value) => value === null || httpUrl(value), {
    error: 'Use a full web address starting with http:// or https://.',
  }),
});

export type BugInput = z.infer<typeof bugInputSchema>;

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export function parseBugInput(raw: Partial<Record<BugField, string | undefined>>):
  | { ok: true; value: BugInput }
  | { ok: false; errors: FieldErrors<BugField> } {
  const parsed = bugInputSchema.safeParse({
    summary: raw.summary ?? '',
    steps: raw.steps ?? '',
    expected: raw.expected ?? '',
    actual: raw.actual ?? '',
    environment: raw.environment,
    link: raw.link,
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FieldErrors<BugField> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as BugField;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

