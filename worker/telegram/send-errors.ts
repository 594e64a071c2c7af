import { GrammyError, HttpError } from 'grammy';

/** What a failed sendMessage means for the job. */
export type SendFailure =
  /** 429: pause this bot for `retryAfterMs`, keep the job. */
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** 403 blocked / deactivated, 400 chat not found: mark the link inactive, never retry. */
  | { kind: 'unreachable'; reason: string }
  /** Any other 4xx: our request is wrong; retrying will not help. */
  | { kind: 'rejected'; reason: string }
  /** 5xx, network, timeout: retry with backoff. */
  | { kind: 'transient'; reason: string };

const UNREACHABLE =
  /chat not found|user not found|bot was blocked|user is deactivated|PEER_ID_INVALID|bot was kicked|have no rights to send/i;

export const classifySendError = (error: unknown): SendFailure => {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return { kind: 'rate-limited', retryAfterMs: Math.max(1, seconds) * 1_000 };
    }
    if (error.error_code === 403) return { kind: 'unreachable', reason: error.description };
    if (error.error_code === 400 && UNREACHABLE.test(error.description)) {
      return { kind: 'unreachable', reason: error.description };
    }
    if (error.error_code >= 500)
      return { kind: 'transient', reason: `${error.error_code} ${error.description}` };
    return { kind: 'rejected', reason: `${error.error_code} ${error.description}` };
  }
  if (error instanceof HttpError) return { kind: 'transient', reason: error.message };
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
};
