import type { Button, KnownBlock, ModalView } from '@slack/types';
import { selectInput } from './inputs.ts';
import { storyKey } from '../items/types.ts';
import type { FlagState, Story } from '../db/schema.ts';
import { flagStateLines } from './flag-state.ts';
import { storyStatusLabels } from '../stories/lifecycle.ts';

import { storyIds, swapModalIds } from './ids.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { truncate } from '../text/limits.ts';
import type { SlackMessage } from './message.ts';

function button(text: string, actionId: string, story: Pick<Story, 'id'>, style?: 'primary' | 'danger'): Button {
  return { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value: String(story.id), ...(style ? { style } : {}) };
}

/** The lifecycle buttons a story offers in its state. */
export function storyControls(story: Pick<Story, 'id' | 'status'>): Button[] {
  switch (story.status) {
    case 'idea':
      return [button('Ready', storyIds.readyAction, story, 'primary'), button("Won't do", storyIds.wontDoAction, story, 'danger')];
    case 'ready':
      return [button('Start', storyIds.startAction, story, 'primary'), button('Back to idea', storyIds.ideaAction, story), button("Won't do", storyIds.wontDoAction, story, 'danger')];
    case 'in_progress':
      return [button('Done', storyIds.doneAction, story, 'primary'), button('Back to idea', storyIds.ideaAction, story), button("Won't do", storyIds.wontDoAction, story, 'danger')];
    case 'wont_do':
      return [button('Back to idea', storyIds.ideaAction, story)];
    case 'done':
      return [];
  }
}

export function storyLine(story: Story): string {
  return `*${storyKey(story.number)}* ${escapeMrkdwn(story.title)}`;
}

/** The story message: the problem it describes, how we know it is solved, its flag's state where known, and its lifecycle controls. */
export function buildStoryMessage(story: Story, tip?: string, flagStates: FlagState[] = []): SlackMessage {
  const criteria = story.criteria.split('\n').map((line) => `• ${escapeMrkdwn(line)}`).join('\n');
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: 'story_title_block', text: { type: 'mrkdwn', text: `:bookmark: ${storyLine(story)}` } },
    {
      type: 'section',
      block_id: 'story_body_block',
      text: { type: 'mrkdwn', text: truncate(`*As a* ${escapeMrkdwn(story.persona)}\n*I want to* ${escapeMrkdwn(story.want)}\n*so that* ${escapeMrkdwn(story.benefit)}`, 3000) },
    },
    { type: 'section', block_id: 'story_criteria_block', text: { type: 'mrkdwn', text: truncate(`*Acceptance criteria*\n${criteria}`, 3000) } },
    {
      type: 'context',
      block_id: 'story_meta_block',
      elements: [{ type: 'mrkdwn', text: `${storyStatusLabels[story.status]} · by <@${story.reporterId}>${story.flagKey ? ` · flag \`${story.flagKey}\`` : ''}` }],
    },
  ];
  const flag = flagStateLines(flagStates);
  if (flag) blocks.push({ type: 'context', block_id: 'story_flag_block', elements: [{ type: 'mrkdwn', text: flag }] });
  const controls = storyControls(story);
  const watch = story.status === 'done' ? [] : [button('Watch', storyIds.watchAction, story)];
  if (controls.length + watch.length > 0) blocks.push({ type: 'actions', block_id: `${storyIds.controlsBlockPrefix}:${story.id}`, elements: [...controls, ...watch] });
  if (tip) blocks.push({ type: 'context', block_id: 'story_tip_block', elements: [{ type: 'mrkdwn', text: `:bulb: ${tip}` }] });
  return { text: `${storyKey(story.number)} ${escapeMrkdwn(story.title)} — ${storyStatusLabels[story.status]}`, blocks };
}

/** Asked when Ready meets a full backlog: which ready story makes room, and where it goes. */
export function buildSwapModal(incoming: Story, ready: Story[], cap: number): ModalView {
  const options = ready.slice(0, 100).map((story) => ({
    text: { type: 'plain_text' as const, text: truncate(`${storyKey(story.number)} ${story.title}`, 75) },
    value: String(story.id),
  }));
  return {
    type: 'modal',
    callback_id: swapModalIds.callbackId,
    private_metadata: JSON.stringify({ storyId: incoming.id }),
    title: { type: 'plain_text', text: 'The backlog is full' },
    submit: { type: 'plain_text', text: 'Swap' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`The backlog holds ${cap} ready stories, its cap. To make ${storyLine(incoming)} ready, one of them leaves: one in, one out.`, 3000) },
      },
      selectInput(swapModalIds.outgoing, 'Which ready story leaves? (oldest first)', options, 'Choose a story'),
      {
        type: 'input',
        block_id: swapModalIds.destination.blockId,
        label: { type: 'plain_text', text: 'Where does it go?' },
        element: {
          type: 'radio_buttons',
          action_id: swapModalIds.destination.actionId,
          initial_option: { text: { type: 'plain_text', text: 'Back to idea' }, value: 'idea' },
          options: [
            { text: { type: 'plain_text', text: 'Back to idea' }, value: 'idea' },
            { text: { type: 'plain_text', text: "Won't do" }, value: 'wont_do' },
          ],
        },
      },
    ],
  };
}
