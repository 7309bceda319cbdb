/** Dedupe keys of first posts; later messages about an item wait while its first post is pending. */
export const confirmationKey = (bugId: number) => `bug_confirmation:${bugId}`;
export const triagePostKey = (bugId: number) => `triage_post:${bugId}`;
export const storyPostKey = (storyId: number) => `story_post:${storyId}`;
/** A bug's files shared into its thread: queued once, with the bug. */
export const filesShareKey = (bugId: number) => `bug_files_share:${bugId}`;
