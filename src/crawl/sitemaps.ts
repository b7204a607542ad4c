import { constants, gunzip, gunzipSync, type ZlibOptions } from 'node:zlib';
import type { Parser } from 'htmlparser2';
import type { ErrorCode } from '../core/error-codes.js';
import type { FetchText, FetchTextResult } from './fetch-text.js';

export interface SitemapError {
  url: string;
  status: number | null;
  error: ErrorCode | null;
  /** For people; classify by `error` and `status`, never by this text. */
  message: string;
}

export interface SitemapLoadResult {
  /** Unique absolute http(s) page URLs that passed `isWanted`, in discovery order, at most `maxUrls`. */
  urls: string[];
  /** Every sitemap file fetched (whatever the outcome), in fetch order. */
  sitemaps: string[];
  errors: SitemapError[];
}

export interface SitemapLoadOptions {
  maxUrls: number;
  /** Cap on sitemap files fetched, index files included. */
  maxSitemaps: number;
  /** How many levels of index files below a seed are followed; a seed is depth 0. Default 3. */
  maxDepth?: number;
  /** Page URLs for which this is false are dropped before they count towards `maxUrls`. */
  isWanted?: (url: string) => boolean;
}

/** The sitemaps protocol's limit for one uncompressed file, and so our cap against gzip bombs. */
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 3;
/** Feeding the parser in slices keeps a 50 MB file from becoming one 100 MB JS string. */
const CHUNK_BYTES = 64 * 1024;

const GUNZIP_OPTIONS: ZlibOptions = {
  maxOutputLength: MAX_SITEMAP_BYTES,
  // Tolerates a gzip stream cut short by the engine's body cap: we keep what was inflated.
  finishFlush: constants.Z_SYNC_FLUSH,
};

type ParserClass = typeof Parser;
let xmlParser: Promise<ParserClass> | null = null;

/** htmlparser2 (~40 ms to load) is loaded when the first sitemap arrives, not by every scan. */
function loadXmlParser(): Promise<ParserClass> {
  xmlParser ??= import('htmlparser2').then((module) => module.Parser);
  return xmlParser;
}

type Inflated = { ok: true; bytes: Buffer } | { ok: false; error: ErrorCode; message: string };

interface ParsedSitemap {
  urls: string[];
  sitemaps: string[];
  /** Local name of the XML root element, 'text' for a plain-text sitemap, null for an empty body. */
  root: string | null;
}

export async function parseSitemap(body: Buffer, sitemapUrl: string): Promise<{ urls: string[]; sitemaps: string[] }> {
  const inflated = isGzip(body) ? inflateSync(body) : { ok: true as const, bytes: body };
  if (!inflated.ok) return { urls: [], sitemaps: [] };
  const { urls, sitemaps } = parseInflated(inflated.bytes, sitemapUrl, await loadXmlParser());
  return { urls, sitemaps };
}

