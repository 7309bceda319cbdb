import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugs, stories } from '../../src/db/schema.ts';
import { newActor, openBugModal, submitView } from '../support/bug-flow.ts';
import { dbKinds } from '../support/db.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { sendSlashCommand } from '../../src/sandbox/deliver.ts';
import { allText, leakedMarkup, messageLimitProblems, unexpectedAngles, viewLimitProblems } from '../support/slack-limits.ts';
import { backlog, openStoryModal } from '../support/story-flow.ts';

/*
 * Property-based hardening: hostile text (unicode, RTL, emoji, NUL, lone surrogates, 10 000 characters,
 * mrkdwn/HTML/SQL-looking text, whitespace) goes through the running app over signed HTTP, against the
 * Slack API emulator, and every outcome is checked: a clean round trip or per-field errors, never a
 * failure; everything posted escaped and within Slack's limits.
 *
 * FC_SEED=<n> reproduces a run; FC_RUNS=<n> overrides the number of runs per property.
 */

const runs = (n: number) => Number(process.env.FC_RUNS ?? n);
const seed = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {};
const options = (n: number) => ({ numRuns: runs(n), interruptAfterTimeLimit: 60_000, ...seed });

// ---------------------------------------------------------------------------------------------------
// Text models, written independently of src/ so the app is checked against the rules, not itself.

/** Characters as the app counts them: code points. */
const cp = (text: string) => [...text].length;
const storable = (text: string) => text.isWellFormed() && !text.includes('\u0000');
/** The README's prefill rule: cut to `max` characters, ending in "…" when cut. */
const cut = (text: string, max: number) => (cp(text) <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);
/** What a string looks like after travelling in a form-encoded body (UTF-8: lone surrogates become U+FFFD). */
const viaForm = (text: string) => new URLSearchParams(new URLSearchParams({ t: text }).toString()).get('t')!;
const uniqueChannel = () => `C${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 && !/\s/.test(value);
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// ---------------------------------------------------------------------------------------------------
// Hostile text.

const markup = fc.constantFrom(
  '<!channel>', '<!here>', '<!everyone>', '<@U123>', '<#C123>', '<!subteam^S123>', '<https://x|y>', '<https://evil.example/?a=1&b=2|click me>',
  '&lt;', '&gt;', '&amp;', '&lt;!channel&gt;', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '*bold*', '_it_', '~strike~',
  '`code`', '```\nblock\n```', '> quote', ':beetle:', '<', '>', '&', '|', '\\', '"', "'", '<!channel', '@here', '<<@U123>>',
);
const sqlish = fc.constantFrom(
  "'; drop table bugs; --", "' or '1'='1", '"; delete from stories where true; --', '$$ select pg_sleep(5) $$', "'); truncate workspaces cascade; --",
  "%' and 1=1 --", "E'\\\\'", "'::tsquery", '!(a & b) | c:*', 'login OR -crash "quoted phrase"', '\\x00', 'select * from bugs',
);
const rtl = fc.constantFrom('مرحبا بالعالم', 'שלום עולם', 'العربية <!channel> עברית', '\u202Egnp.exe\u202C', '\u200F\u200E', 'ﷺ', 'א'.repeat(200), 'تسجيل الدخول لا يعمل');
const emoji = fc.constantFrom('😀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇮🇹', '👍🏽', '🧑🏿‍💻', '💩'.repeat(10), 'é', 'e\u0301', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', '𝕳𝖊𝖑𝖑𝖔');
const controls = fc.constantFrom(
  '\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uD83Dy', '\uFEFF', '\u200B', '\r\n', '\r', '\t', '\u0007', '\u001B[31mred', '\u2028', '\u2029', '\u00A0', '\uFFFE', '\uFFFF', '\u0085',
);
const blank = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', '\u00A0', '\u2003', '\u3000', '\uFEFF', '\u2028', '\u000B', '\u000C'), { minLength: 1, maxLength: 30 })
  .map((parts) => parts.join(''));
const long = fc
  .tuple(
    fc.constantFrom('x', 'é', '😀', '<', '&', 'ab ', 'e\u0301', '👨‍👩‍👧', '<!channel> ', 'ש'),
    fc.constantFrom(99, 100, 101, 149, 150, 151, 299, 300, 301, 499, 500, 501, 2000, 2001, 2999, 3000, 3001, 10_000),
  )
  .map(([unit, n]) => [...unit.repeat(n)].slice(0, n).join(''));
const piece = fc.oneof(markup, sqlish, rtl, emoji, controls, blank, fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('login', 'crash', 'fails', ' '));
const mix = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

const hostile: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
  { arbitrary: markup, weight: 2 },
  { arbitrary: sqlish, weight: 1 },
  { arbitrary: rtl, weight: 1 },
  { arbitrary: emoji, weight: 1 },
  { arbitrary: controls, weight: 1 },
  { arbitrary: blank, weight: 1 },
  { arbitrary: long, weight: 2 },
  { arbitrary: mix, weight: 5 },
);

/** Hostile text made storable and short enough to be accepted, so round trips get exercised too. */
const acceptable = (max: number, fallback: string) =>
  hostile.map((text) => {
    const clean = [...text.toWellFormed().replaceAll('\u0000', '')].slice(0, max).join('').trim();
    return clean === '' ? fallback : clean;
  });

/** A field value: the benign one, something hostile, or something hostile that should be accepted. */
const field = (benign: string, max: number) =>
  fc.oneof({ arbitrary: fc.constant(benign), weight: 1 }, { arbitrary: hostile, weight: 2 }, { arbitrary: acceptable(max, benign), weight: 3 });

const optionalField = (max: number) => fc.oneof({ arbitrary: fc.constant(''), weight: 2 }, { arbitrary: hostile, weight: 2 }, { arbitrary: acceptable(max, ''), weight: 2 });

const anyLink = fc.oneof(
  fc.constant(''),
  fc.constant('https://example.com/x'),
  hostile,
  hostile.map((text) => `https://example.com/${text}`),
  hostile.map((text) => `https://example.com/?q=${text}&r=<!channel>`),
  fc.constantFrom('javascript:alert(1)', 'ftp://example.com/x', 'https://', 'http://exa mple.com', 'mailto:a@b.c', 'https://x|y', 'https://example.com/a|b>c', ' https://example.com/trimmed '),
  fc.integer({ min: 1, max: 400 }).map((n) => `https://example.com/?${'&'.repeat(n)}`),
  fc.integer({ min: 900, max: 1979 }).map((n) => `https://example.com/${'a'.repeat(n)}`),
);

