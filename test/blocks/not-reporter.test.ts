import { describe, expect, it } from 'vitest';
import { notReporterText } from '../../src/blocks/bug-message.ts';

describe('notReporterText', () => {
  it('names the reporter and the bug, and says what else to do', () => {
    expect(notReporterText('UREPORTER', 2)).toBe('Only <@UREPORTER>, who reported BUG-2, can close it as a duplicate. If you think it is one, say so in its thread or ask a triager to close it.');
  });
});
