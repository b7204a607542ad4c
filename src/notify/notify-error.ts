/**
 * Stable codes for alert delivery and configuration failures. Delivery history stores these,
 * never message text, so the CLI and (later) the web app can explain them by code.
 */
export const NOTIFY_ERROR_CODES = [
  /** An email channel exists but the operator has not configured an SMTP host and sender. */
  'SMTP_NOT_CONFIGURED',
  /** The SMTP server could not be reached, timed out, or answered with a temporary (4xx) failure. */
  'SMTP_UNAVAILABLE',
  /** The SMTP server refused the message or the login for good (5xx). */
  'SMTP_REJECTED',
  /** The receiver answered with a status other than 2xx. */
  'WEBHOOK_HTTP_STATUS',
  /** The receiver could not be reached (DNS, refused, reset, TLS). */
  'WEBHOOK_UNREACHABLE',
  'WEBHOOK_TIMEOUT',
  /** The webhook URL is or resolves to a loopback/private address and the operator has not allowed private networks; nothing was sent. */
  'WEBHOOK_BLOCKED_ADDRESS',
  /** A channel's stored or given settings do not validate. */
  'INVALID_CHANNEL',
  /** The monitor configuration file or environment is invalid. */
  'INVALID_NOTIFY_SETTINGS',
] as const;

export type NotifyErrorCode = (typeof NOTIFY_ERROR_CODES)[number];

/** The fields of a channel as the CLI, the web form and the API give them. */
export type ChannelField = 'kind' | 'to' | 'url' | 'secret' | 'minSeverity';

/** One failed attempt to deliver: data, not an exception. `detail` never contains a secret. */
export interface SendFailure {
  ok: false;
  code: NotifyErrorCode;
  /** Worth another attempt (network trouble, 5xx, 429, SMTP 4xx). */
  retryable: boolean;
  /** Short and secret-free: `HTTP 503`, `SMTP 550`, `ECONNREFUSED`. */
  detail: string;
}

export type SendOutcome = { ok: true } | SendFailure;

/** Configuration mistakes that stop a command before anything is sent. */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  /** For INVALID_CHANNEL: the channel field at fault, so a form can show the message beside it. */
  readonly field: ChannelField | undefined;

  constructor(
    readonly code: NotifyErrorCode,
    message: string,
    options?: { cause?: unknown; field?: ChannelField },
  ) {
    super(message, options);
    this.field = options?.field;
  }
}
