import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type Logger } from 'pino';

export type { Logger };

// Anything that could carry a credential is removed before a line is written.
const redactPaths = [
  'token', '*.token', 'botToken', '*.botToken', 'bot_token', '*.bot_token',
  'signingSecret', '*.signingSecret', 'clientSecret', '*.clientSecret', 'authorization', '*.authorization',
  'headers.authorization', 'headers["x-slack-signature"]', 'req.headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'shortlist' }, redact: { paths: redactPaths, censor: '[redacted]' } }, destination);
}

const boltToPino: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt logs through the same pino logger, so all output is one JSON stream. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    const [first, ...rest] = msg;
    if (first instanceof Error) child[level]({ err: first }, rest.map(String).join(' '));
    else child[level](msg.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (level) => {
      child.level = boltToPino[level];
    },
    getLevel: () => (Object.entries(boltToPino).find(([, value]) => value === child.level)?.[0] as LogLevel) ?? LogLevel.INFO,
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}
