/** Dedupe keys of first posts; later messages about an item wait while its first post is pending. */
export const confirmationKey = (bugId: number) => `bug_confirmation:${bugId}`;
export const triagePostKey = (bugId: number) => `triage_post:${bugId}`;
export const storyPostKey = (storyId: number) => `story_post:${storyId}`;
