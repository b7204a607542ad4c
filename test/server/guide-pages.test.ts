import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from './server-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

it('lists every outcome on a public index linking to each guide', async () => {
  const response = await get('/guides/http-status-codes');
  expect(response.statusCode).toBe(200);
  expect(response.body).toContain('href="/guides/http-status-codes/401"');
  expect(response.body).toContain('href="/guides/http-status-codes/DNS_NOT_FOUND"');
});

it('renders a status guide with explanation, causes, severities, fix steps and linked related codes', async () => {
  const response = await get('/guides/http-status-codes/401');
  expect(response.statusCode).toBe(200);
  expect(response.body).toContain('401 Unauthorized');
  expect(response.body).toContain('Common causes');
  expect(response.body).toContain('On a link within your site');
  expect(response.body).toContain('How to fix it</h2><ol><li>');
  expect(response.body).toMatch(/Related outcomes<\/h2><ul><li><a href="\/guides\/http-status-codes\/[0-9A-Za-z_]+">/);
});

it('renders engine outcomes by their code', async () => {
  const response = await get('/guides/http-status-codes/DNS_NOT_FOUND');
  expect(response.statusCode).toBe(200);
  expect(response.body).toContain('DNS_NOT_FOUND');
});

it('answers 404 for an unknown code without reflecting markup', async () => {
  expect((await get('/guides/http-status-codes/NOT_A_CODE')).statusCode).toBe(404);
  const hostile = await get('/guides/http-status-codes/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  expect(hostile.statusCode).toBe(404);
  expect(hostile.body).not.toContain('<script>');
});
