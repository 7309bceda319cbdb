import cron from 'node-cron';
import { z } from 'zod';
import { hostParameterIsUsable } from './db/postgres-url.ts';

/** Thrown for a missing or malformed variable; main.ts prints its message as one line and exits 1. */
export class ConfigError extends Error {}

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** When the outbox keeps to Slack's per-channel and per-method limits: from the first message, or once Slack answered 429. */
const pacings = ['after-429', 'always'] as const;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Each variable carries the hint that is printed when it is wrong, so the operator knows how to fix it.
const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().regex(/^xoxb-/, 'must be a bot token starting with "xoxb-" (Slack app → OAuth & Permissions)').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9]{16,}$/, 'must be the app\'s signing secret (Slack app → Basic Information → App Credentials)').optional(),
  ),
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().regex(/^xapp-/, 'must be an app-level token starting with "xapp-" with the connections:write scope (Slack app → Basic Information)').optional(),
  ),
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
      .transform((url) => (url.endsWith('/') ? url : `${url}/`))
      .default('https://slack.com/api/'),
  ),
  PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a whole number between 0 and 65535')
      .transform(Number)
      .refine((port) => port <= 65535, { error: 'must be a whole number between 0 and 65535' })
      .default(3000),
  ),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL like postgres://user:pass@host:5432/db (leave it unset to use embedded PGlite)')
      .refine((url) => !URL.canParse(url) || hostParameterIsUsable(url), {
        error: 'has a host parameter that is not a directory: ?host= takes the directory of the server\'s Unix socket, like ?host=/var/run/postgresql',
      })
      .optional(),
  ),
  DATA_DIR: optionalString.pipe(z.string().default('./.data')),
  TOKEN_ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(value), {
        error: 'must be 32 random bytes in base64 (generate one with: openssl rand -base64 32)',
      })
      .optional(),
  ),
  PUBLIC_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be the address Slack and flag systems reach the app at, such as https://shortlist.example.com' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  DIGEST_SCHEDULE: optionalString.pipe(
    z
      .string()
      .refine((value) => cron.validate(value), { error: 'must be a cron expression such as "0 9 * * 1"' })
      .optional(),
  ),
  OUTBOX_CONCURRENCY: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 256')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 256, { error: 'must be a whole number from 1 to 256' })
      .optional(),
  ),
  OUTBOX_PACING: optionalString.pipe(
    z.enum(pacings, { error: `must be one of ${pacings.join(', ')}` }).default('after-429'),
  ),
  LOG_LEVEL: optionalString.pipe(
    z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  ),
});

type Env = z.infer<typeof envSchema>;

export type SlackMode =
  | { kind: 'single'; botToken: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string; stateSecret: string; encryptionKey: Buffer };

export interface Config {
  slack: {
    mode: SlackMode;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
  };
  port: number;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  digestSchedule: string | undefined;
  /** How many outbox messages each instance sends at once. */
  outbox: { concurrency: number; pacing: Env['OUTBOX_PACING'] };
  logLevel: Env['LOG_LEVEL'];
  flags: {
    /** Where flag webhook URLs point (PUBLIC_URL); unset: http://localhost:<port>, right for the sandbox only. */
    publicUrl: string | undefined;
    /** TOKEN_ENCRYPTION_KEY, when set: connection secrets are encrypted with it (else with a key derived from the signing secret). */
    encryptionKey: Buffer | undefined;
  };
}

function fail(variable: string, problem: string): never {
  throw new ConfigError(`Configuration error: ${variable} ${problem}.`);
}

function slackMode(env: Env): SlackMode {
  const oauthVars = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  const present = oauthVars.filter((name) => env[name] !== undefined);
  if (present.length > 0) {
    const missing = oauthVars.find((name) => env[name] === undefined);
    if (missing) fail(missing, `is missing: OAuth install needs ${oauthVars.join(', ')} together`);
    if (!env.TOKEN_ENCRYPTION_KEY) {
      fail('TOKEN_ENCRYPTION_KEY', 'is missing: OAuth install stores tokens encrypted (generate one with: openssl rand -base64 32)');
    }
    return {
      kind: 'oauth',
      clientId: env.SLACK_CLIENT_ID!,
      clientSecret: env.SLACK_CLIENT_SECRET!,
      stateSecret: env.SLACK_STATE_SECRET!,
      encryptionKey: Buffer.from(env.TOKEN_ENCRYPTION_KEY, 'base64'),
    };
  }
  if (!env.SLACK_BOT_TOKEN) {
    fail('SLACK_BOT_TOKEN', 'is missing: set it to the bot token (xoxb-…) from Slack app → OAuth & Permissions, or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for multi-workspace install');
  }
  return { kind: 'single', botToken: env.SLACK_BOT_TOKEN };
}

/** Parses the environment once; every other module receives the result instead of reading process.env. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(String(issue.path[0]), issue.message);
  }
  const env = parsed.data;
  const mode = slackMode(env);
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    fail('SLACK_SIGNING_SECRET', 'is missing: HTTP mode verifies requests with it (Slack app → Basic Information), or set SLACK_APP_TOKEN to use Socket Mode');
  }
  return {
    slack: {
      mode,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
    },
    port: env.PORT,
    database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: env.DATA_DIR },
    digestSchedule: env.DIGEST_SCHEDULE,
    // PGlite runs one query at a time in the bot's own process: sends at once there only queue in front of the
    // requests people wait for (bench: modal saves timed out at 4 and at 32), so it sends one at a time.
    outbox: { concurrency: env.OUTBOX_CONCURRENCY ?? (env.DATABASE_URL ? 32 : 1), pacing: env.OUTBOX_PACING },
    logLevel: env.LOG_LEVEL,
    flags: { publicUrl: env.PUBLIC_URL, encryptionKey: env.TOKEN_ENCRYPTION_KEY ? Buffer.from(env.TOKEN_ENCRYPTION_KEY, 'base64') : undefined },
  };
}
