import { describe, expect, it } from 'vitest';
import { buildThreadReply, directNoticeText, threadReplyText } from '../../src/blocks/notices.ts';
import type { ItemChange } from '../../src/outbox/messages.ts';

const A = 'UACTOR';

describe('notice texts', () => {
  it.each<[ItemChange, string, string]>([
    [{ action: 'rated', actorId: A, probability: 3, impact: null }, 'BUG-1', '<@UACTOR> rated BUG-1: probability 3. It is triaged once it has both ratings.'],
    [{ action: 'rated', actorId: A, probability: null, impact: 4 }, 'BUG-1', '<@UACTOR> rated BUG-1: impact 4. It is triaged once it has both ratings.'],
    [{ action: 'rated', actorId: A, probability: 2, impact: 2 }, 'BUG-1', 'Re-rated by <@UACTOR>: probability 2 Unlikely × impact 2 Minor = risk 4 (low).'],
    [{ action: 'triaged', actorId: A, probability: 3, impact: 5 }, 'BUG-1', 'Triaged by <@UACTOR>: probability 3 Possible × impact 5 Severe = risk 15 (critical).'],
    [{ action: 'owner_set', actorId: A, ownerId: 'UOWNER' }, 'BUG-1', '<@UOWNER> now owns BUG-1 (set by <@UACTOR>).'],
    [{ action: 'owner_set', actorId: A, ownerId: null }, 'BUG-1', '<@UACTOR> removed the owner of BUG-1.'],
    [
      { action: 'needs_info', actorId: A, reporterId: 'UREP', days: 14 },
      'BUG-1',
      '<@UREP>, <@UACTOR> needs more information to work on BUG-1. Please answer in this thread, then press *Info added* so it goes back to triage. If it is still waiting in 14 days, it will be closed as expired.',
    ],
    [{ action: 'info_added', actorId: A, status: 'triaged' }, 'BUG-1', '<@UACTOR> has the information needed; BUG-1 is back to triaged.'],
    [{ action: 'info_added', actorId: 'UREP', status: 'new', via: 'reply', askedBy: 'UASKER' }, 'BUG-1', '<@UASKER>, <@UREP> answered in this thread; BUG-1 is back to new.'],
    [{ action: 'info_added', actorId: 'UREP', status: 'triaged', via: 'reply', askedBy: null }, 'BUG-1', '<@UREP> answered in this thread; BUG-1 is back to triaged.'],
    [{ action: 'started', actorId: A }, 'BUG-1', '<@UACTOR> started working on BUG-1.'],
    [{ action: 'resolved', actorId: A, resolution: 'wont_fix', duplicateOf: null, note: null, summary: 's' }, 'BUG-1', "<@UACTOR> resolved BUG-1 as won't fix."],
    [{ action: 'resolved', actorId: A, resolution: 'duplicate', duplicateOf: 7, note: 'same *crash*\nsee logs', summary: 's' }, 'BUG-1', '<@UACTOR> resolved BUG-1 as duplicate of BUG-7.\n> same *crash*\n> see logs'],
    [{ action: 'expired', days: 14, summary: 's' }, 'BUG-1', 'BUG-1 was closed as expired: it waited 14 days for more information. File it again with /bug if it still happens.'],
    [{ action: 'ready', actorId: A }, 'STORY-2', '<@UACTOR> moved STORY-2 into the backlog: it is ready.'],
    [{ action: 'start', actorId: A }, 'STORY-2', '<@UACTOR> started STORY-2.'],
    [{ action: 'done', actorId: A, title: 'Export <all>', flagKey: 'export-v2' }, 'STORY-2', 'STORY-2 “Export &lt;all&gt;” shipped :tada: (marked done by <@UACTOR>). It is behind the feature flag `export-v2`.'],
    [{ action: 'done', actorId: A, title: 'Export', flagKey: null }, 'STORY-2', 'STORY-2 “Export” shipped :tada: (marked done by <@UACTOR>).'],
    [{ action: 'wont_do', actorId: A }, 'STORY-2', "<@UACTOR> decided we won't do STORY-2."],
    [{ action: 'back_to_idea', actorId: A }, 'STORY-2', '<@UACTOR> sent STORY-2 back to refinement (idea).'],
  ])('%o in the thread of %s reads %j', (change, key, text) => {
    expect(threadReplyText(key, change)).toBe(text);
  });

  it.each<[ItemChange, string]>([
    [{ action: 'resolved', actorId: A, resolution: 'fixed', duplicateOf: null, note: 'in 2.1', summary: 'Login <fails>' }, 'Your bug BUG-1 “Login &lt;fails&gt;” was resolved as fixed by <@UACTOR>.\n> in 2.1'],
    [{ action: 'expired', days: 7, summary: 'Login' }, 'Your bug BUG-1 “Login” was closed as expired: it waited 7 days for more information.'],
    [{ action: 'started', actorId: A }, '<@UACTOR> started working on BUG-1.'],
  ])('%o told directly reads %j', (change, text) => {
    expect(directNoticeText('BUG-1', change)).toBe(text);
  });
});

describe('buildThreadReply', () => {
  const item = { itemId: 9, key: 'BUG-4', waitingForInfo: true };
  it('is the text alone in the thread, and names the item first when sent to the reporter instead', () => {
    expect(buildThreadReply(item, { text: 'started', asksForInfo: false }, false)).toEqual({ text: 'started' });
    expect(buildThreadReply(item, { text: 'started', asksForInfo: false }, true)).toEqual({ text: '*BUG-4*: started' });
  });

  it('carries the Info added button while the bug waits for information, and not once it does not', () => {
    expect(buildThreadReply(item, { text: 'tell us more', asksForInfo: true }, false)).toEqual({
      text: 'tell us more',
      blocks: [
        { type: 'section', block_id: 'info_request_block', text: { type: 'mrkdwn', text: 'tell us more' } },
        { type: 'actions', block_id: 'bug_status:9', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Info added' }, action_id: 'bug_info_added_button', value: '9', style: 'primary' }] },
      ],
    });
    expect(buildThreadReply({ ...item, waitingForInfo: false }, { text: 'tell us more', asksForInfo: true }, false)).toEqual({ text: 'tell us more' });
  });
});