/** Fetches the seeds and every index they lead to, breadth first; records problems instead of throwing. */
export async function loadSitemaps(
  seeds: string[],
  fetchText: FetchText,
  options: SitemapLoadOptions,
): Promise<SitemapLoadResult> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const urls = new Set<string>();
  const fetched: string[] = [];
  const errors: SitemapError[] = [];
  const seen = new Set<string>();
  const queue: { url: string; depth: number }[] = [];
  let urlLimitRecorded = false;

  const recordUrlLimit = (url: string, consequence: string): void => {
    if (urlLimitRecorded) return;
    urlLimitRecorded = true;
    errors.push({ url, status: null, error: 'LIMIT_REACHED', message: `maxUrls (${options.maxUrls}) reached; ${consequence}` });
  };

  for (const seed of seeds) {
    const url = httpUrl(seed);
    if (url === null) {
      errors.push({ url: seed, status: null, error: 'INVALID_URL', message: 'not an absolute http(s) URL' });
    } else if (!seen.has(url)) {
      seen.add(url);
      queue.push({ url, depth: 0 });
    }
  }

  for (let next = 0; next < queue.length; next++) {
    const item = queue[next];
    if (item === undefined) break;
    const { url, depth } = item;
    const remaining = queue.length - next;
    if (urls.size >= options.maxUrls) {
      recordUrlLimit(url, `${remaining} sitemap(s) not fetched`);
      break;
    }
    if (fetched.length >= options.maxSitemaps) {
      const message = `maxSitemaps (${options.maxSitemaps}) reached; ${remaining} sitemap(s) not fetched`;
      errors.push({ url, status: null, error: 'LIMIT_REACHED', message });
      break;
    }

    fetched.push(url);
    const { parsed, problems, finalUrl } = await fetchSitemap(url, fetchText);
    errors.push(...problems);
    // A redirect target counts as fetched too, so another index pointing at it does not refetch it.
    const final = finalUrl === null ? null : httpUrl(finalUrl);
    if (final !== null) seen.add(final);
    if (parsed === null) continue;

    const children = parsed.sitemaps.filter((child) => !seen.has(child));
    if (children.length > 0 && depth >= maxDepth) {
      const message = `sitemap index nested deeper than maxDepth (${maxDepth}); ${children.length} child sitemap(s) skipped`;
      errors.push({ url, status: null, error: 'LIMIT_REACHED', message });
    } else {
      for (const child of children) {
        seen.add(child);
        queue.push({ url: child, depth: depth + 1 });
      }
    }

    for (const page of parsed.urls) {
      if (urls.has(page) || (options.isWanted !== undefined && !options.isWanted(page))) continue;
      if (urls.size >= options.maxUrls) {
        recordUrlLimit(url, 'further URLs ignored');
        break;
      }
      urls.add(page);
    }
  }

  return { urls: [...urls], sitemaps: fetched, errors };
}

async function fetchSitemap(
  url: string,
  fetchText: FetchText,
): Promise<{ parsed: ParsedSitemap | null; problems: SitemapError[]; finalUrl: string | null }> {
  let response: FetchTextResult;
  try {
    response = await fetchText(url);
  } catch {
    // The engine's fetchText reports failures as values; a throw still means we got no answer.
    return { parsed: null, problems: [{ url, status: null, error: 'CONNECTION_FAILED', message: 'no response' }], finalUrl: null };
  }
  const { status, error, body, finalUrl } = response;
  const fail = (message: string, code: ErrorCode | null = error) => ({
    parsed: null,
    problems: [{ url, status, error: code, message }],
    finalUrl,
  });

  if (status === null) return fail(error === null ? 'no response' : `no response (${error})`);
  if (status < 200 || status >= 300) return fail(`HTTP ${status}`);
  if (body === null) return fail('no body');

  const inflated = isGzip(body) ? await inflate(body) : { ok: true as const, bytes: body };
  if (!inflated.ok) return fail(inflated.message, inflated.error);

  const parsed = parseInflated(inflated.bytes, finalUrl || url, await loadXmlParser());
  const problems: SitemapError[] = [];
  if (error !== null) problems.push({ url, status, error, message: `read with ${error}; used what arrived` });
  if (parsed.root !== 'text' && parsed.root !== 'urlset' && parsed.root !== 'sitemapindex') {
    const found = parsed.root === null ? 'an empty body' : `<${parsed.root}>`;
    problems.push({ url, status, error: null, message: `not a sitemap: expected <urlset>, <sitemapindex> or one URL per line, found ${found}` });
  }
  return { parsed, problems, finalUrl };
}

/** By magic bytes, not by name or Content-Type: servers label `.xml.gz` files every which way. */
function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

function inflateSync(body: Buffer): Inflated {
  try {
    return { ok: true, bytes: gunzipSync(body, GUNZIP_OPTIONS) };
  } catch (cause) {
    return inflateFailure(cause);
  }
}

