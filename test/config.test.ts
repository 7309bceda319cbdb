import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef' };

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('when only a bot token and signing secret are set, then every default of the runtime contract applies', () => {
    expect(loadConfig(base)).toEqual({
      slack: { mode: { kind: 'single', botToken: 'xoxb-1-2-3' }, signingSecret: base.SLACK_SIGNING_SECRET, appToken: undefined, apiUrl: 'https://slack.com/api/' },
      port: 3000,
      database: { kind: 'pglite', dataDir: './.data' },
      digestSchedule: undefined,
      outbox: { concurrency: 1, pacing: 'after-429' },
      logLevel: 'info',
      flags: { publicUrl: undefined, encryptionKey: undefined },
    });
  });

  it('when PUBLIC_URL is set with a trailing slash, then flag webhook URLs start with it without one; a non-URL is refused', () => {
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://shortlist.example.com/' }).flags.publicUrl).toBe('https://shortlist.example.com');
    expect(errorOf({ ...base, PUBLIC_URL: 'shortlist.example.com' })).toMatch(/^Configuration error: PUBLIC_URL must be the address/);
  });

  it('when OUTBOX_CONCURRENCY is set, then it is used, and a value outside 1 to 256 is refused', () => {
    expect(loadConfig({ ...base, OUTBOX_CONCURRENCY: '4', OUTBOX_PACING: 'always' }).outbox).toEqual({ concurrency: 4, pacing: 'always' });
    expect(errorOf({ ...base, OUTBOX_PACING: 'never' })).toBe('Configuration error: OUTBOX_PACING must be one of after-429, always.');
    expect(errorOf({ ...base, OUTBOX_CONCURRENCY: '0' })).toBe('Configuration error: OUTBOX_CONCURRENCY must be a whole number from 1 to 256.');
    expect(errorOf({ ...base, OUTBOX_CONCURRENCY: 'many' })).toBe('Configuration error: OUTBOX_CONCURRENCY must be a whole number from 1 to 256.');
  });

  it('when DATABASE_URL, SLACK_API_URL without a slash and PORT are set, then they are used', () => {
    const config = loadConfig({ ...base, DATABASE_URL: 'postgres://u:p@db:5432/app', SLACK_API_URL: 'http://127.0.0.1:9/api', PORT: '8080' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/app' });
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9/api/');
    expect(config.port).toBe(8080);
    // On PostgreSQL the outbox sends 32 at once by default; on PGlite one (see src/config.ts).
    expect(config.outbox.concurrency).toBe(32);
  });

  it('when SLACK_APP_TOKEN is set, then Socket Mode needs no signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.appToken).toBe('xapp-1');
  });

  it.each([
    [{ SLACK_BOT_TOKEN: '' }, /^Configuration error: SLACK_BOT_TOKEN is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user' }, /^Configuration error: SLACK_BOT_TOKEN must be a bot token/],
    [{ SLACK_SIGNING_SECRET: '' }, /^Configuration error: SLACK_SIGNING_SECRET is missing/],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong' }, /^Configuration error: SLACK_APP_TOKEN must be an app-level token/],
    [{ PORT: '70000' }, /^Configuration error: PORT must be a whole number/],
    [{ SLACK_API_URL: 'slack.com' }, /^Configuration error: SLACK_API_URL must be an http\(s\) URL/],
    [{ DATABASE_URL: 'mysql://db' }, /^Configuration error: DATABASE_URL must be a PostgreSQL URL/],
    [{ DATABASE_URL: 'postgres://u@localhost/app?host=db.internal' }, /^Configuration error: DATABASE_URL has a host parameter that is not a directory/],
    [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL must be one of/],
    [{ DIGEST_SCHEDULE: 'every monday' }, /^Configuration error: DIGEST_SCHEDULE must be a cron expression/],
    [{ SLACK_CLIENT_ID: '1.2' }, /^Configuration error: SLACK_CLIENT_SECRET is missing/],
    [{ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', SLACK_STATE_SECRET: 't' }, /^Configuration error: TOKEN_ENCRYPTION_KEY is missing/],
    [{ TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' }, /^Configuration error: TOKEN_ENCRYPTION_KEY must be 32 random bytes/],
  ])('when %o, then one line says which variable and how to fix it', (override, message) => {
    const text = errorOf({ ...base, ...override });
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});
