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

/** Triage controls carry the bug id in their block id: `<prefix>:<bugId>`. */
export const triageIds = {
  ratingsBlockPrefix: 'bug_ratings',
  statusBlockPrefix: 'bug_status',
  probabilityAction: 'bug_probability_select',
  impactAction: 'bug_impact_select',
  ownerAction: 'bug_owner_select',
  needsInfoAction: 'bug_needs_info_button',
  infoAddedAction: 'bug_info_added_button',
  startAction: 'bug_start_button',
  closeAction: 'bug_close_button',
  followDuplicateAction: 'follow_duplicate_button',
} as const;

export const closeModalIds = {
  callbackId: 'close_bug_modal',
  fields: {
    resolution: { blockId: 'resolution_block', actionId: 'resolution_select' },
    duplicateOf: { blockId: 'duplicate_of_block', actionId: 'duplicate_of_input' },
    note: { blockId: 'note_block', actionId: 'note_input' },
  },
} as const;

export const shortcutIds = {
  reportAsBug: 'report_as_bug',
  reportBug: 'report_bug',
} as const;
