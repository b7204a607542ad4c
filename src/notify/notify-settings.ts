import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { NotifyError } from './notify-error.js';

/** How the operator's SMTP server is reached. `security`: tls = implicit TLS (465), starttls = required upgrade, none = plain (local relays). */
export interface SmtpSettings {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user: string | null;
  password: string | null;
  from: string;
  /** An extra CA certificate (PEM) to trust for the server's TLS certificate; set by tests, not by config. */
  tlsCa?: string;
}

/** Operator settings for alerts; never per site, and never printed back (the password and secret). */
export interface NotifySettings {
  smtp: SmtpSettings | null;
  /** Where the web app serves reports and the unsubscribe route, e.g. https://links.example.com. */
  reportBaseUrl: string | null;
  /** HMAC key for unsubscribe tokens; without it, emails carry no unsubscribe link. */
  unsubscribeSecret: string | null;
}

export const MONITOR_CONFIG_FILE = 'dislike404.monitor.json';

const fileSchema = z
  .object({
    smtp: z
      .object({
        host: z.string().min(1).optional(),
        port: z.number().int().min(1).max(65535).optional(),
        security: z.enum(['tls', 'starttls', 'none']).optional(),
        user: z.string().optional(),
        password: z.string().optional(),
        from: z.string().min(3).optional(),
      })
      .strict()
      .optional(),
    reportBaseUrl: z.url().optional(),
    unsubscribeSecret: z.string().min(16).optional(),
  })
  .strict();

type FileLayer = z.infer<typeof fileSchema>;

/**
 * Defaults < `dislike404.monitor.json` (or `--monitor-config FILE`) < environment:
 * DISLIKE404_SMTP_HOST, _PORT, _SECURE (tls|starttls|none, or true/false), _USER, _PASSWORD, _FROM,
 * DISLIKE404_REPORT_BASE_URL, DISLIKE404_UNSUBSCRIBE_SECRET. Throws NotifyError INVALID_NOTIFY_SETTINGS.
 */
export function loadNotifySettings(env: NodeJS.ProcessEnv, cwd: string, explicitPath?: string): NotifySettings {
  const file = readLayer(cwd, explicitPath);
  const fromFile = file.smtp ?? {};
  const host = env.DISLIKE404_SMTP_HOST ?? fromFile.host;
  const security = env.DISLIKE404_SMTP_SECURE === undefined ? fromFile.security : parseSecurity(env.DISLIKE404_SMTP_SECURE);
  const port = env.DISLIKE404_SMTP_PORT === undefined ? fromFile.port : parsePort(env.DISLIKE404_SMTP_PORT);
  const from = env.DISLIKE404_SMTP_FROM ?? fromFile.from;
  const chosenSecurity = security ?? 'starttls';
  const smtp: SmtpSettings | null =
    host === undefined || from === undefined
      ? null
      : {
          host,
          port: port ?? (chosenSecurity === 'tls' ? 465 : 587),
          security: chosenSecurity,
          user: env.DISLIKE404_SMTP_USER ?? fromFile.user ?? null,
          password: env.DISLIKE404_SMTP_PASSWORD ?? fromFile.password ?? null,
          from,
        };
  const reportBaseUrl = env.DISLIKE404_REPORT_BASE_URL ?? file.reportBaseUrl ?? null;
  if (reportBaseUrl !== null && !/^https?:\/\//i.test(reportBaseUrl)) {
    throw invalid(`Expected DISLIKE404_REPORT_BASE_URL to be an http(s) URL, got ${JSON.stringify(reportBaseUrl)}`);
  }
  const unsubscribeSecret = env.DISLIKE404_UNSUBSCRIBE_SECRET ?? file.unsubscribeSecret ?? null;
  if (unsubscribeSecret !== null && unsubscribeSecret.length < 16) throw invalid('Expected DISLIKE404_UNSUBSCRIBE_SECRET to be at least 16 characters');
  return { smtp, reportBaseUrl, unsubscribeSecret };
}

function readLayer(cwd: string, explicitPath: string | undefined): FileLayer {
  const path = resolve(cwd, explicitPath ?? MONITOR_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if (explicitPath === undefined && (cause as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw invalid(`cannot read monitor config ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'unreadable'}`, cause);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw invalid(`${path}: not valid JSON`, cause);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    // Name the option but never echo the value: it may be the SMTP password.
    const issue = parsed.error.issues[0];
    throw invalid(`${path}: option "${issue?.path.join('.') ?? ''}": ${issue?.code ?? 'invalid'}`);
  }
  return parsed.data;
}

function parseSecurity(value: string): SmtpSettings['security'] {
  const v = value.trim().toLowerCase();
  if (v === 'tls' || v === 'true' || v === '1') return 'tls';
  if (v === 'starttls' || v === 'false' || v === '0') return 'starttls';
  if (v === 'none') return 'none';
  throw invalid(`Expected DISLIKE404_SMTP_SECURE to be tls, starttls or none, got ${JSON.stringify(value)}`);
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw invalid(`Expected DISLIKE404_SMTP_PORT to be a port number, got ${JSON.stringify(value)}`);
  return n;
}

function invalid(message: string, cause?: unknown): NotifyError {
  return new NotifyError('INVALID_NOTIFY_SETTINGS', message, { cause });
}
