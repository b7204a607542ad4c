import { afterEach, describe, expect, it } from 'vitest';
import { finding, runScan } from '../helpers/run-scan.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

const sites: TestSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});
async function site(...args: Parameters<typeof startSite>): Promise<TestSite> {
  const s = await startSite(...args);
  sites.push(s);
  return s;
}

function linksTo(paths: string[]): string {
  return paths.map((p) => `<a href="${p}">${p}</a>`).join('\n');
}

describe('politeness', () => {
  it('never has more requests in flight to one host than --host-concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = (_req: unknown, res: import('node:http').ServerResponse) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('x');
      }, 20);
    };
    const paths = Array.from({ length: 20 }, (_, i) => `/img/${i}.png`);
    const s = await site({ '/': page(paths.map((p) => `<img src="${p}">`).join('')), ...Object.fromEntries(paths.map((p) => [p, slow])) });
    await runScan({ url: s.url('/'), hostConcurrency: 3, concurrency: 50 });
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('keeps at least --host-interval between request starts on one host', async () => {
    const starts: number[] = [];
    const paths = Array.from({ length: 5 }, (_, i) => `/p/${i}`);
    const s = await site({
      '/': page(linksTo(paths)),
      ...Object.fromEntries(
        paths.map((p) => [
          p,
          (_req: unknown, res: import('node:http').ServerResponse) => {
            starts.push(performance.now());
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end('<p>x</p>');
          },
        ]),
      ),
    });
    await runScan({ url: s.url('/'), hostIntervalMs: 60, sitemaps: false, detectSoft404: false });
    starts.sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(50);
  });

  it('Retry-After pauses only the host that asked; other hosts carry on', async () => {
    const order: string[] = [];
    let first = true;
    const busy = await site(
      {
        '/busy': (_req, res) => {
          order.push(first ? 'busy-503' : 'busy-200');
          if (first) {
            first = false;
            res.writeHead(503, { 'retry-after': '1' });
            res.end();
            return;
          }
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('ok');
        },
      },
      '127.0.0.2',
    );
    const other = await site(
      Object.fromEntries(
        Array.from({ length: 5 }, (_, i) => [
          `/o/${i}`,
          (_req: unknown, res: import('node:http').ServerResponse) => {
            order.push(`other-${i}`);
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end('ok');
          },
        ]),
      ),
      '127.0.0.3',
    );
    const s = await site({ '/': page(`<a href="${busy.url('/busy')}">busy</a>` + Array.from({ length: 5 }, (_, i) => `<a href="${other.url(`/o/${i}`)}">o</a>`).join('')) });
    const report = await runScan({ url: s.url('/'), retries: 1, hostConcurrency: 1 });
    expect(finding(report, busy.url('/busy'))).toBeUndefined(); // recovered after the pause
    expect(order.indexOf('busy-200')).toBeGreaterThan(order.indexOf('other-4'));
    expect(order.filter((o) => o.startsWith('other'))).toHaveLength(5);
  });

  it('retries transient failures (5xx, 408, 429, resets) and reports the retries spent', async () => {
    const attempts = new Map<string, number>();
    const flaky = (code: number) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const n = (attempts.get(req.url ?? '') ?? 0) + 1;
      attempts.set(req.url ?? '', n);
      if (n < 2) {
        if (code === 0) {
          req.socket.destroy();
          return;
        }
        res.writeHead(code);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('ok');
    };
    const s = await site({ '/': page(linksTo(['/500', '/408', '/reset'])), '/500': flaky(500), '/408': flaky(408), '/reset': flaky(0) });
    const report = await runScan({ url: s.url('/'), retries: 2, includeSuccesses: true });
    for (const p of ['/500', '/408', '/reset']) {
      expect(finding(report, s.url(p))).toMatchObject({ status: 200, category: 'ok' });
      expect(finding(report, s.url(p))?.retries).toBeGreaterThanOrEqual(1);
    }
  });
});
