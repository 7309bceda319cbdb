import { describe, expect, it } from 'vitest';
import { escapeWithin, linkTarget, mrkdwnLink, plainTextOf } from '../../src/blocks/mrkdwn.ts';
import { charLength } from '../../src/text/limits.ts';

describe('escaping and links for mrkdwn', () => {
  it('when text is escaped within a bound, then it never exceeds it and never splits an entity', () => {
    expect(escapeWithin('a & b', 20)).toBe('a &amp; b');
    for (let max = 2; max < 30; max += 1) {
      const out = escapeWithin('<&>'.repeat(10), max);
      expect(charLength(out)).toBeLessThanOrEqual(max);
      expect(out.replace(/…$/, '')).toMatch(/^(&lt;|&amp;|&gt;)*$/);
    }
  });

  it('when a link already holds percent escapes, then they are kept, and | and & cannot end or break the target', () => {
    expect(linkTarget('https://example.com/a%20b?q=1&r=2')).toBe('https://example.com/a%20b?q=1&amp;r=2');
    expect(linkTarget('https://example.com/a|b>c')).toBe('https://example.com/a%7Cb%3Ec');
    expect(linkTarget('https://example.com/ä ö')).toBe('https://example.com/%C3%A4%20%C3%B6');
  });

  it('when a link is too long for its room, then it is shown as cut text instead of a broken link', () => {
    expect(mrkdwnLink('https://example.com/x', 100)).toBe('<https://example.com/x|https://example.com/x>');
    const long = `https://example.com/?${'&'.repeat(1900)}`;
    const shown = mrkdwnLink(long, 1900);
    expect(charLength(shown)).toBeLessThanOrEqual(1900);
    expect(shown.startsWith('<')).toBe(false);
    const label = mrkdwnLink(`https://example.com/${'a'.repeat(500)}`, 1900);
    expect(label).toMatch(/^<https:\/\/example\.com\/a+\|https:\/\/example\.com\/a+…>$/);
  });

  it('when a Slack message is turned into plain text, then entities, mentions and links read as a person typed them', () => {
    expect(plainTextOf('Price shows &lt;NaN&gt; &amp; crashes')).toBe('Price shows <NaN> & crashes');
    expect(plainTextOf('ask <@U123|bob> or <@U456> in <#C1|support>')).toBe('ask @bob or @U456 in #support');
    expect(plainTextOf('<!here> see <https://x.example/a|the docs> and <https://y.example>')).toBe('@here see the docs (https://x.example/a) and https://y.example');
    expect(plainTextOf('<!subteam^S1|@oncall> &amp;lt;')).toBe('@oncall &lt;');
  });
});
