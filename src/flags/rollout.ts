import type { FlagEvent } from './types.ts';

/** What is known of a flag in one environment after the last event applied there; stored per (flag, environment). */
export interface AppliedFlagState {
  eventId: string;
  occurredAt: Date;
  /** `null` until an event has said whether it is on (Unleash may tell a rollout first). */
  enabled: boolean | null;
  /** `null` when no percentage rule is known: on is on for everyone. */
  rolloutPercent: number | null;
}

/** The parts of the line told in a story's thread; renderFlagLine writes it. */
export interface FlagLine {
  flagKey: string;
  environment: string;
  enabled: boolean | null;
  rolloutPercent: number | null;
  rolledBack: boolean;
}

export interface RolloutDecision {
  /** False for the same event again (same id) or one older than the last applied: it changes nothing. */
  apply: boolean;
  /** The state to keep: the event merged over the previous one, or the previous one when not applied. */
  state: AppliedFlagState;
  /** Applied and the flag's on/off or rollout differs from before: there is a line to tell. */
  changed: boolean;
  /** Applied, and production is now on for everyone: a ready or in-progress story with this key is done. */
  shipped: boolean;
  /** Applied, production was on for everyone and now is off or below 100 %: told, and the story stays done. */
  rolledBack: boolean;
  line: FlagLine;
}

const onForEveryone = (state: AppliedFlagState | undefined): boolean =>
  state?.enabled === true && (state.rolloutPercent === null || state.rolloutPercent >= 100);

/**
 * What an event means for the stories carrying its flag key, given the state last applied for that flag in
 * that environment and the connection's production environment name (matched exactly). Providers retry and
 * deliver out of order, so an event is applied once and never over a newer one.
 */
export function decideRollout(previous: AppliedFlagState | undefined, event: FlagEvent, productionEnvironment: string): RolloutDecision {
  const stale = previous !== undefined && (previous.eventId === event.eventId || event.occurredAt.getTime() < previous.occurredAt.getTime());
  const state: AppliedFlagState = stale
    ? previous
    : {
        eventId: event.eventId,
        occurredAt: event.occurredAt,
        enabled: event.enabled ?? previous?.enabled ?? null,
        rolloutPercent: event.rolloutPercent === undefined ? (previous?.rolloutPercent ?? null) : event.rolloutPercent,
      };
  const apply = !stale;
  const production = event.environment === productionEnvironment;
  const changed =
    apply && (previous === undefined || previous.enabled !== state.enabled || previous.rolloutPercent !== state.rolloutPercent);
  const rolledBack = apply && production && onForEveryone(previous) && !onForEveryone(state);
  return {
    apply,
    state,
    changed,
    shipped: apply && production && onForEveryone(state),
    rolledBack,
    line: {
      flagKey: event.flagKey,
      environment: event.environment,
      enabled: state.enabled,
      rolloutPercent: state.rolloutPercent,
      rolledBack,
    },
  };
}

/**
 * How the Slack layer marks up the parts that came from the provider: `code` for the flag key (it escapes
 * and wraps it), `text` for the environment name (it escapes it). This module writes plain words only.
 */
export interface LineFormat {
  code: (text: string) => string;
  text: (text: string) => string;
}

const percent = (value: number): string => `${Number(value.toFixed(1))} %`;

/** "`checkout_v2` is on for 25 % of production", "… is off in staging", "… is rolled back: off in production". */
export function renderFlagLine(line: FlagLine, format: LineFormat): string {
  const key = format.code(line.flagKey);
  const environment = format.text(line.environment);
  const rollout = line.rolloutPercent;
  let state: string;
  if (line.enabled === false) state = `off in ${environment}`;
  else if (line.enabled === null) state = rollout === null ? `not known in ${environment}` : `set to ${percent(rollout)} of ${environment}, on or off not known yet`;
  else state = rollout === null ? `on for everyone in ${environment}` : `on for ${percent(rollout)} of ${environment}`;
  return line.rolledBack ? `${key} is rolled back: ${state}` : `${key} is ${state}`;
}
