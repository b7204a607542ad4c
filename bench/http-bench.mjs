#!/usr/bin/env node
// Per-request cost of HttpClient on keep-alive loopback: HEADs, GETs whose 10 KB body is read (and
// then thrown away) and GETs whose body is not wanted. The server runs in a child process, so the CPU
// figures are the client's alone. Build first (`npm run build`).
//
//   node bench/http-bench.mjs [--requests 20000] [--concurrency 10] [--runs 3] [--dist DIR]...
//
// --dist points at another build of src/ (e.g. one of the previous commit); given several times, the
// builds take turns run by run, so load from elsewhere on the machine hits them all alike.
import { Buffer } from 'node:buffer';
import { fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const PAGE = Buffer.from(`<html><body>${'<p>benchmark text</p>'.repeat(512)}</body></html>`.slice(0, 10 * 1024));

const CLIENT_OPTIONS = {
  userAgent: 'dislike404-bench',
  timeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  retries: 0,
  maxRetryAfterMs: 0,
  insecure: false,
  maxRedirects: 10,
  maxBodyBytes: 10 * 1024 * 1024,
  maxUrlLength: 8192,
};

if (process.argv[2] === '--serve') serve();
else await main();

function serve() {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': PAGE.length });
    response.end(request.method === 'HEAD' ? undefined : PAGE);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
}

async function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '10' },
      runs: { type: 'string', default: '3' },
      dist: { type: 'string', multiple: true, default: [path.join(here, '..', 'dist')] },
    },
  });
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);
  const runs = Number(values.runs);
  const builds = [];
  for (const dist of values.dist) {
    const modulePath = path.join(path.resolve(dist), 'http', 'http-client.js');
    builds.push({ dist, HttpClient: (await import(pathToFileURL(modulePath).href)).HttpClient });
  }

  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: 'inherit' });
  const port = await new Promise((resolve) => child.once('message', (message) => resolve(message.port)));
  const base = `http://127.0.0.1:${port}`;

  const scenarios = [
    { name: 'HEAD', request: (url) => ({ url, mode: 'head-then-get', readBody: false }) },
    { name: 'GET 10 KB read', request: (url) => ({ url, mode: 'get', readBody: true }) },
    { name: 'GET 10 KB unwanted', request: (url) => ({ url, mode: 'get', readBody: false }) },
  ];

  console.log(`${requests} requests per run, concurrency ${concurrency}, median of ${runs} runs`);
  try {
    for (const scenario of scenarios) {
      const clients = builds.map((build) => new build.HttpClient(CLIENT_OPTIONS));
      // Warm up the JIT and the connection pool before measuring.
      for (const client of clients) await drive(client, scenario, base, Math.min(2000, requests), concurrency);
      const samples = builds.map(() => []);
      for (let run = 0; run < runs; run++) {
        for (const [index, client] of clients.entries()) samples[index].push(await drive(client, scenario, base, requests, concurrency));
      }
      for (const client of clients) await client.close();
      for (const [index, build] of builds.entries()) {
        const wall = median(samples[index].map((sample) => sample.wallUs));
        const cpu = median(samples[index].map((sample) => sample.cpuUs));
        const label = builds.length > 1 ? `  ${build.dist}` : '';
        console.log(`${scenario.name.padEnd(20)} ${wall.toFixed(1).padStart(7)} µs/request  ${cpu.toFixed(1).padStart(7)} CPU µs/request${label}`);
      }
    }
  } finally {
    child.disconnect();
  }
}

async function drive(client, scenario, base, requests, concurrency) {
  let issued = 0;
  let failures = 0;
  let bytes = 0;
  const worker = async () => {
    while (issued < requests) {
      const index = issued++;
      const outcome = await client.fetch(scenario.request(`${base}/page/${index % 1000}`));
      if (outcome.result.error !== null || outcome.result.status !== 200) failures++;
      bytes += outcome.body?.length ?? 0;
    }
  };
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallUs = Number(process.hrtime.bigint() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (failures > 0) throw new Error(`${scenario.name}: ${failures} of ${requests} requests failed`);
  if (scenario.name.includes('read') && bytes !== requests * PAGE.length) throw new Error(`${scenario.name}: read ${bytes} bytes`);
  return { wallUs: wallUs / requests, cpuUs: (cpu.user + cpu.system) / requests };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
