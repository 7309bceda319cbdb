import { z } from 'zod';
import { fileLimits } from '../bugs/file-rules.ts';

const ts = z.string().regex(/^\d+\.\d+$/);

/** A reported message's file, as the bug will keep it (checked when the form opened). */
const keptFileSchema = z.object({
  id: z.string().regex(/^F[A-Z0-9]{1,30}$/),
  name: z.string().min(1).max(fileLimits.name),
  mimetype: z.string().max(200).nullable(),
  filetype: z.string().max(40).nullable(),
  size: z.number().int().min(0).max(fileLimits.maxBytes).nullable(),
  permalink: z.url({ protocol: /^https?$/ }).nullable(),
});

/** Where a modal was opened from, carried through Slack in `private_metadata` and re-checked on return. */
export const modalContextSchema = z.object({
  channelId: z.string().regex(/^[CDG][A-Z0-9_]+$/).optional(),
  responseUrl: z.url({ protocol: /^https?$/ }).optional(),
  threadTs: ts.optional(),
  permalink: z.url({ protocol: /^https?$/ }).optional(),
  /** The reported message's own ts (a reply's differs from its thread's): a later report of it finds the bug. */
  sourceTs: ts.optional(),
  /** The reported message's files the bug keeps. */
  files: z.array(keptFileSchema).max(fileLimits.perBug).optional(),
});

export type ModalContext = z.infer<typeof modalContextSchema>;

/** Slack's limit on a view's `private_metadata`. */
const METADATA_MAX = 3000;

/**
 * The context as `private_metadata`. A message's files could take it past Slack's 3000 characters: their links go
 * first (the bug names them still), then their names are cut, and only then do files stay behind.
 */
export function encodeModalContext(context: ModalContext): string {
  const fits = (candidate: ModalContext) => {
    const text = JSON.stringify(candidate);
    return [...text].length <= METADATA_MAX ? text : undefined;
  };
  const files = context.files ?? [];
  const unlinked = files.map((file) => ({ ...file, permalink: null }));
  const shortNames = unlinked.map((file) => ({ ...file, name: [...file.name].slice(0, 40).join('') }));
  for (const attempt of [files, unlinked, shortNames]) {
    const text = fits({ ...context, ...(files.length > 0 ? { files: attempt } : {}) });
    if (text) return text;
  }
  for (let kept = shortNames.length - 1; kept >= 0; kept -= 1) {
    const text = fits({ ...context, files: shortNames.slice(0, kept) });
    if (text) return text;
  }
  return JSON.stringify({ ...context, files: [] });
}

export function decodeModalContext(raw: string | undefined): ModalContext | undefined {
  try {
    const parsed = modalContextSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
