/** Every callback, block and action id the app sends to Slack, in one place (shortcuts' are in surfaces.ts). */
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
  /** Screenshots or files (a file_input), and the note naming the reported message's own files. */
  files: { blockId: 'files_block', actionId: 'files_input' },
  messageFilesBlock: 'message_files_block',
} as const;

/** The ephemeral offer a person gets after adding the team's intake emoji to a message; the button's value names the message. */
export const emojiIntakeIds = {
  offerBlock: 'emoji_offer_block',
  reportAction: 'emoji_report_button',
} as const;

/** The Team field of the bug and story modals (shown when the workspace has several teams). */
export const teamFieldIds = { blockId: 'team_block', actionId: 'team_select' } as const;

/** Move to team, on an item's triage message and detail: the block id carries the item (`item_move:<type>:<id>`), each option's value a team id. */
export const moveTeamIds = { blockPrefix: 'item_move', action: 'item_move_team_select' } as const;

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

export const storyModalIds = {
  callbackId: 'story_modal',
  fields: {
    title: { blockId: 'title_block', actionId: 'title_input' },
    persona: { blockId: 'persona_block', actionId: 'persona_input' },
    want: { blockId: 'want_block', actionId: 'want_input' },
    benefit: { blockId: 'benefit_block', actionId: 'benefit_input' },
    criteria: { blockId: 'criteria_block', actionId: 'criteria_input' },
    flagKey: { blockId: 'flag_key_block', actionId: 'flag_key_input' },
  },
} as const;

/** Story controls carry the story id as their value. */
export const storyIds = {
  controlsBlockPrefix: 'story_controls',
  readyAction: 'story_ready_button',
  startAction: 'story_start_button',
  doneAction: 'story_done_button',
  wontDoAction: 'story_wont_do_button',
  ideaAction: 'story_idea_button',
  watchAction: 'story_watch_button',
} as const;

export const swapModalIds = {
  callbackId: 'backlog_swap_modal',
  outgoing: { blockId: 'outgoing_block', actionId: 'outgoing_select' },
  destination: { blockId: 'destination_block', actionId: 'destination_radio' },
} as const;

/** Controls shown wherever items are listed, and the list's paging. Values: `bug:<id>` or `story:<id>`. */
export const listIds = {
  keepAction: 'item_keep_button',
  closeAction: 'item_close_button',
  moreAction: 'backlog_more_button',
} as const;

/** The App Home tab's buttons, which open the same forms as the global shortcuts. */
export const homeIds = {
  reportBugAction: 'home_report_bug_button',
  writeStoryAction: 'home_write_story_button',
} as const;

export const settingsModalIds = {
  callbackId: 'settings_modal',
  fields: {
    digestChannelId: { blockId: 'digest_channel_block', actionId: 'digest_channel_select' },
    digestWeekday: { blockId: 'weekday_block', actionId: 'weekday_select' },
    digestTime: { blockId: 'time_block', actionId: 'time_picker' },
    timeZone: { blockId: 'timezone_block', actionId: 'timezone_input' },
    skipQuietWeeks: { blockId: 'quiet_block', actionId: 'quiet_checkbox' },
    triageChannelId: { blockId: 'triage_channel_block', actionId: 'triage_channel_select' },
    backlogCap: { blockId: 'cap_block', actionId: 'cap_input' },
    staleAfterDays: { blockId: 'stale_block', actionId: 'stale_input' },
    needsInfoDays: { blockId: 'needs_info_block', actionId: 'needs_info_input' },
    intakeEmoji: { blockId: 'intake_emoji_block', actionId: 'intake_emoji_input' },
  },
} as const;

/** `/backlog teams`: Add team, Edit on each team (value: the team id), and a menu for teams past the list's cut. */
export const teamListIds = {
  addAction: 'team_add_button',
  editAction: 'team_edit_button',
  editOtherAction: 'team_edit_select',
} as const;

/** The team modal: the settings' fields (settingsModalIds) plus these. */
export const teamModalIds = {
  callbackId: 'team_modal',
  fields: {
    name: { blockId: 'team_name_block', actionId: 'team_name_input' },
    intakeChannelIds: { blockId: 'intake_channels_block', actionId: 'intake_channels_select' },
    triagerIds: { blockId: 'triagers_block', actionId: 'triagers_select' },
  },
  archive: { blockId: 'archive_block', actionId: 'archive_checkbox' },
} as const;

/** `/backlog flags`: the setup modal, GrowthBook's rotate modal (a new key to paste) and Rotate secret on each connection. */
export const flagIds = {
  setupCallbackId: 'flag_setup_modal',
  rotateCallbackId: 'flag_rotate_modal',
  rotateAction: 'flag_rotate_button',
  fields: {
    provider: { blockId: 'flag_provider_block', actionId: 'flag_provider_select' },
    environment: { blockId: 'flag_environment_block', actionId: 'flag_environment_input' },
    signing: { blockId: 'flag_signing_block', actionId: 'flag_signing_select' },
    pastedKey: { blockId: 'flag_pasted_key_block', actionId: 'flag_pasted_key_input' },
  },
} as const;
