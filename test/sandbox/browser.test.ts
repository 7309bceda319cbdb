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
import { type BotProcess, startBot } from '../support/process.ts';

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const found = existsSync(executablePath);
const required = Boolean(process.env.CI || process.env.SANDBOX_BROWSER_REQUIRED);
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

if (!found && !required) console.warn(`sandbox browser tests skipped: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!found && !required)('the sandbox page in Chromium', () => {
  let bot: BotProcess;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const dirs: string[] = [];
  const alerts: string[] = [];

  beforeAll(async () => {
    if (!found) throw new Error(`no Chromium at ${executablePath}, and CI or SANDBOX_BROWSER_REQUIRED is set: install chromium or set CHROMIUM_PATH`);
    const dataDir = mkdtempSync(join(tmpdir(), 'shortlist-browser-'));
    const profile = mkdtempSync(join(tmpdir(), 'shortlist-chromium-'));
    dirs.push(dataDir, profile);
    bot = startBot({ PORT: '0', DATA_DIR: dataDir });
    base = `http://127.0.0.1:${await bot.ready}`;
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(8000);
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

  async function fileBug(summary: string) {
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
    await modal.getByRole('button', { name: 'File bug' }).click();
    await modal.waitFor({ state: 'detached' });
  }

  it('files a bug as the reporter: /bug, the modal filled by label, BUG-1 confirmed and a triage message', async () => {
    await fileBug('Checkout fails');
    const messages = page.getByRole('log', { name: 'Messages' });
    await messages.getByText(/BUG-1/).first().waitFor();
    // The triage message, with its Risk field and controls.
    await messages.getByText('Risk').first().waitFor();
    expect(await messages.locator('article').count()).toBeGreaterThanOrEqual(2);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'sandbox.png') });
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
    await expect.poll(() => page.getByRole('log', { name: 'Messages' }).innerText()).not.toContain('Opening Home');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'sandbox-home.png') });
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
});
