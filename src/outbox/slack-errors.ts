import { ErrorCode } from '@slack/web-api';

/** Errors after which sending the same call again cannot succeed: stop and log, never loop. */
const permanentErrors = new Set([
  'channel_not_found', 'is_archived', 'account_inactive', 'not_in_channel', 'user_not_found', 'user_disabled',
  'invalid_auth', 'token_revoked', 'token_expired', 'not_authed', 'missing_scope', 'no_permission',
  'restricted_action', 'msg_too_long', 'invalid_blocks', 'invalid_arguments', 'no_text',
  'message_not_found', 'cant_update_message', 'edit_window_closed', 'team_access_not_granted',
]);

/** The error codes after which a message may go to its reporter privately instead. */
export const cannotPostInChannel = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export type Verdict = { kind: 'retry'; afterMs?: number; reason: string } | { kind: 'permanent'; reason: string };

export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export function classifySlackError(error: unknown): Verdict {
  const coded = error as { code?: string; retryAfter?: number; statusCode?: number; message?: string };
  switch (coded?.code) {
    case ErrorCode.RateLimitedError:
      return { kind: 'retry', afterMs: (coded.retryAfter ?? 1) * 1000, reason: 'ratelimited' };
    case ErrorCode.PlatformError: {
      const code = slackErrorCode(error) ?? 'unknown_error';
      return permanentErrors.has(code) ? { kind: 'permanent', reason: code } : { kind: 'retry', reason: code };
    }
    case ErrorCode.HTTPError:
      return { kind: 'retry', reason: `http_${coded.statusCode}` };
    default:
      return { kind: 'retry', reason: coded?.message ?? String(error) };
  }
}
