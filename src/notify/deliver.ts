import type { LookupFunction } from 'node:net';
import type { Alert } from './alert.js';
import type { AlertChannel, ChannelKind } from './alert-channel.js';
import { emailAttempt } from './email-sender.js';
import type { NotifyErrorCode, SendOutcome } from './notify-error.js';
import type { NotifySettings } from './notify-settings.js';
import { slackAttempt, webhookAttempt } from './webhook-sender.js';

/** One try at delivering; the sender keeps whatever state a retry needs. */
export type Attempt = () => Promise<SendOutcome>;

/** One delivery as the history keeps it. */
export interface DeliveryRecord {
  channelId: string;
  kind: ChannelKind;
  at: string;
  alertType: Alert['type'];
  scanId: string;
  outcome: 'delivered' | 'failed';
  attempts: number;
  errorCode: NotifyErrorCode | null;
  /** Secret-free detail of the last failure (`HTTP 503`). */
  detail: string | null;
}

export interface DeliverOptions {
  settings: NotifySettings;
  clock?: () => Date;
  /** Injected so tests retry without waiting. */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  /** First backoff; doubles per attempt (1 s, 2 s, 4 s…). */
  baseDelayMs?: number;
  timeoutMs?: number;
  /**
   * Whether webhook and Slack URLs may point at loopback and private addresses. The server passes
   * the operator's setting; the CLI defaults to true, like `dislike404 scan`.
   */
  allowPrivateNetworks?: boolean;
  /** DNS lookup for webhook hosts (tests). */
  lookup?: LookupFunction;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function attemptFor(channel: AlertChannel, alert: Alert, options: DeliverOptions): Attempt {
  const clock = options.clock ?? (() => new Date());
  if (channel.kind === 'email') return emailAttempt(channel, alert, options.settings);
  const post = { clock, timeoutMs: options.timeoutMs, allowPrivateNetworks: options.allowPrivateNetworks ?? true, lookup: options.lookup };
  if (channel.kind === 'webhook') return webhookAttempt(channel, alert, post);
  return slackAttempt(channel, alert, post);
}

/** Delivers one alert to one channel, retrying transient failures with exponential backoff. */
export async function deliver(channel: AlertChannel, alert: Alert, options: DeliverOptions): Promise<DeliveryRecord> {
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const attempt = attemptFor(channel, alert, options);
  const at = clock().toISOString();
  let outcome: SendOutcome = { ok: false, code: 'INVALID_CHANNEL', retryable: false, detail: 'no attempt made' };
  let attempts = 0;
  while (attempts < maxAttempts) {
    attempts += 1;
    outcome = await attempt();
    if (outcome.ok || !outcome.retryable || attempts >= maxAttempts) break;
    await sleep(baseDelayMs * 2 ** (attempts - 1));
  }
  return {
    channelId: channel.id,
    kind: channel.kind,
    at,
    alertType: alert.type,
    scanId: alert.scan.id,
    outcome: outcome.ok ? 'delivered' : 'failed',
    attempts,
    errorCode: outcome.ok ? null : outcome.code,
    detail: outcome.ok ? null : outcome.detail,
  };
}
