import { z } from 'zod';

/** Where a modal was opened from, carried through Slack in `private_metadata` and re-checked on return. */
export const modalContextSchema = z.object({
  channelId: z.string().regex(/^[CDG][A-Z0-9_]+$/).optional(),
  responseUrl: z.url({ protocol: /^https?$/ }).optional(),
  threadTs: z.string().regex(/^\d+\.\d+$/).optional(),
  permalink: z.url({ protocol: /^https?$/ }).optional(),
});

export type ModalContext = z.infer<typeof modalContextSchema>;

export function encodeModalContext(context: ModalContext): string {
  return JSON.stringify(context);
}

export function decodeModalContext(raw: string | undefined): ModalContext | undefined {
  try {
    const parsed = modalContextSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
