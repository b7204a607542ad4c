import { randomUUID } from 'node:crypto';
import { SEVERITIES, type Severity } from '../core/report-types.js';
import { NotifyError, type ChannelField } from './notify-error.js';

export type ChannelKind = 'email' | 'webhook' | 'slack';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'webhook', 'slack'];

/** When a channel wants to hear about a scan. */
export interface AlertPreferences {
  /** New problems at or above this severity alert (default `error`). */
  minSeverity: Severity;
  /** Also alert when problems were fixed and nothing new broke. */
  includeFixed: boolean;
  /** Send a summary after every scan, even with nothing new. */
  everyScan: boolean;
}

interface ChannelBase extends AlertPreferences {
  id: string;
  createdAt: string;
}

export type AlertChannel =
  | (ChannelBase & { kind: 'email'; to: string[] })
  | (ChannelBase & { kind: 'webhook'; url: string; secret: string })
  | (ChannelBase & { kind: 'slack'; url: string });

export interface ChannelInput {
  kind: string;
  to?: string[];
  url?: string;
  secret?: string;
  minSeverity?: string;
  includeFixed?: boolean;
  everyScan?: boolean;
}

export const DEFAULT_PREFERENCES: AlertPreferences = { minSeverity: 'error', includeFixed: false, everyScan: false };

const KEY = 'alerts';
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Validates a new channel; throws NotifyError INVALID_CHANNEL naming the option and the value received. */
export function createChannel(input: ChannelInput, now: Date, id: string = randomUUID()): AlertChannel {
  const invalid = (message: string, field: ChannelField): NotifyError => new NotifyError('INVALID_CHANNEL', message, { field });
  const minSeverity = input.minSeverity ?? DEFAULT_PREFERENCES.minSeverity;
  if (!(SEVERITIES as readonly string[]).includes(minSeverity) || minSeverity === 'ok') {
    throw invalid(`Expected --min-severity to be error, warning or notice, got ${JSON.stringify(minSeverity)}`, 'minSeverity');
  }
  const base: ChannelBase = {
    id,
    createdAt: now.toISOString(),
    minSeverity: minSeverity as Severity,
    includeFixed: input.includeFixed ?? false,
    everyScan: input.everyScan ?? false,
  };
  if (input.kind === 'email') {
    const to = (input.to ?? []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
    const bad = to.find((t) => !EMAIL.test(t));
    if (to.length === 0 || bad !== undefined) throw invalid(`Expected --to to be email addresses, got ${JSON.stringify(bad ?? '')}`, 'to');
    return { ...base, kind: 'email', to };
  }
  if (input.kind === 'webhook' || input.kind === 'slack') {
    const url = input.url ?? '';
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw invalid(`Expected --url to be an http(s) URL, got ${JSON.stringify(maskUrl(url))}`, 'url');
    if (input.kind === 'slack') return { ...base, kind: 'slack', url };
    // A short secret is guessable, and a guessed secret lets anyone forge alerts.
    if (input.secret === undefined || input.secret.length < 16) throw invalid('Expected --secret to be at least 16 characters', 'secret');
    return { ...base, kind: 'webhook', url, secret: input.secret };
  }
  throw invalid(`Expected a channel kind (${CHANNEL_KINDS.join(', ')}), got ${JSON.stringify(input.kind)}`, 'kind');
}

/** The site's channels; entries that no longer validate are skipped rather than failing a scan. */
export function readChannels(settings: Record<string, unknown>): AlertChannel[] {
  const list = alertsSection(settings).channels;
  if (!Array.isArray(list)) return [];
  const channels: AlertChannel[] = [];
  for (const raw of list as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const r = raw as Record<string, unknown>;
    try {
      const input: ChannelInput = {
        kind: String(r.kind),
        to: Array.isArray(r.to) ? r.to.map(String) : undefined,
        url: typeof r.url === 'string' ? r.url : undefined,
        secret: typeof r.secret === 'string' ? r.secret : undefined,
        minSeverity: typeof r.minSeverity === 'string' ? r.minSeverity : undefined,
        includeFixed: r.includeFixed === true,
        everyScan: r.everyScan === true,
      };
      const channel = createChannel(input, new Date(String(r.createdAt)), String(r.id));
      channels.push({ ...channel, createdAt: String(r.createdAt) });
    } catch {
      continue;
    }
  }
  return channels;
}

export function withChannels(settings: Record<string, unknown>, channels: readonly AlertChannel[]): Record<string, unknown> {
  return { ...settings, [KEY]: { ...alertsSection(settings), channels } };
}

export function alertsSection(settings: Record<string, unknown>): Record<string, unknown> {
  const raw = settings[KEY];
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

/** Where a channel delivers, with secrets masked: safe for tables and logs. */
export function describeTarget(channel: AlertChannel): string {
  if (channel.kind === 'email') return channel.to.join(', ');
  if (channel.kind === 'webhook') return `${maskUrl(channel.url)} (secret ${'*'.repeat(8)})`;
  return maskUrl(channel.url);
}

/**
 * Incoming-webhook URLs carry their credential in the path (Slack's /services/T…/B…/token), so
 * only the origin and the first path segment are shown.
 */
export function maskUrl(url: string): string {
  if (!URL.canParse(url)) return url.length > 12 ? `${url.slice(0, 12)}…` : url;
  const parsed = new URL(url);
  const first = parsed.pathname.split('/').filter((p) => p !== '')[0];
  const more = parsed.pathname.length > 1 + (first?.length ?? 0) || parsed.search !== '';
  return `${parsed.origin}/${first ?? ''}${more ? '/…' : ''}`;
}

/**
 * Site settings safe to show: webhook secrets dropped and incoming-webhook URLs masked (their path
 * is the credential). For any view of `site.settings` that leaves the server.
 */
export function settingsWithoutSecrets(settings: Record<string, unknown>): Record<string, unknown> {
  const section = alertsSection(settings);
  if (!Array.isArray(section.channels)) return settings;
  const channels = (section.channels as unknown[]).map((raw) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const { secret: _secret, ...rest } = raw as Record<string, unknown>;
    return typeof rest.url === 'string' ? { ...rest, url: maskUrl(rest.url) } : rest;
  });
  return { ...settings, [KEY]: { ...section, channels } };
}