const bugValues = fc.record({
  summary_block: field('Login fails', 150),
  steps_block: field('1. Open the app\n2. Click Log in', 3000),
  expected_block: field('I am logged in', 3000),
  actual_block: field('Nothing happens', 3000),
  environment_block: optionalField(300),
  link_block: anyLink,
});
type BugValues = typeof bugValues extends fc.Arbitrary<infer T> ? T : never;

const bugLimits = { summary_block: 150, steps_block: 3000, expected_block: 3000, actual_block: 3000, environment_block: 300, link_block: 2000 } as const;
const bugBlocks = Object.keys(bugLimits);

/** The block ids the README's rules refuse for these values. */
function bugOracle(values: BugValues): string[] {
  const invalid: string[] = [];
  for (const [block, max] of Object.entries(bugLimits) as [keyof BugValues, number][]) {
    const text = values[block].trim();
    const optional = block === 'environment_block' || block === 'link_block';
    if (text === '') {
      if (!optional) invalid.push(block);
      continue;
    }
    if (!storable(text) || cp(text) > max || (block === 'link_block' && !isHttpUrl(text))) invalid.push(block);
  }
  return invalid.sort();
}

const storyValues = fc.record({
  title_block: field('Read the app comfortably at night', 150),
  persona_block: field('night-shift nurse', 100),
  want_block: field('read patient notes in a dark ward without glare', 500),
  benefit_block: field('I do not wake patients or strain my eyes', 500),
  criteria_block: fc.oneof(
    { arbitrary: fc.constant('Text is readable at 10% screen brightness\nNo white flash when pages load'), weight: 1 },
    { arbitrary: hostile, weight: 2 },
    { arbitrary: fc.array(fc.oneof(acceptable(140, 'Works'), hostile, blank), { minLength: 0, maxLength: 24 }).map((lines) => lines.join('\n')), weight: 3 },
    { arbitrary: fc.array(acceptable(140, 'Works'), { minLength: 1, maxLength: 20 }).map((lines) => lines.join('\r\n')), weight: 2 },
  ),
  flag_key_block: fc.oneof(
    fc.constant(''),
    fc.constantFrom('reader.night-mode', ' checkout.dark_mode ', 'a', 'x'.repeat(64), 'x'.repeat(65), 'Bad Key!', 'ünïcode', 'a b', 'a\u0000b', '<!channel>', "'; drop table stories; --"),
    hostile,
  ),
});
type StoryValues = typeof storyValues extends fc.Arbitrary<infer T> ? T : never;

