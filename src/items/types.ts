/** The two kinds of item Shortlist tracks. */
export type ItemKind = 'bug' | 'story';

const prefixes: Record<ItemKind, string> = { bug: 'BUG', story: 'STORY' };

/** An item's key, unique in its workspace and never reused: `BUG-12`, `STORY-4`. */
export function itemKey(kind: ItemKind, number: number): string {
  return `${prefixes[kind]}-${number}`;
}

export const bugKey = (number: number): string => itemKey('bug', number);
export const storyKey = (number: number): string => itemKey('story', number);
