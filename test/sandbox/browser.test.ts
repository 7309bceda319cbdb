/**
 * The sandbox in a real browser, as a person uses it: playwright-core driving the machine's Chromium (Debian's
 * `chromium`; CHROMIUM_PATH overrides). No browser: the suite skips these with one line, unless CI (or
 * SANDBOX_BROWSER_REQUIRED=1) is set, when it fails instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggerFor } from '../../src/sandbox/triggers.ts';
import { type PageSandbox, startPageSandbox } from '../support/page-sandbox.ts';
import { type BotProcess, startBot } from '../support/process.ts';
import { kitchenSinkBlocks, kitchenSinkModal } from './kitchen-sink.ts';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const found = existsSync(executablePath);
const required = Boolean(process.env.CI || process.env.SANDBOX_BROWSER_REQUIRED);
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

if (!found && !required) console.warn(`sandbox browser tests skipped: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** Chromium, headless, 1280×800 (the size of the README's screenshots), with a fresh profile in `profile`. */
async function launch(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  if (!found) throw new Error(`no Chromium at ${executablePath}, and CI or SANDBOX_BROWSER_REQUIRED is set: install chromium or set CHROMIUM_PATH`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(8000);
  return { context, page };
}

/** Writes a screenshot of the page into test-artifacts/ (docs/images/ takes its copies from there: README). */
async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name) });
}

