import { describe, expect, it } from 'vitest';
import { digestChannelMissingText, digestFailureText } from '../../src/blocks/digest.ts';

const tail = ", or choose another digest channel in `/backlog settings`. `/backlog digest` posts one in any channel now; next week's goes out as scheduled.";

describe('digestFailureText', () => {
  it.each([
    ['not_in_channel', 'Shortlist is not a member of <#C1>. Invite it there with `/invite @Shortlist`'],
    ['channel_not_found', '<#C1> was archived or deleted, or it is private and Shortlist is not in it. Invite Shortlist there with `/invite @Shortlist`'],
    ['is_archived', '<#C1> was archived or deleted, or it is private and Shortlist is not in it. Invite Shortlist there with `/invite @Shortlist`'],
    ['msg_too_long', 'Slack refused the post in <#C1> (`msg_too_long`). Check that Shortlist can post there'],
  ])('after %s, says why and what to do', (reason, why) => {
    expect(digestFailureText('C1', reason)).toBe(`This week's backlog digest could not be posted: ${why}${tail}`);
  });
});

describe('digestChannelMissingText', () => {
  it('says no channel is set and how to set one', () => {
    expect(digestChannelMissingText).toBe(
      'Shortlist would post a weekly backlog digest, but no channel is set for it. Run `/backlog settings` and choose a digest channel (and invite me there with `/invite @Shortlist`).',
    );
  });
});