const storyTextLimits = { title_block: 150, persona_block: 100, want_block: 500, benefit_block: 500 } as const;
const storyBlocks = [...Object.keys(storyTextLimits), 'criteria_block', 'flag_key_block'];
const criteriaOf = (raw: string) => raw.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);

function storyOracle(values: StoryValues): string[] {
  const invalid: string[] = [];
  for (const [block, max] of Object.entries(storyTextLimits) as [keyof typeof storyTextLimits, number][]) {
    const text = values[block].trim();
    if (text === '' || !storable(text) || cp(text) > max) invalid.push(block);
  }
  const lines = criteriaOf(values.criteria_block);
  if (!storable(values.criteria_block) || lines.length < 1 || lines.length > 20 || cp(lines.join('\n')) > 3000) invalid.push('criteria_block');
  const flag = values.flag_key_block.trim();
  if (flag !== '' && !/^[a-z0-9_.-]{1,64}$/.test(flag)) invalid.push('flag_key_block');
  return invalid.sort();
}

/** What /backlog is given: a subcommand the app knows (or not) followed by hostile text. */
const backlogText = fc
  .tuple(fc.constantFrom('', 'help ', 'list ', 'list bugs ', 'list stories ', 'list bugs new ', 'show ', 'show BUG-', 'search ', 'mine ', 'triage ', 'frobnicate ', '   '), hostile)
  .map(([prefix, text]) => prefix + text)
  // settings opens a modal and digest posts to the channel; neither answers on the response URL the helper waits for.
  .filter((text) => !/^\s*(settings|digest)(\s|$)/i.test(viaForm(text)));

// ---------------------------------------------------------------------------------------------------

