import { describe, expect, it } from 'vitest';
import { type AppliedFlagState, decideRollout, type LineFormat, renderFlagLine } from '../../src/flags/rollout.ts';
import type { FlagEvent } from '../../src/flags/types.ts';

const plain: LineFormat = { code: (text) => `\`${text}\``, text: (text) => text };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));

function event(change: Partial<FlagEvent>): FlagEvent {
  return { flagKey: 'checkout_v2', environment: 'production', enabled: true, rolloutPercent: null, occurredAt: at(10), eventId: 'e-10', ...change };
}

function applied(change: Partial<AppliedFlagState>): AppliedFlagState {
  return { eventId: 'e-5', occurredAt: at(5), enabled: true, rolloutPercent: null, ...change };
}

const lineOf = (decision: ReturnType<typeof decideRollout>) => renderFlagLine(decision.line, plain);

describe('decideRollout', () => {
  it('when production first goes to 25 %, then it is applied and told, and nothing ships', () => {
    const decision = decideRollout(undefined, event({ rolloutPercent: 25 }), 'production');
    expect(decision).toMatchObject({ apply: true, changed: true, shipped: false, rolledBack: false });
    expect(decision.state).toEqual({ eventId: 'e-10', occurredAt: at(10), enabled: true, rolloutPercent: 25 });
    expect(lineOf(decision)).toBe('`checkout_v2` is on for 25 % of production');
  });

  it('when production reaches 100 %, then it ships; at 99.5 % it does not', () => {
    expect(decideRollout(applied({ rolloutPercent: 25 }), event({ rolloutPercent: 99.5 }), 'production').shipped).toBe(false);
    const decision = decideRollout(applied({ rolloutPercent: 25 }), event({ rolloutPercent: 100 }), 'production');
    expect(decision).toMatchObject({ apply: true, changed: true, shipped: true, rolledBack: false });
    expect(lineOf(decision)).toBe('`checkout_v2` is on for 100 % of production');
  });

  it('when production is enabled with no rollout rule, then it ships and the line says everyone', () => {
    const decision = decideRollout(applied({ enabled: false }), event({ rolloutPercent: null }), 'production');
    expect(decision).toMatchObject({ shipped: true, line: { enabled: true, rolloutPercent: null } });
    expect(lineOf(decision)).toBe('`checkout_v2` is on for everyone in production');
  });

  it('when an event that states no rollout (Unleash on/off) turns production on over a 25 % rule, then the 25 % stands and nothing ships', () => {
    const decision = decideRollout(applied({ enabled: false, rolloutPercent: 25 }), event({ rolloutPercent: undefined }), 'production');
    expect(decision).toMatchObject({ apply: true, shipped: false, state: { enabled: true, rolloutPercent: 25 } });
    expect(decideRollout(undefined, event({ rolloutPercent: undefined }), 'production').shipped).toBe(true);
  });

  it('when a rollout is told before on/off is known (an Unleash strategy first), then nothing ships and the line says so', () => {
    const decision = decideRollout(undefined, event({ enabled: undefined, rolloutPercent: 32 }), 'production');
    expect(decision).toMatchObject({ apply: true, shipped: false, state: { enabled: null, rolloutPercent: 32 } });
    expect(lineOf(decision)).toBe('`checkout_v2` is set to 32 % of production, on or off not known yet');
    const later = decideRollout(decision.state, event({ enabled: true, rolloutPercent: undefined, occurredAt: at(11), eventId: 'e-11' }), 'production');
    expect(later.state).toMatchObject({ enabled: true, rolloutPercent: 32 });
  });

  it('when an event older than the last applied arrives late, then it changes nothing', () => {
    const previous = applied({ rolloutPercent: 25, occurredAt: at(20), eventId: 'e-20' });
    const decision = decideRollout(previous, event({ rolloutPercent: 100, occurredAt: at(10) }), 'production');
    expect(decision).toMatchObject({ apply: false, changed: false, shipped: false, rolledBack: false });
    expect(decision.state).toBe(previous);
  });

  it('when the same event id comes again (a retry), then it is not applied twice, even at the same time', () => {
    const previous = applied({ rolloutPercent: 100, occurredAt: at(10), eventId: 'e-10' });
    expect(decideRollout(previous, event({ rolloutPercent: 100 }), 'production')).toMatchObject({ apply: false, shipped: false });
  });

  it('when a newer event repeats the same state, then it is applied but there is nothing new to tell', () => {
    const decision = decideRollout(applied({ rolloutPercent: 25 }), event({ rolloutPercent: 25 }), 'production');
    expect(decision).toMatchObject({ apply: true, changed: false, state: { eventId: 'e-10' } });
  });

  it('when production was on for everyone and is turned off, then it is a rollback, told as such', () => {
    const decision = decideRollout(applied({}), event({ enabled: false }), 'production');
    expect(decision).toMatchObject({ apply: true, shipped: false, rolledBack: true });
    expect(lineOf(decision)).toBe('`checkout_v2` is rolled back: off in production');
  });

  it('when production was at 100 % and goes down to 50 %, then it is a rollback to 50 %', () => {
    const decision = decideRollout(applied({ rolloutPercent: 100 }), event({ rolloutPercent: 50 }), 'production');
    expect(decision).toMatchObject({ rolledBack: true, shipped: false });
    expect(lineOf(decision)).toBe('`checkout_v2` is rolled back: on for 50 % of production');
  });

  it('when the environment is not the connection production one, then nothing ships or rolls back, and the line names it', () => {
    const shipped = decideRollout(undefined, event({ environment: 'staging', rolloutPercent: 100 }), 'production');
    expect(shipped).toMatchObject({ apply: true, changed: true, shipped: false });
    expect(decideRollout(applied({}), event({ environment: 'staging', enabled: false }), 'production').rolledBack).toBe(false);
    expect(lineOf(decideRollout(undefined, event({ environment: 'prod', enabled: false }), 'prod'))).toBe('`checkout_v2` is off in prod');
    expect(decideRollout(undefined, event({ environment: 'Production' }), 'production').shipped).toBe(false);
  });
});

describe('renderFlagLine', () => {
  it('when the Slack layer formats the parts, then the flag key and environment go through its functions and nothing else is marked up', () => {
    const escapeMrkdwn = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    const slack: LineFormat = { code: (text) => `\`${escapeMrkdwn(text)}\``, text: escapeMrkdwn };
    const line = { flagKey: '<b>x</b>', environment: 'prod & <eu>', enabled: true, rolloutPercent: 33.333, rolledBack: false };
    expect(renderFlagLine(line, slack)).toBe('`&lt;b&gt;x&lt;/b&gt;` is on for 33.3 % of prod &amp; &lt;eu&gt;');
  });
});
