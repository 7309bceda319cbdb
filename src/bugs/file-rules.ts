import { z } from 'zod';
import type { StoredFile } from '../db/schema.ts';
import { truncate } from '../text/limits.ts';

/** A bug carries up to 5 files; each at most Slack's 10 MB, the file input's own limit. */
export const fileLimits = { perBug: 5, maxBytes: 10 * 1024 * 1024, name: 255 } as const;

/**
 * What a bug may carry, by Slack's `filetype` (and the extensions Slack's pickers name): images, PDFs, text and logs,
 * and screen recordings, each with the mimetypes that go with it. Checked on the server whatever the file
 * input's `filetypes` hint let through; a file is allowed only when both its filetype and its mimetype fit.
 * No SVG or HTML: they can carry scripts.
 */
const allowed: Record<string, readonly string[]> = {
  png: ['image/png'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  gif: ['image/gif'],
  webp: ['image/webp'],
  heic: ['image/heic', 'image/heif'],
  pdf: ['application/pdf'],
  text: ['text/plain'],
  txt: ['text/plain'],
  log: ['text/plain'],
  csv: ['text/csv', 'text/plain'],
  json: ['application/json', 'text/plain'],
  markdown: ['text/markdown', 'text/x-markdown', 'text/plain'],
  md: ['text/markdown', 'text/x-markdown', 'text/plain'],
  mp4: ['video/mp4'],
  mov: ['video/quicktime'],
  webm: ['video/webm'],
};

/** The file input's `filetypes` hint: the extensions a person's picker offers (the server checks again). */
export const pickerFiletypes = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'heic', 'pdf', 'txt', 'log', 'csv', 'json', 'md', 'mp4', 'mov', 'webm'];

/** Images Slack draws in an `image` block from a `slack_file` (only these kinds). */
const drawable = new Set(['png', 'jpg', 'jpeg', 'gif']);

export const isDrawableImage = (file: Pick<StoredFile, 'filetype' | 'mimetype'>) => drawable.has(file.filetype ?? '') && (file.mimetype ?? '').startsWith('image/');

/**
 * A file object as Slack sends it (a file input's state, a message's `files`): only what is kept is read,
 * and the rest is Slack's. `mode` is `tombstone` for a deleted file, `hidden_by_limit` past a free plan's limit.
 */
const slackFileSchema = z.object({
  id: z.string().regex(/^F[A-Z0-9]{1,30}$/),
  name: z.string().trim().min(1).optional(),
  title: z.string().optional(),
  mimetype: z.string().max(200).optional(),
  filetype: z.string().max(40).optional(),
  size: z.number().int().min(0).optional(),
  permalink: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  mode: z.string().optional(),
});

type SlackFile = z.infer<typeof slackFileSchema>;

/** Why a file is not kept with a bug, in words the reporter reads after its name (a field error, or a note on the form). */
export type FileProblem = { name: string; reason: string };

const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

/** What is wrong with a file for a bug, said after its name ("shot.exe is …"); undefined when nothing is. */
function problemWith(file: SlackFile): string | undefined {
  if (file.mode === 'tombstone' || file.mode === 'hidden_by_limit') return 'was deleted or is hidden';
  if (file.size === undefined) return 'came without its size';
  if (file.size > fileLimits.maxBytes) return `is ${megabytes(file.size)} MB, over the 10 MB a file may be`;
  const filetype = (file.filetype ?? '').toLowerCase();
  const mimetype = (file.mimetype ?? '').toLowerCase().split(';')[0]!.trim();
  if (allowed[filetype]?.includes(mimetype)) return undefined;
  // Read out as letters: "an SVG", "an EXE", "a ZIP".
  const kind = filetype && filetype !== 'binary' ? `${/^[aefhilmnorsx]/.test(filetype) ? 'an' : 'a'} ${filetype.toUpperCase()} file` : 'a file of a kind';
  return `is ${kind} a bug cannot carry (screenshots, PDFs, text, logs, CSV, JSON and videos it can)`;
}

/** A file Slack described, as a bug keeps it; or why it cannot be kept. */
export function keepableFile(raw: unknown): { ok: true; file: StoredFile } | { ok: false; problem: FileProblem } {
  const parsed = slackFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: { name: 'A file', reason: 'came in a shape Shortlist cannot read' } };
  const file = parsed.data;
  const name = truncate(file.name ?? file.title ?? file.id, fileLimits.name);
  const problem = problemWith(file);
  if (problem) return { ok: false, problem: { name, reason: problem } };
  return { ok: true, file: { id: file.id, name, mimetype: file.mimetype ?? null, filetype: file.filetype?.toLowerCase() ?? null, size: file.size ?? null, permalink: file.permalink ?? null } };
}

/**
 * The files of a reported message that the bug keeps (the first ones that may be kept, up to the limit), and
 * those left out with why. Nothing about them fails the report: a message's files are the reporter's evidence,
 * not something they typed.
 */
export function messageFiles(raw: unknown): { kept: StoredFile[]; left: FileProblem[] } {
  const kept: StoredFile[] = [];
  const left: FileProblem[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const result = keepableFile(item);
    if (!result.ok) left.push(result.problem);
    else if (kept.length >= fileLimits.perBug) left.push({ name: result.file.name, reason: `is past the ${fileLimits.perBug} files a bug keeps` });
    else if (!kept.some((file) => file.id === result.file.id)) kept.push(result.file);
  }
  return { kept, left };
}

/**
 * The files a person attached on the form, checked as Slack sent them: each must be of an allowed type and at
 * most 10 MB, and with the message's own files (`alreadyKept`) at most 5. An error names the first problem.
 */
export function formFiles(raw: unknown, alreadyKept: number): { ok: true; files: StoredFile[] } | { ok: false; error: string } {
  if (raw === undefined || raw === null) return { ok: true, files: [] };
  if (!Array.isArray(raw)) return { ok: false, error: 'These files could not be read. Remove them and add them again.' };
  const files: StoredFile[] = [];
  for (const item of raw) {
    const result = keepableFile(item);
    if (!result.ok) return { ok: false, error: `${truncate(result.problem.name, 80)} ${result.problem.reason}. Remove it to file the bug.` };
    if (!files.some((file) => file.id === result.file.id)) files.push(result.file);
  }
  const room = fileLimits.perBug - alreadyKept;
  if (files.length > room) {
    const already = alreadyKept > 0 ? ` (the message already brings ${alreadyKept})` : '';
    return { ok: false, error: `A bug keeps at most ${fileLimits.perBug} files${already}: remove ${files.length - room}.` };
  }
  return { ok: true, files };
}
