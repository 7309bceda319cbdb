/**
 * Every block and element the issue lists, as a bot would send them: a message (header, section with fields and
 * an accessory, context, divider, image, actions with confirm, selects, overflow) and a modal of every input.
 * The page must draw each one, named as a person finds it.
 */
const text = (value: string) => ({ type: 'plain_text' as const, text: value });
const option = (label: string, value: string) => ({ text: text(label), value });
const input = (blockId: string, label: string, element: Record<string, unknown>, optional = false) => ({ type: 'input', block_id: blockId, label: text(label), optional, element: { action_id: `${blockId}_action`, ...element } });

export const closeConfirm = { title: text('Close this bug?'), text: { type: 'mrkdwn', text: '*BUG-7* moves to done.' }, confirm: text('Close it'), deny: text('Keep it open'), style: 'danger' };

export const kitchenSinkBlocks = [
  { type: 'header', text: text('Weekly triage :bug:') },
  {
    type: 'section',
    block_id: 'summary',
    text: { type: 'mrkdwn', text: '*BUG-7* checkout fails for <@U_TRIAGER> :fire: and :not_an_emoji: stays' },
    fields: [
      { type: 'mrkdwn', text: '*Risk*\n12' },
      { type: 'mrkdwn', text: '*Status*\n`open`' },
    ],
    accessory: { type: 'button', action_id: 'open_bug', text: text('Open BUG-7'), value: 'BUG-7' },
  },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'Filed by Rita :eyes:' }] },
  { type: 'divider' },
  { type: 'image', image_url: 'https://chart.invalid/risk.png', alt_text: 'Risk chart', title: text('Risk this week') },
  {
    type: 'actions',
    block_id: 'controls',
    elements: [
      { type: 'button', action_id: 'close_bug', text: text('Close BUG-7'), style: 'danger', value: 'BUG-7', confirm: closeConfirm },
      { type: 'static_select', action_id: 'severity', placeholder: text('Severity'), options: [option('Low', 'low'), option('High', 'high')] },
      { type: 'multi_static_select', action_id: 'platforms', placeholder: text('Platforms'), options: [option('Web', 'web'), option('iOS', 'ios'), option('Android', 'android')] },
      { type: 'users_select', action_id: 'assignee', placeholder: text('Assignee') },
      { type: 'overflow', action_id: 'more', options: [option('Snooze a week', 'snooze'), option('Duplicate of…', 'duplicate')] },
    ],
  },
];

export const kitchenSinkModal = {
  type: 'modal' as const,
  callback_id: 'kitchen_sink',
  title: text('Kitchen sink'),
  submit: text('Send'),
  close: text('Cancel'),
  blocks: [
    input('summary', 'Summary', { type: 'plain_text_input', initial_value: 'Checkout fails' }),
    input('steps', 'Steps', { type: 'plain_text_input', multiline: true }),
    input('severity', 'Severity', { type: 'static_select', options: [option('Low', 'low'), option('High', 'high')] }),
    input('platforms', 'Platforms', { type: 'multi_static_select', options: [option('Web', 'web'), option('iOS', 'ios'), option('Android', 'android')] }),
    input('assignee', 'Assignee', { type: 'users_select' }),
    input('watchers', 'Watchers', { type: 'multi_users_select' }),
    input('channel', 'Channel', { type: 'conversations_select' }),
    input('also', 'Also post in', { type: 'multi_conversations_select' }, true),
    input('flags', 'Flags', { type: 'checkboxes', options: [option('Regression', 'regression'), option('Security', 'security')] }),
    input('priority', 'Priority', { type: 'radio_buttons', options: [option('Now', 'now'), option('Later', 'later')] }),
    input('noticed', 'Noticed at', { type: 'timepicker' }),
    input('affected', 'Affected users', { type: 'number_input', is_decimal_allowed: false }),
    input('link', 'Link', { type: 'url_text_input' }),
    input('files', 'Attachments', { type: 'file_input', max_files: 2, filetypes: ['txt', 'log', 'png'] }),
    { type: 'section', block_id: 'tools', text: { type: 'mrkdwn', text: 'More tools' }, accessory: { type: 'overflow', action_id: 'tools_more', options: [option('Clear the form', 'clear')] } },
  ],
};
