/**
 * The files Slack holds: those the bot uploads (files.getUploadURLExternal, then its bytes to the upload URL)
 * and those a person picks in a modal's file input (the sandbox). Slack's file objects are made here, for
 * files.info, for messages that share files and for a file input's `view.state.values`.
 */

type Answer = Record<string, unknown>;

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  size: number;
  mimetype: string;
  /** Who uploaded it: the bot (files.uploadV2) or a person (a modal's file input). */
  user: string;
  /** Unix seconds. */
  created: number;
  /** The bytes posted to the upload URL (empty until then). */
  content: Buffer;
  /** Channels it was shared into (files.completeUploadExternal). */
  channels: string[];
  /** Deleted by its owner: files.info answers file_deleted, url_private 404. */
  deleted?: boolean;
}

/** Where Slack serves a file: its `url_private` (bot token needed), the download variant and the permalink. */
export type FileUrls = (file: StoredFile) => { url_private: string; url_private_download: string; permalink: string };

export class FileStore {
  private files = new Map<string, StoredFile>();

  constructor(
    /** A fresh file id (`F…`). */
    private readonly nextId: () => string,
    private readonly botUser: () => string,
    private readonly urls: FileUrls,
  ) {}

  clear(): void {
    this.files.clear();
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** The files as JSON (bytes in base64), for the sandbox to keep across restarts. */
  snapshot(): Record<string, unknown>[] {
    return [...this.files.values()].map((f) => ({ ...f, content: f.content.toString('base64') }));
  }

  /** Takes back what `snapshot` gave (a file kept before files had an uploader or mimetype gets the bot's and a guess). */
  restore(files: Record<string, any>[]): void {
    for (const file of files) this.files.set(file.id, { mimetype: mimetypeOf(file.name), user: this.botUser(), created: 0, ...file, content: Buffer.from(file.content, 'base64') } as StoredFile);
  }

  /** files.getUploadURLExternal: a file id and where to post its bytes (`uploadBase` + id). */
  reserve(params: Record<string, any>, uploadBase: string): Answer {
    if (!params.filename || !params.length) return { ok: false, error: 'invalid_arguments' };
    const file = this.store({ name: String(params.filename), content: Buffer.alloc(0) });
    file.size = Number(params.length);
    return { ok: true, upload_url: `${uploadBase}${file.id}`, file_id: file.id };
  }

  /** A file in the store, its bytes known: the bot's upload, or a person's through a modal's file input (sandbox). */
  store(upload: { name: string; content: Buffer; mimetype?: string; user?: string }): StoredFile {
    const file: StoredFile = {
      id: this.nextId(),
      name: upload.name,
      title: upload.name,
      size: upload.content.length,
      mimetype: upload.mimetype || mimetypeOf(upload.name),
      user: upload.user ?? this.botUser(),
      created: Math.floor(Date.now() / 1000),
      content: upload.content,
      channels: [],
    };
    this.files.set(file.id, file);
    return file;
  }

  /** The bytes posted to an upload URL; false when the id was never reserved. */
  receive(id: string, content: Buffer): boolean {
    const file = this.files.get(id);
    if (!file) return false;
    file.content = content;
    file.size = content.length;
    return true;
  }

  /** Its owner deletes the file (files.delete, or deleting it in Slack): what referred to it finds it gone. */
  delete(id: string): boolean {
    const file = this.files.get(id);
    if (!file) return false;
    file.deleted = true;
    file.content = Buffer.alloc(0);
    return true;
  }

  /** files.info. */
  info(params: Record<string, any>): Answer {
    const file = this.files.get(String(params.file ?? ''));
    if (!file) return { ok: false, error: 'file_not_found' };
    if (file.deleted) return { ok: false, error: 'file_deleted' };
    return { ok: true, file: this.shape(file) };
  }

  /** A file as files.info and a file input's `view.state.values` describe it (Slack's file object). */
  shape(file: StoredFile): Record<string, unknown> {
    const { content: _content, ...rest } = file;
    const filetype = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? 'binary';
    return {
      ...rest,
      timestamp: file.created,
      filetype,
      pretty_type: filetype.toUpperCase(),
      mode: 'hosted',
      editable: false,
      is_external: false,
      is_public: file.channels.some((c) => c.startsWith('C')),
      ...this.urls(file),
      groups: [],
      ims: [],
    };
  }
}

const mimetypes: Record<string, string> = { txt: 'text/plain', log: 'text/plain', csv: 'text/csv', json: 'application/json', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', pdf: 'application/pdf', zip: 'application/zip', har: 'application/json', webp: 'image/webp', md: 'text/markdown', mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', svg: 'image/svg+xml', exe: 'application/x-msdownload' };

/** The mimetype Slack gives a file by its extension, when the uploader did not say. */
function mimetypeOf(name: string): string {
  return mimetypes[/\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}