describe.skipIf(!found && !required)('the sandbox page in Chromium', () => {
  let bot: BotProcess;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const dirs: string[] = [];
  const alerts: string[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shortlist-browser-'));
    const profile = mkdtempSync(join(tmpdir(), 'shortlist-chromium-'));
    dirs.push(dataDir, profile);
    bot = startBot({ PORT: '0', DATA_DIR: dataDir });
    base = `http://127.0.0.1:${await bot.ready}`;
    ({ context, page } = await launch(profile));
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${base}/sandbox`);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    bot?.child.kill('SIGTERM');
    await bot?.exited;
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Types /bug and files it through the modal; `shot` names a screenshot of the filled modal. */
  async function fileBug(summary: string, shot?: string) {
    const composer = page.getByRole('textbox', { name: 'Message #bugs' });
    await composer.fill('/bu');
    await expect.poll(() => page.getByRole('option', { name: /\/bug/ }).count()).toBe(1);
    await composer.fill(`/bug ${summary}`);
    await composer.press('Enter');
    const modal = page.getByRole('dialog', { name: 'Report a bug' });
    await modal.waitFor();
    expect(await modal.getByLabel('Summary').inputValue()).toBe(summary);
    await modal.getByLabel('Steps to reproduce').fill('1. Add a book to the cart\n2. Pay');
    await modal.getByLabel('Expected').fill('The order is confirmed');
    await modal.getByLabel('Actual').fill('A spinner, forever');
    if (shot) await screenshot(page, shot);
    await modal.getByRole('button', { name: 'File bug' }).click();
    await modal.waitFor({ state: 'detached' });
  }

  it('files a bug as the reporter: /bug, the modal filled by label, BUG-1 confirmed and a triage message', async () => {
    await fileBug('Checkout fails', 'sandbox-modal.png');
    const messages = page.getByRole('log', { name: 'Messages' });
    await messages.getByText(/BUG-1/).first().waitFor();
    // The triage message, with its Risk field and controls.
    await messages.getByText('Risk').first().waitFor();
    expect(await messages.locator('article').count()).toBeGreaterThanOrEqual(2);
    // The bug's :beetle: shortcode is drawn as the emoji, as Slack draws it.
    await messages.getByText(/🪲/).first().waitFor();
    expect(await messages.textContent()).not.toContain(':beetle:');
    await screenshot(page, 'sandbox.png');
  }, 30_000);

  it('rates it as the triager and shows the risk; the reporter replies in its thread; Home opens', async () => {
    await page.getByLabel('You are').selectOption('U_TRIAGER');
    const triage = page.getByRole('log', { name: 'Messages' }).locator('article').filter({ hasText: 'Risk' }).first();
    await triage.getByRole('combobox', { name: 'Probability' }).selectOption({ index: 3 });
    // Risk shows once both are rated; the message is redrawn (chat.update) after each choice.
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('[role=log] select option[selected]').length)).toBeGreaterThan(0);
    await page.getByRole('log', { name: 'Messages' }).locator('article').filter({ hasText: 'Risk' }).first().getByRole('combobox', { name: 'Impact' }).selectOption({ index: 4 });
    // The triage message's Risk field: probability 3 × impact 4.
    await page.getByRole('log', { name: 'Messages' }).getByText(/Risk\s*12 · /).first().waitFor();

    await page.getByLabel('You are').selectOption('U_REPORTER');
    const confirmation = page.getByRole('log', { name: 'Messages' }).locator('article').first();
    await confirmation.getByRole('button', { name: 'Message actions' }).click();
    await confirmation.getByRole('menuitem', { name: 'Reply in thread' }).click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    await thread.getByRole('textbox', { name: 'Reply in thread' }).fill('It happens on every card');
    await thread.getByRole('textbox', { name: 'Reply in thread' }).press('Enter');
    await thread.getByText('It happens on every card').waitFor();
    await page.getByRole('button', { name: 'Close thread' }).click();

    await page.getByRole('button', { name: 'Home', exact: true }).click();
    await page.getByRole('heading', { name: 'Shortlist — Home' }).waitFor();
    await expect.poll(() => page.getByRole('log', { name: 'Messages' }).textContent()).not.toContain('Opening Home');
    await screenshot(page, 'sandbox-home.png');
    await page.getByRole('button', { name: '# bugs' }).click();
  }, 30_000);

  it('shows a summary written as HTML as text: no element is made of it, no script runs', async () => {
    const summary = '<img src=x onerror=alert(1)>';
    await fileBug(summary);
    const messages = page.getByRole('log', { name: 'Messages' });
    await messages.getByText(/BUG-2/).first().waitFor();
    await messages.getByText(summary).first().waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('main img').count()).toBe(0);
    expect(alerts).toEqual([]);
  }, 30_000);

  it('reports a message as a bug from its message menu, the confirmation in its thread; the global shortcut opens the bug form', async () => {
    const messages = page.getByRole('log', { name: 'Messages' });
    const composer = page.getByRole('textbox', { name: 'Message #bugs' });
    await composer.fill('Search finds nothing for ISBNs');
    await composer.press('Enter');
    const said = () => messages.locator('article').filter({ hasText: 'Search finds nothing for ISBNs' }).first();
    await said().waitFor();
    await said().getByRole('button', { name: 'Message actions' }).click();
    await said().getByRole('menuitem', { name: 'Report as bug' }).click();
    const modal = page.getByRole('dialog', { name: 'Report a bug' });
    await modal.waitFor();
    expect(await modal.getByLabel('Summary').inputValue()).toBe('Search finds nothing for ISBNs');
    await modal.getByLabel('Steps to reproduce').fill('Search for 9780141036144');
    await modal.getByLabel('Expected').fill('The book');
    await modal.getByRole('button', { name: 'File bug' }).click();
    await modal.waitFor({ state: 'detached' });
    await said().getByRole('button', { name: '1 reply' }).click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    await thread.getByText(/BUG-3/).first().waitFor();
    await page.getByRole('button', { name: 'Close thread' }).click();

    await page.getByRole('button', { name: 'Shortcuts' }).click();
    await page.getByRole('menuitem', { name: 'Report a bug' }).click();
    const form = page.getByRole('dialog', { name: 'Report a bug' });
    await form.waitFor();
    expect(await form.getByLabel('Summary').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  }, 30_000);

  it('adds a reaction from the message menu: it shows on the message, an unknown emoji is refused, and the API log shows the reaction_added the bot got', async () => {
    const messages = page.getByRole('log', { name: 'Messages' });
    const said = () => messages.locator('article').filter({ hasText: 'Search finds nothing for ISBNs' }).first();
    await said().getByRole('button', { name: 'Message actions' }).click();
    await said().getByRole('menuitem', { name: 'Add reaction' }).click();
    const picker = said().getByRole('dialog', { name: 'Add reaction' });
    await picker.getByRole('textbox', { name: 'Emoji name' }).fill('not_an_emoji');
    await picker.getByRole('textbox', { name: 'Emoji name' }).press('Enter');
    await picker.getByRole('alert').filter({ hasText: 'no emoji called :not_an_emoji:' }).waitFor();
    await picker.getByRole('button', { name: ':bug:' }).click();
    const reaction = said().getByRole('button', { name: ':bug: 1, Rita Reporter' });
    await reaction.waitFor();
    expect([await reaction.textContent(), await reaction.getAttribute('aria-pressed')]).toEqual(['🐛 1', 'true']);

    await page.getByRole('button', { name: 'Slack API log' }).click();
    const log = page.getByRole('complementary', { name: 'Slack API log' });
    const event = log.locator('details').filter({ hasText: '→ bot event reaction_added' }).last();
    await event.locator('summary').click();
    const entry = JSON.parse((await event.locator('pre').textContent()) ?? '');
    expect(entry.body).toMatchObject({ type: 'reaction_added', user: 'U_REPORTER', reaction: 'bug', item: { type: 'message', channel: 'C_BUGS' } });
    // The calls the bot made, with what it sent: BUG-1's confirmation among them.
    const posts = log.locator('details').filter({ hasText: '→ Slack chat.postMessage' });
    expect(await posts.count()).toBeGreaterThan(1);
    const bodies = await posts.locator('pre').allTextContents();
    expect(bodies.some((body) => body.includes('BUG-1') && body.includes('"channel": "C_BUGS"'))).toBe(true);
    const submissions = await log.locator('details').filter({ hasText: '→ bot view_submission' }).locator('pre').allTextContents();
    expect(submissions.some((body) => body.includes('Search finds nothing for ISBNs'))).toBe(true);
    await page.getByRole('button', { name: 'Slack API log' }).click();
    await log.waitFor({ state: 'hidden' });
  }, 30_000);

  it('files a bug by emoji: :bug: from the message menu, Report as bug in the ephemeral only the reporter sees, the form filled in, BUG-4 confirmed in its thread', async () => {
    const messages = page.getByRole('log', { name: 'Messages' });
    const composer = page.getByRole('textbox', { name: 'Message #bugs' });
    await composer.fill('The wishlist heart does nothing');
    await composer.press('Enter');
    const said = () => messages.locator('article').filter({ hasText: 'The wishlist heart does nothing' }).first();
    await said().waitFor();
    await said().getByRole('button', { name: 'Message actions' }).click();
    await said().getByRole('menuitem', { name: 'Add reaction' }).click();
    await said().getByRole('dialog', { name: 'Add reaction' }).getByRole('button', { name: ':bug:' }).click();
    const offer = messages.locator('article').filter({ hasText: 'Report it as a bug?' }).last();
    await offer.waitFor();
    expect(await offer.textContent()).toContain('Only visible to you');
    await offer.getByRole('button', { name: 'Report as bug' }).click();
    const modal = page.getByRole('dialog', { name: 'Report a bug' });
    await modal.waitFor();
    expect(await modal.getByLabel('Summary').inputValue()).toBe('The wishlist heart does nothing');
    expect(await modal.getByLabel('Actual').inputValue()).toBe('The wishlist heart does nothing');
    expect(await modal.getByLabel('Screenshots or files').count()).toBe(1);
    await modal.getByLabel('Steps to reproduce').fill('Open a book, press the heart');
    await modal.getByLabel('Expected').fill('The book is on my wishlist');
    await modal.getByRole('button', { name: 'File bug' }).click();
    await modal.waitFor({ state: 'detached' });
    await said().getByRole('button', { name: '1 reply' }).click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    await thread.getByText(/BUG-4/).first().waitFor();
    await page.getByRole('button', { name: 'Close thread' }).click();
    // Someone else sees no offer: it was the reporter's alone.
    await page.getByLabel('You are').selectOption('U_TRIAGER');
    await messages.getByText('The wishlist heart does nothing').first().waitFor();
    // The page redraws for the person chosen a moment after the choice: wait for it, as a person would look.
    await expect.poll(() => messages.locator('article').filter({ hasText: 'Report it as a bug?' }).count()).toBe(0);
    await page.getByLabel('You are').selectOption('U_REPORTER');
  }, 30_000);
});

describe.skipIf(!found && !required)('every Block Kit block and element, drawn and sent back as Slack does (a bot of the test’s own)', () => {
  let sandbox: PageSandbox;
  let context: BrowserContext;
  let page: Page;
  const dirs: string[] = [];
  const message = () => page.getByRole('log', { name: 'Messages' }).locator('article').first();
  const lastAction = () => sandbox.interactions('block_actions').at(-1)?.actions[0];

  beforeAll(async () => {
    sandbox = await startPageSandbox();
    const profile = mkdtempSync(join(tmpdir(), 'shortlist-chromium-'));
    dirs.push(profile);
    ({ context, page } = await launch(profile));
    await sandbox.client.chat.postMessage({ channel: 'C_BUGS', text: 'Weekly triage', blocks: kitchenSinkBlocks as any });
    await page.goto(`${sandbox.url}/sandbox`);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await sandbox?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('draws the message: header, section with fields and accessory, context, divider, image, actions; mrkdwn and emoji as Slack shows them', async () => {
    await message().getByRole('heading', { name: 'Weekly triage 🐛' }).waitFor();
    const text = (await message().textContent()) ?? '';
    for (const shown of ['checkout fails for @Tom Triager 🔥 and :not_an_emoji: stays', 'Risk12', 'Statusopen', 'Filed by Rita 👀', 'Risk this week']) expect(text).toContain(shown);
    expect(await message().locator('b', { hasText: 'BUG-7' }).count()).toBe(1);
    expect(await message().locator('code').textContent()).toBe('open');
    expect(await message().locator('hr').count()).toBe(1);
    expect(await message().getByRole('img', { name: 'Risk chart' }).count()).toBe(1);
    for (const name of ['Open BUG-7', 'Close BUG-7']) expect(await message().getByRole('button', { name }).count()).toBe(1);
    for (const name of ['Severity', 'Assignee', 'More options']) expect(await message().getByRole('combobox', { name }).count()).toBe(1);
    expect(await message().getByRole('listbox', { name: 'Platforms' }).count()).toBe(1);
    expect(await message().getByRole('combobox', { name: 'Assignee' }).locator('option').allTextContents()).toEqual(['Assignee', 'Rita Reporter', 'Tom Triager', 'Ada Admin', 'Otto Other']);
  });

  it('asks before a button with a confirm acts: the safe answer sends nothing, the confirming one sends the action', async () => {
    await message().getByRole('button', { name: 'Close BUG-7' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Close this bug?' });
    expect(await confirm.textContent()).toContain('BUG-7 moves to done.');
    await confirm.getByRole('button', { name: 'Keep it open' }).click();
    await confirm.waitFor({ state: 'detached' });
    await message().getByRole('button', { name: 'Open BUG-7' }).click();
    await expect.poll(() => lastAction()?.action_id).toBe('open_bug');
    expect(sandbox.interactions('block_actions').map((p) => p.actions[0].action_id)).toEqual(['open_bug']);

    await message().getByRole('button', { name: 'Close BUG-7' }).click();
    await confirm.getByRole('button', { name: 'Close it' }).click();
    await expect.poll(() => lastAction()?.action_id).toBe('close_bug');
    expect(lastAction()).toMatchObject({ type: 'button', block_id: 'controls', value: 'BUG-7' });
  });

  it('sends every option a multi-select holds, the user a users select names, and an overflow’s choice', async () => {
    await message().getByRole('listbox', { name: 'Platforms' }).selectOption(['web', 'android']);
    await expect.poll(() => lastAction()?.action_id).toBe('platforms');
    expect(lastAction()).toMatchObject({ type: 'multi_static_select', selected_options: [{ value: 'web', text: { text: 'Web' } }, { value: 'android', text: { text: 'Android' } }] });
    await message().getByRole('combobox', { name: 'Assignee' }).selectOption({ label: 'Tom Triager' });
    await expect.poll(() => lastAction()?.action_id).toBe('assignee');
    expect(lastAction()).toMatchObject({ type: 'users_select', selected_user: 'U_TRIAGER' });
    await message().getByRole('combobox', { name: 'More options' }).selectOption('snooze');
    await expect.poll(() => lastAction()?.action_id).toBe('more');
    expect(lastAction()).toMatchObject({ type: 'overflow', selected_option: { value: 'snooze' } });
  });

  it('draws a modal of every input by its label, refuses too many files, uploads the rest, and submits Slack’s state values, the files readable by the bot', async () => {
    await sandbox.client.views.open({ trigger_id: triggerFor('U_REPORTER'), view: kitchenSinkModal as any });
    const modal = page.getByRole('dialog', { name: 'Kitchen sink' });
    await modal.waitFor();
    expect(await modal.getByLabel('Summary').inputValue()).toBe('Checkout fails');
    await modal.getByLabel('Steps').fill('1. Pay');
    await modal.getByLabel('Severity').selectOption('high');
    await modal.getByLabel('Platforms').selectOption(['web', 'ios']);
    await modal.getByLabel('Assignee').selectOption({ label: 'Tom Triager' });
    await modal.getByLabel('Watchers').selectOption(['U_ADMIN', 'U_TRIAGER']);
    await modal.getByLabel('Channel').selectOption({ label: '#triage' });
    await modal.getByLabel('Also post in').selectOption(['C_WEB']);
    await modal.getByRole('group', { name: 'Flags' }).getByLabel('Security').check();
    await modal.getByRole('radiogroup', { name: 'Priority' }).getByLabel('Now').check();
    await modal.getByLabel('Noticed at').fill('09:30');
    await modal.getByLabel('Affected users').fill('42');
    await modal.getByLabel('Link').fill('https://shop.example/checkout');
    expect(await modal.getByRole('combobox', { name: 'More options' }).count()).toBe(1);

    const file = (name: string, content: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
    const attachments = modal.getByLabel('Attachments');
    await attachments.setInputFiles([file('a.txt', 'a'), file('b.txt', 'b'), file('c.txt', 'c')]);
    await modal.getByRole('alert').filter({ hasText: 'At most 2 files here; you picked 3.' }).waitFor();
    await attachments.setInputFiles([file('trace.txt', 'at checkout()'), file('console.log', 'TypeError: total is undefined')]);
    await modal.getByRole('list', { name: 'Uploaded files' }).getByText('trace.txt (13 bytes)').waitFor();
    await modal.getByRole('button', { name: 'Send' }).click();
    await modal.waitFor({ state: 'detached' });

    const [submission] = sandbox.interactions('view_submission');
    const values = submission!.view.state.values;
    const option = (value: string) => expect.objectContaining({ value });
    expect(values).toMatchObject({
      summary: { summary_action: { type: 'plain_text_input', value: 'Checkout fails' } },
      steps: { steps_action: { type: 'plain_text_input', value: '1. Pay' } },
      severity: { severity_action: { type: 'static_select', selected_option: option('high') } },
      platforms: { platforms_action: { type: 'multi_static_select', selected_options: [option('web'), option('ios')] } },
      assignee: { assignee_action: { type: 'users_select', selected_user: 'U_TRIAGER' } },
      watchers: { watchers_action: { type: 'multi_users_select', selected_users: ['U_TRIAGER', 'U_ADMIN'] } },
      channel: { channel_action: { type: 'conversations_select', selected_conversation: 'C_TRIAGE' } },
      also: { also_action: { type: 'multi_conversations_select', selected_conversations: ['C_WEB'] } },
      flags: { flags_action: { type: 'checkboxes', selected_options: [option('security')] } },
      priority: { priority_action: { type: 'radio_buttons', selected_option: option('now') } },
      noticed: { noticed_action: { type: 'timepicker', selected_time: '09:30' } },
      affected: { affected_action: { type: 'number_input', value: '42' } },
      link: { link_action: { type: 'url_text_input', value: 'https://shop.example/checkout' } },
    });
    const files = values.files.files_action;
    expect([files.type, files.files.map((f: any) => [f.name, f.filetype, f.user])]).toEqual(['file_input', [['trace.txt', 'txt', 'U_REPORTER'], ['console.log', 'log', 'U_REPORTER']]]);
    // As the bot reads them: files.info, then url_private with its token.
    const contents = [];
    for (const { id } of files.files) {
      const info = await sandbox.client.files.info({ file: id });
      contents.push(await (await fetch(info.file!.url_private!, { headers: { authorization: 'Bearer xoxb-page-sandbox' } })).text());
    }
    expect(contents).toEqual(['at checkout()', 'TypeError: total is undefined']);
  }, 30_000);
});
