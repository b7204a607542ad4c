import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { verifyWebhookSignature, type WebhookVerdict } from '../../src/notify/webhook-signature.js';

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: string;
  /** The receiver's own check, as a real one would do it (null without a secret). */
  verdict: WebhookVerdict | null;
}

export interface WebhookReceiver {
  url: string;
  posts: ReceivedPost[];
  /** Requests answered 2xx (failing ones are in `posts` too). */
  accepted(): ReceivedPost[];
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1: verifies signatures with `secret` against its own clock and
 * answers 401 for a bad one; answers 503 to the first `failFirst` requests.
 */
export async function startWebhookReceiver(options: { secret?: string; failFirst?: number; now?: () => Date } = {}): Promise<WebhookReceiver> {
  const posts: ReceivedPost[] = [];
  const statuses: number[] = [];
  let failures = options.failFirst ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string): string | undefined => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      };
      const verdict =
        options.secret === undefined
          ? null
          : verifyWebhookSignature(options.secret, header('X-Dislike404-Timestamp'), body, header('X-Dislike404-Signature'), (options.now ?? (() => new Date()))(), 300);
      posts.push({ headers: req.headers, body, verdict });
      let status = 200;
      if (failures > 0) {
        failures -= 1;
        status = 503;
      } else if (verdict !== null && !verdict.ok) {
        status = 401;
      }
      statuses.push(status);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/dislike404`,
    posts,
    accepted: () => posts.filter((_, i) => statuses[i] === 200),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface MailSink {
  port: number;
  mails: ParsedMail[];
  /** Envelope recipients per mail, in the same order. */
  recipients: string[][];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (no TLS) that parses every message it accepts. */
export async function startMailSink(auth?: { user: string; password: string }): Promise<MailSink> {
  const mails: ParsedMail[] = [];
  const recipients: string[][] = [];
  const server = new SMTPServer({
    disabledCommands: auth === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    authOptional: auth === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(credentials, _session, callback) {
      if (auth !== undefined && credentials.username === auth.user && credentials.password === auth.password) callback(null, { user: credentials.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          recipients.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, recipients, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
