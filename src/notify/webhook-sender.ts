import type { LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
import { BLOCKED_ADDRESS_ERROR_CODE, NetworkGuard } from '../http/ssrf-guard.js';
import type { Alert } from './alert.js';
import type { AlertChannel } from './alert-channel.js';
import type { Attempt } from './deliver.js';
import type { SendOutcome } from './notify-error.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.js';

export interface PostOptions {
  clock: () => Date;
  timeoutMs?: number;
  /** False on a server whose operator has not allowed private networks: loopback and private targets are refused unfetched. */
  allowPrivateNetworks: boolean;
  /** DNS lookup (tests resolve `.invalid` names with it). */
  lookup?: LookupFunction;
}

/** The JSON a generic webhook receives: the alert itself, versioned so receivers can branch. */
export function webhookBody(alert: Alert): string {
  return JSON.stringify({ event: `alert.${alert.type}`, version: 1, ...alert });
}

/** Slack's incoming-webhook shape: `text` for notifications, `blocks` for the message itself. */
export function slackPayload(alert: Alert): { text: string; blocks: Array<Record<string, unknown>> } {
  const head =
    alert.type === 'test'
      ? `Test alert from dislike404 for ${alert.site.url}`
      : alert.counts.newProblems > 0
        ? `${alert.counts.newProblems} new problem${alert.counts.newProblems === 1 ? '' : 's'} on ${alert.site.url}`
        : `Scan of ${alert.site.url}: ${alert.counts.fixed} fixed, nothing new`;
  const lines = alert.newProblems.slice(0, 20).map((p) => `• *${p.severity}* ${slackEscape(p.url)} — ${p.status !== null ? `HTTP ${p.status}` : (p.error ?? '')} ${slackEscape(p.title)}${p.page ? `\n   found on ${slackEscape(p.page)}` : ''}`);
  if (alert.newProblems.length > 20) lines.push(`…and ${alert.newProblems.length - 20} more`);
  for (const p of alert.fixed.slice(0, 10)) lines.push(`• fixed: ${slackEscape(p.url)}`);
  const c = alert.counts;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: head.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `${c.pagesCrawled} pages, ${c.urlsChecked} URLs checked, ${c.broken} broken; scan ${alert.scan.startedAt}` } },
  ];
  if (lines.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } });
  if (alert.reportUrl) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${alert.reportUrl}|View the full report>` } });
  return { text: head, blocks };
}

export function webhookAttempt(channel: Extract<AlertChannel, { kind: 'webhook' }>, alert: Alert, options: PostOptions): Attempt {
  const body = webhookBody(alert);
  return () => {
    // Signed per attempt, so a retry after a long backoff is not rejected as a replay.
    const timestamp = Math.floor(options.clock().getTime() / 1000);
    return post(channel.url, body, { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(channel.secret, timestamp, body) }, options);
  };
}

export function slackAttempt(channel: Extract<AlertChannel, { kind: 'slack' }>, alert: Alert, options: PostOptions): Attempt {
  const body = JSON.stringify(slackPayload(alert));
  return () => post(channel.url, body, {}, options);
}

async function post(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<SendOutcome> {
  // Channel URLs are typed by users, so they get the same private-network guard as scans.
  const guard = options.allowPrivateNetworks ? undefined : new NetworkGuard();
  const verdict = guard?.checkUrl(new URL(url));
  if (verdict !== undefined && !verdict.allowed) return { ok: false, code: 'WEBHOOK_BLOCKED_ADDRESS', retryable: false, detail: verdict.reason };
  const lookup = guard === undefined ? options.lookup : guard.wrapLookup(options.lookup);
  const dispatcher = new Agent({ connect: lookup === undefined ? {} : { lookup } });
  try {
    const response = await fetch(url, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'dislike404-alerts', ...headers },
      body,
      // A redirect would resend the signed body somewhere the owner did not configure.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true };
    const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
    return { ok: false, code: 'WEBHOOK_HTTP_STATUS', retryable, detail: `HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, code: 'WEBHOOK_TIMEOUT', retryable: true, detail: 'timeout' };
    const cause = error instanceof Error ? (error.cause as { code?: unknown; address?: unknown } | undefined) : undefined;
    if (cause?.code === BLOCKED_ADDRESS_ERROR_CODE) {
      return { ok: false, code: 'WEBHOOK_BLOCKED_ADDRESS', retryable: false, detail: `resolves to ${String(cause.address)}, a private or loopback address` };
    }
    const code = typeof cause?.code === 'string' ? cause.code : 'network error';
    return { ok: false, code: 'WEBHOOK_UNREACHABLE', retryable: true, detail: code };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
