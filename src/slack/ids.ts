/** Every callback, block and action id the app sends to Slack, in one place. */
export const bugModalIds = {
  callbackId: 'bug_modal',
  fields: {
    summary: { blockId: 'summary_block', actionId: 'summary_input' },
    steps: { blockId: 'steps_block', actionId: 'steps_input' },
    expected: { blockId: 'expected_block', actionId: 'expected_input' },
    actual: { blockId: 'actual_block', actionId: 'actual_input' },
    environment: { blockId: 'environment_block', actionId: 'environment_input' },
    link: { blockId: 'link_block', actionId: 'link_input' },
  },
} as const;

export const bugMessageIds = {
  summaryBlock: 'bug_summary_block',
  fieldsBlock: 'bug_fields_block',
} as const;
