/// <reference lib="dom" />
import { h } from './dom.ts';

type Json = Record<string, any>;

/** A file in the stand-in's store, as the upload answered. */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
}

/** Sends a picked file to the stand-in's file store (POST /sandbox/api/upload); rejects with the reason it was refused. */
export type Upload = (file: File) => Promise<UploadedFile>;

/** Slack's limit per file in a file input. */
const maxBytes = 10 * 1024 * 1024;

/** The files each file input holds once uploaded, for `view.state.values`. */
const uploadedTo = new WeakMap<Element, UploadedFile[]>();
const pending = new Set<Promise<unknown>>();

/** Resolves once every upload started has finished (a form is submitted with the files it shows). */
export async function uploadsSettled(): Promise<void> {
  await Promise.allSettled([...pending]);
}

/** What a file input holds, as Slack's state value names its files (the sandbox sends their file objects). */
export function filesOf(input: Element): { files: { id: string }[] } {
  return { files: (uploadedTo.get(input) ?? []).map(({ id }) => ({ id })) };
}

/** Why Slack's file picker would not take these files, in the words a person needs; undefined when it would. */
function refusal(files: File[], element: Json): string | undefined {
  const maxFiles = Number(element.max_files ?? 10);
  if (files.length > maxFiles) return `At most ${maxFiles} ${maxFiles === 1 ? 'file' : 'files'} here; you picked ${files.length}.`;
  const types: string[] = Array.isArray(element.filetypes) ? element.filetypes.map((t: unknown) => String(t).toLowerCase()) : [];
  const wrongType = files.find((f) => types.length > 0 && !types.includes(f.name.split('.').pop()?.toLowerCase() ?? ''));
  if (wrongType) return `${wrongType.name}: only ${types.join(', ')} files are accepted.`;
  const tooBig = files.find((f) => f.size > maxBytes);
  return tooBig ? `${tooBig.name} is over 10 MB, Slack's limit for a file.` : undefined;
}

/**
 * Slack's file_input: the browser's file picker; what is picked is uploaded to the stand-in at once (as Slack
 * uploads it before the form is submitted), listed under the input, and refused with a reason past Slack's limits.
 */
export function fileInput(element: Json, upload: Upload): HTMLInputElement {
  const maxFiles = Number(element.max_files ?? 10);
  const types: string[] = Array.isArray(element.filetypes) ? element.filetypes : [];
  const input = h('input', { type: 'file', multiple: maxFiles > 1, accept: types.length > 0 ? types.map((t) => `.${t}`).join(',') : undefined });
  const list = h('ul', { class: 'files', 'aria-label': 'Uploaded files' });
  const note = h('p', { class: 'error', role: 'alert', hidden: true });
  input.addEventListener('change', () => {
    if (!list.isConnected) input.after(list, note);
    const picked = [...(input.files ?? [])];
    const problem = refusal(picked, element);
    uploadedTo.set(input, []);
    list.replaceChildren();
    note.hidden = !problem;
    note.textContent = problem ?? '';
    if (problem) return;
    const job = Promise.all(picked.map(upload)).then(
      (files) => {
        uploadedTo.set(input, files);
        list.replaceChildren(...files.map((f) => h('li', {}, `${f.name} (${f.size} bytes)`)));
      },
      (error: unknown) => {
        note.hidden = false;
        note.textContent = `Upload failed: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
    pending.add(job);
    void job.finally(() => pending.delete(job));
  });
  return input;
}