describe.each(dbKinds)('hostile input on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const bugOfView = (teamId: string, viewId: string) => h.database.db.select().from(bugs).where(and(eq(bugs.workspaceId, teamId), eq(bugs.sourceViewId, viewId)));
  const storyOfView = (teamId: string, viewId: string) => h.database.db.select().from(stories).where(and(eq(stories.workspaceId, teamId), eq(stories.sourceViewId, viewId)));
  const postsTo = (channel: string) => h.emulator.callsTo('chat.postMessage').filter((call) => call.params.channel === channel);
  const hasBlock = (call: { params: Record<string, any> }, blockId: string) => Array.isArray(call.params.blocks) && call.params.blocks.some((b: any) => b?.block_id === blockId);

  /** Checks one posted message: within Slack's limits, and no markup typed by a person is live in it. */
  function expectSafeMessage(message: { text?: unknown; blocks?: unknown }, inputs: string[], users: string[]) {
    const sent = JSON.stringify(message.blocks ?? []) + String(message.text ?? '');
    const problems = [
      ...messageLimitProblems(message).map((problem) => `over Slack's limits: ${problem}`),
      ...leakedMarkup(inputs, sent).map((token) => `user markup left live: ${token}`),
      ...unexpectedAngles(allText(message), users).map((token) => `unexpected mrkdwn: ${token.slice(0, 80)}`),
    ];
    // Thrown with the problems in the message, so a failing property names them.
    if (problems.length > 0) throw new Error(`unsafe message: ${problems.join('; ')}`);
  }

  /** Submits the bug modal and checks the outcome is a clean round trip or per-field errors; returns the stored bug. */
  async function submitBug(actor: ReturnType<typeof newActor>, channel: string, values: BugValues) {
    const view = await openBugModal(h, actor, '', channel);
    const answer = await submitView(h, view, values, actor);
    expect(answer.status).toBe(200);
    const stored = await bugOfView(actor.teamId, view.id);
    const invalid = bugOracle(values);
    if (answer.body === undefined) {
      expect(invalid).toEqual([]);
      expect(stored).toHaveLength(1);
      const bug = stored[0]!;
      expect({ summary: bug.summary, steps: bug.steps, expected: bug.expected, actual: bug.actual, environment: bug.environment, link: bug.link }).toEqual({
        summary: values.summary_block.trim(),
        steps: values.steps_block.trim(),
        expected: values.expected_block.trim(),
        actual: values.actual_block.trim(),
        environment: values.environment_block.trim() || null,
        link: values.link_block.trim() || null,
      });
      return bug;
    }
    expect(answer.body.response_action).toBe('errors');
    const errors = answer.body.errors as Record<string, unknown>;
    for (const [block, message] of Object.entries(errors)) {
      expect(bugBlocks).toContain(block);
      expect(typeof message === 'string' && message.length > 0).toBe(true);
    }
    expect(Object.keys(errors).sort()).toEqual(invalid);
    expect(stored).toEqual([]);
    return undefined;
  }

  it('A: the bug modal with hostile values either round-trips exactly or answers per-field errors, never a failure', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(bugValues, async (values) => {
        if (await submitBug(newActor(), 'C_HOSTILE', values)) accepted += 1;
      }),
      options(35),
    );
    // The generator is meant to exercise both outcomes, not only refusals.
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);

  it('B: every filed bug is confirmed and triaged with user text escaped and within Slack limits (similar bugs included)', async () => {
    // One workspace for all runs, and "login crash" in every summary, so later bugs list earlier ones as similar.
    const actor = newActor();
    const values = fc.record({
      summary_block: acceptable(135, 'Login').map((text) => `${text} login crash`),
      steps_block: acceptable(3000, '1. Open'),
      expected_block: acceptable(3000, 'It works'),
      actual_block: acceptable(3000, 'It crashes'),
      environment_block: optionalField(300),
      link_block: anyLink,
    });
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(values, async (input) => {
        const channel = uniqueChannel();
        const bug = await submitBug(actor, channel, input);
        if (!bug) return;
        // Both posts were accepted by Slack: the confirmation's thread and the triage message are recorded.
        await until(`BUG-${bug.number} confirmed and triaged`, async () => {
          const [row] = await bugOfView(actor.teamId, bug.sourceViewId!);
          return row?.threadTs && row.triageTs;
        });
        const posts = postsTo(channel);
        const confirmation = posts.find((call) => hasBlock(call, 'bug_summary_block'));
        const triage = posts.find((call) => hasBlock(call, 'triage_summary_block'));
        expect(confirmation, 'confirmation posted').toBeDefined();
        expect(triage, 'triage message posted').toBeDefined();
        expect(String(confirmation!.params.text)).toContain(`BUG-${bug.number}`);
        const inputs = Object.values(input);
        expectSafeMessage(confirmation!.params, inputs, [actor.userId]);
        expectSafeMessage(triage!.params, inputs, [actor.userId]);
        checked += 1;
      }),
      options(25),
    );
    expect(checked).toBeGreaterThan(0);
    // Similar bugs were listed (and checked above) at least once.
    expect(h.emulator.callsTo('chat.postMessage').some((call) => JSON.stringify(call.params.blocks ?? []).includes('similar_bug:') && String(call.params.text).includes('login crash'))).toBe(true);
  }, 120_000);

  it('C: the story modal with hostile values either round-trips exactly or answers per-field errors, and its message is safe', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(storyValues, async (values) => {
        const actor = newActor();
        const channel = uniqueChannel();
        const view = await openStoryModal(h, actor, '', channel);
        const answer = await submitView(h, view, values, actor);
        expect(answer.status).toBe(200);
        const stored = await storyOfView(actor.teamId, view.id);
        const invalid = storyOracle(values);
        if (answer.body !== undefined) {
          expect(answer.body.response_action).toBe('errors');
          const errors = answer.body.errors as Record<string, unknown>;
          for (const [block, message] of Object.entries(errors)) {
            expect(storyBlocks).toContain(block);
            expect(typeof message === 'string' && message.length > 0).toBe(true);
          }
          expect(Object.keys(errors).sort()).toEqual(invalid);
          expect(stored).toEqual([]);
          return;
        }
        expect(invalid).toEqual([]);
        expect(stored).toHaveLength(1);
        const story = stored[0]!;
        expect({ title: story.title, persona: story.persona, want: story.want, benefit: story.benefit, criteria: story.criteria, flagKey: story.flagKey }).toEqual({
          title: values.title_block.trim(),
          persona: values.persona_block.trim(),
          want: values.want_block.trim(),
          benefit: values.benefit_block.trim(),
          criteria: criteriaOf(values.criteria_block).join('\n'),
          flagKey: values.flag_key_block.trim() || null,
        });
        accepted += 1;
        await until(`STORY-${story.number} posted`, async () => (await storyOfView(actor.teamId, view.id))[0]?.threadTs);
        const post = postsTo(channel).find((call) => hasBlock(call, 'story_title_block'));
        expect(post, 'story message posted').toBeDefined();
        expectSafeMessage(post!.params, Object.values(values), [actor.userId]);
      }),
      options(35),
    );
    expect(accepted).toBeGreaterThan(0);
  }, 120_000);

  it('D: /backlog with hostile text always answers ephemerally, escaped and within Slack limits', async () => {
    await fc.assert(
      fc.asyncProperty(backlogText, async (text) => {
        const actor = newActor();
        const answer = await backlog(h, actor, text);
        expect(answer.response_type).toBe('ephemeral');
        expect(typeof answer.text).toBe('string');
        expectSafeMessage(answer, [text], [actor.userId]);
      }),
      options(40),
    );
  }, 120_000);

  it('D: /backlog list <not a status> quotes the words escaped and cut to 50 characters', async () => {
    const actor = newActor();
    const mention = await backlog(h, actor, 'list bugs <!channel>');
    expect(mention.text).toMatch(/^“&lt;!channel&gt;” is not a status/);
    expectSafeMessage(mention, ['<!channel>'], [actor.userId]);
    const long = await backlog(h, actor, `list ${'x'.repeat(2960)}`);
    expect(long.text).toMatch(new RegExp(`^“${'x'.repeat(49)}…” is not a status`));
    expectSafeMessage(long, [], [actor.userId]);

    const texts = fc
      .tuple(fc.constantFrom('list ', 'list bugs ', 'list stories '), fc.constantFrom('<!channel>', '<!here>', '<@U123>', '<https://x|y>'), hostile)
      .map(([prefix, token, text]) => `${prefix}${token} ${text}`);
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        const answer = await backlog(h, actor, text);
        expect(answer.text).toMatch(/is not a status/);
        const quoted = /^“(.*)” is not a status/su.exec(answer.text)?.[1] ?? '';
        expect(cp(quoted.replace(/&(amp|lt|gt);/g, '&'))).toBeLessThanOrEqual(50);
        expectSafeMessage(answer, [text], [actor.userId]);
      }),
      options(10),
    );
  }, 60_000);

  it('D: /bug and /story with hostile text always open their modal, the title prefilled within its limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/bug', '/story'), hostile, async (command, text) => {
        const actor = newActor();
        const triggerId = `trigger-${randomUUID()}`;
        const responseUrl = h.emulator.responseUrl();
        const response = await sendSlashCommand(h.appUrl, { ...actor, command, text, channelId: uniqueChannel(), triggerId, responseUrl });
        expect(response.status).toBe(200);
        const open = await h.emulator.waitFor((calls) => calls.find((c) => c.method === 'views.open' && c.params.trigger_id === triggerId));
        const view = open.params.view;
        expect(viewLimitProblems(view)).toEqual([]);
        const blockId = command === '/bug' ? 'summary_block' : 'title_block';
        const initial = view.blocks.find((b: any) => b.block_id === blockId)?.element?.initial_value as string | undefined;
        const typed = viaForm(text).trim();
        if (initial !== undefined) expect(cp(initial)).toBeLessThanOrEqual(150);
        expect(initial).toEqual(typed === '' ? undefined : cut(typed, 150));
        // The modal opened, so nobody was told it could not be.
        expect(h.emulator.calls.some((c) => c.method === 'response_url' && c.params.url === responseUrl)).toBe(false);
      }),
      options(30),
    );
  }, 120_000);

  // -------------------------------------------------------------------------------------------------
  // Known bugs in src/, kept as failing properties. Each passes while the property fails with the bug's
  // symptom, starting from its minimal counterexample; fixed in src/, it fails and asks to become plain.

  // Once a known bug: the Link field held the URL twice, escaped and percent-encoded, with no bound, so a
  // long valid link pushed it past Slack's 2000 characters and the confirmation was refused.
  it('when a valid link is long or full of characters that grow when escaped, then the confirmation stays within Slack\'s limits', async () => {
    const actor = newActor();
    const minimal = { summary_block: 'Login fails', steps_block: '1', expected_block: '2', actual_block: '3', environment_block: '', link_block: `https://example.com/?${'&'.repeat(195)}` };
    const longLinks = fc.record({
      summary_block: fc.constant('Login fails'),
      steps_block: fc.constant('1'),
      expected_block: fc.constant('2'),
      actual_block: fc.constant('3'),
      environment_block: fc.constant(''),
      link_block: fc.oneof(fc.integer({ min: 195, max: 1979 }).map((n) => `https://example.com/?${'&'.repeat(n)}`), fc.integer({ min: 976, max: 1980 }).map((n) => `https://example.com/${'a'.repeat(n)}`)),
    });
    await fc.assert(
      fc.asyncProperty(longLinks, async (input) => {
        const channel = uniqueChannel();
        const bug = await submitBug(actor, channel, input);
        expect(bug).toBeDefined();
        const confirmation = await h.emulator.waitFor(() => postsTo(channel).find((call) => hasBlock(call, 'bug_summary_block')));
        expectSafeMessage(confirmation.params, Object.values(input), [actor.userId]);
      }),
      { ...options(5), examples: [[minimal]] },
    );
  }, 60_000);
});