/** Off the main thread, unlike parseSitemap's sync path, so a 50 MB inflate does not stall the crawl. */
function inflate(body: Buffer): Promise<Inflated> {
  return new Promise((resolve) => {
    gunzip(body, GUNZIP_OPTIONS, (cause, bytes) => resolve(cause === null ? { ok: true, bytes } : inflateFailure(cause)));
  });
}

function inflateFailure(cause: unknown): Inflated {
  const code = cause instanceof Error && 'code' in cause ? cause.code : undefined;
  if (code === 'ERR_BUFFER_TOO_LARGE') {
    return { ok: false, error: 'BODY_TOO_LARGE', message: `gzip expands past ${MAX_SITEMAP_BYTES} bytes` };
  }
  return { ok: false, error: 'DECODING_FAILED', message: `invalid gzip data: ${cause instanceof Error ? cause.message : String(cause)}` };
}

/** XML when the first non-blank character is `<`, otherwise the plain-text format (one URL per line). */
function parseInflated(bytes: Buffer, sitemapUrl: string, XmlParser: ParserClass): ParsedSitemap {
  const urls = new Set<string>();
  const sitemaps = new Set<string>();
  const decoder = new TextDecoder('utf-8');
  let sink: Sink | null = null;

  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    let text = decoder.decode(bytes.subarray(offset, offset + CHUNK_BYTES), { stream: true });
    if (sink === null) {
      text = text.replace(/^[\s\uFEFF]+/, '');
      if (text === '') continue;
      sink = text.startsWith('<') ? xmlSink(XmlParser, sitemapUrl, urls, sitemaps) : textSink(urls);
    }
    sink.write(text);
  }
  const tail = decoder.decode();
  if (sink !== null && tail !== '') sink.write(tail);
  // end() first: the last text line and any implied closing tags are only flushed there.
  const root = sink === null ? null : sink.end();
  return { urls: [...urls], sitemaps: [...sitemaps], root };
}

interface Sink {
  write(text: string): void;
  /** Returns the detected format: the XML root's local name or 'text'. */
  end(): string | null;
}

function xmlSink(XmlParser: ParserClass, sitemapUrl: string, urls: Set<string>, sitemaps: Set<string>): Sink {
  const stack: string[] = [];
  let root: string | null = null;
  let loc: string | null = null;
  let ending = false;

  const parser = new XmlParser(
    {
      onopentag(name) {
        const local = localName(name);
        root ??= local;
        stack.push(local);
        if (local === 'loc') loc = '';
      },
      ontext(text) {
        if (loc !== null) loc += text;
      },
      onclosetag(_name, implied) {
        const local = stack.pop();
        if (local !== 'loc' || loc === null) return;
        const value = loc.trim();
        loc = null;
        // A <loc> left open at end of input is likely cut off mid-URL by a body cap; a wrong URL is worse than none.
        if (ending && implied) return;
        const parent = stack[stack.length - 1];
        const target = parent === 'url' ? urls : parent === 'sitemap' ? sitemaps : null;
        const url = value === '' ? null : httpUrl(value, sitemapUrl);
        if (target !== null && url !== null) target.add(url);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );

  return {
    write: (text) => parser.write(text),
    end() {
      ending = true;
      parser.end();
      return root;
    },
  };
}

/** Lines must be absolute URLs, so stray prose or an error page in text form yields nothing. */
function textSink(urls: Set<string>): Sink {
  let partial = '';
  const take = (line: string): void => {
    const trimmed = line.trim();
    const url = trimmed === '' ? null : httpUrl(trimmed);
    if (url !== null) urls.add(url);
  };
  return {
    write(text) {
      const lines = (partial + text).split(/\r\n|\r|\n/);
      partial = lines.pop() ?? '';
      lines.forEach(take);
    },
    end() {
      take(partial);
      return 'text';
    },
  };
}

/** Namespace prefixes vary (`sm:loc`, `ns0:loc`) and some generators shout, so compare local names. */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}

/** Absolute http(s) URL without fragment, or null. `base` lets XML `<loc>` be relative, leniently. */
function httpUrl(value: string, base?: string): string | null {
  try {
    const url = new URL(value, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}
