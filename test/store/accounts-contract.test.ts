import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AccountsStore } from '../../src/store/accounts-store.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { openStore, type Store } from '../../src/store/store.js';
import { describePostgres, dropPostgresSchemas, freshPostgresLocation, postgresProblem } from '../helpers/postgres.js';

/**
 * One AccountsStore contract, run against SQLite and PostgreSQL: the web app's accounts must
 * behave the same on either, including under concurrent use from two connections (two server
 * processes, or the server and the operator CLI).
 */
interface AccountsHarness {
  freshLocation(): Promise<string>;
  cleanup(): Promise<void>;
}

const T0 = '2026-03-01T10:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

function describeAccountsContract(name: string, harness: AccountsHarness): void {
  describe(`AccountsStore contract: ${name}`, () => {
    const opened: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      for (const o of opened.splice(0).reverse()) await o.close().catch(() => undefined);
    });
    afterAll(() => harness.cleanup());

    /** The main store migrates; the accounts open beside it, as `serve` and the CLI do. */
    async function fresh(): Promise<{ store: Store; accounts: AccountsStore; location: string }> {
      const location = await harness.freshLocation();
      const store = await openStore(location);
      opened.push(store);
      const accounts = await openAccountsStore(location);
      opened.push(accounts);
      return { store, accounts, location };
    }

    async function another(location: string): Promise<AccountsStore> {
      const accounts = await openAccountsStore(location);
      opened.push(accounts);
      return accounts;
    }

    it('adds users with lowercased emails, finds them by id and any-case email, and refuses a taken email', async () => {
      const { accounts } = await fresh();
      const ann = await accounts.addUser({ email: 'Ann@Example.COM', passwordHash: 'hash-a', isAdmin: true, createdAt: T0 });
      const bob = await accounts.addUser({ email: 'bob@example.com', passwordHash: 'hash-b', createdAt: at(1) });
      expect(ann).toEqual({ id: expect.any(String) as unknown, email: 'ann@example.com', isAdmin: true, createdAt: T0 });
      expect(bob.isAdmin).toBe(false);
      expect(await accounts.getUser(ann.id)).toEqual(ann);
      expect(await accounts.getUser('00000000-0000-0000-0000-000000000000')).toBeNull();
      expect(await accounts.getUserByEmail('ANN@example.com')).toEqual({ ...ann, passwordHash: 'hash-a' });
      expect(await accounts.getUserByEmail('nobody@example.com')).toBeNull();
      expect(await accounts.listUsers()).toEqual([ann, bob]);
      const taken = await storeError(accounts.addUser({ email: 'ANN@example.com', passwordHash: 'x', createdAt: at(2) }));
      expect(taken.code).toBe('CONFLICT');
    });

    it('gives exactly one CONFLICT when two connections sign up the same email at once', async () => {
      const { accounts, location } = await fresh();
      const other = await another(location);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? accounts : other).addUser({ email: 'race@example.com', passwordHash: `h${i}`, createdAt: T0 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as StoreError).code] : []));
      expect(codes).toEqual(Array.from({ length: 5 }, () => 'CONFLICT'));
      expect(await accounts.listUsers()).toHaveLength(1);
    });

    it('keeps sessions until they expire or are deleted, and a new password ends every session of that user only', async () => {
      const { accounts } = await fresh();
      const ann = await accounts.addUser({ email: 'ann@example.com', passwordHash: 'old', createdAt: T0 });
      const bob = await accounts.addUser({ email: 'bob@example.com', passwordHash: 'b', createdAt: T0 });
      const session = (userId: string, expiresAt: string) => ({ userId, csrfToken: `csrf-${userId}`, createdAt: T0, expiresAt });
      await accounts.createSession('s-ann-1', session(ann.id, at(60)));
      await accounts.createSession('s-ann-2', session(ann.id, at(60)));
      await accounts.createSession('s-bob', session(bob.id, at(60)));
      expect(await accounts.getSession('s-ann-1', at(10))).toEqual(session(ann.id, at(60)));
      expect(await accounts.getSession('s-ann-1', at(60))).toBeNull();
      expect(await accounts.getSession('unknown', at(10))).toBeNull();
      await accounts.deleteSession('s-ann-2');
      expect(await accounts.getSession('s-ann-2', at(10))).toBeNull();

      await accounts.setPassword(ann.id, 'new');
      expect((await accounts.getUserByEmail('ann@example.com'))?.passwordHash).toBe('new');
      expect(await accounts.getSession('s-ann-1', at(10))).toBeNull();
      expect(await accounts.getSession('s-bob', at(10))).not.toBeNull();
    });

    it('ends a user\'s other sessions, keeping the one named, on a new password or on request', async () => {
      const { accounts } = await fresh();
      const ann = await accounts.addUser({ email: 'ann@example.com', passwordHash: 'old', createdAt: T0 });
      const bob = await accounts.addUser({ email: 'bob@example.com', passwordHash: 'b', createdAt: T0 });
      const session = (userId: string) => ({ userId, csrfToken: `csrf-${userId}`, createdAt: T0, expiresAt: at(60) });
      for (const hash of ['ann-here', 'ann-phone', 'ann-laptop']) await accounts.createSession(hash, session(ann.id));
      await accounts.createSession('bob', session(bob.id));

      await accounts.setPassword(ann.id, 'new', { keepSession: 'ann-here' });
      expect((await accounts.getUserByEmail('ann@example.com'))?.passwordHash).toBe('new');
      expect(await accounts.getSession('ann-here', at(10))).toEqual(session(ann.id));
      expect(await accounts.getSession('ann-phone', at(10))).toBeNull();
      expect(await accounts.getSession('ann-laptop', at(10))).toBeNull();

      await accounts.createSession('ann-tablet', session(ann.id));
      await accounts.createSession('ann-work', session(ann.id));
      expect(await accounts.deleteOtherSessions(ann.id, 'ann-here')).toBe(2);
      expect(await accounts.getSession('ann-here', at(10))).not.toBeNull();
      expect(await accounts.getSession('ann-tablet', at(10))).toBeNull();
      expect(await accounts.deleteOtherSessions(ann.id, 'ann-here')).toBe(0);
      // Another user's sessions are never touched, even when named as the one to keep.
      expect(await accounts.deleteOtherSessions(bob.id, 'ann-here')).toBe(1);
      expect(await accounts.getSession('ann-here', at(10))).not.toBeNull();
    });

    it('deletes a user with their sessions, API tokens and password resets, and frees the email', async () => {
      const { accounts } = await fresh();
      const ann = await accounts.addUser({ email: 'ann@example.com', passwordHash: 'h', createdAt: T0 });
      const bob = await accounts.addUser({ email: 'bob@example.com', passwordHash: 'h', createdAt: T0 });
      const token = (id: string, userId: string) => ({ id, userId, name: id, hint: 'hint', createdAt: T0, lastUsedAt: null, revokedAt: null });
      for (const user of [ann, bob]) {
        await accounts.createSession(`s-${user.id}`, { userId: user.id, csrfToken: 'c', createdAt: T0, expiresAt: at(60) });
        await accounts.addApiToken({ ...token(`t-${user.id}`, user.id), tokenHash: `th-${user.id}` });
        await accounts.addPasswordReset({ tokenHash: `r-${user.id}`, userId: user.id, createdAt: T0, expiresAt: at(30) });
      }

      expect(await accounts.deleteUser(ann.id)).toBe(true);
      expect(await accounts.getUser(ann.id)).toBeNull();
      expect(await accounts.getUserByEmail('ann@example.com')).toBeNull();
      expect(await accounts.getSession(`s-${ann.id}`, at(1))).toBeNull();
      expect(await accounts.useApiToken(`th-${ann.id}`, at(1))).toBeNull();
      expect(await accounts.listApiTokens(ann.id)).toEqual([]);
      expect(await accounts.consumePasswordReset(`r-${ann.id}`, at(1))).toBeNull();
      expect(await accounts.deleteUser(ann.id)).toBe(false);

      expect(await accounts.getSession(`s-${bob.id}`, at(1))).not.toBeNull();
      expect(await accounts.useApiToken(`th-${bob.id}`, at(1))).toMatchObject({ user: bob });
      expect(await accounts.consumePasswordReset(`r-${bob.id}`, at(1))).toBe(bob.id);
      expect(await accounts.listUsers()).toEqual([bob]);
      expect((await accounts.addUser({ email: 'ann@example.com', passwordHash: 'again', createdAt: at(2) })).id).not.toBe(ann.id);
    });

    it('sweeps expired sessions when a new one is created', async () => {
      const { accounts, location } = await fresh();
      const ann = await accounts.addUser({ email: 'ann@example.com', passwordHash: 'h', createdAt: T0 });
      await accounts.createSession('old', { userId: ann.id, csrfToken: 'c', createdAt: T0, expiresAt: at(5) });
      await accounts.createSession('new', { userId: ann.id, csrfToken: 'c', createdAt: at(10), expiresAt: at(70) });
      // Even a clock that reads earlier cannot bring the swept session back.
      expect(await (await another(location)).getSession('old', at(1))).toBeNull();
      expect(await accounts.getSession('new', at(11))).not.toBeNull();
    });

    it('resolves live API tokens to their owner, lists them per user, and revokes only the owner’s own', async () => {
      const { accounts } = await fresh();
      const ann = await accounts.addUser({ email: 'ann@example.com', passwordHash: 'h', createdAt: T0 });
      const bob = await accounts.addUser({ email: 'bob@example.com', passwordHash: 'h', createdAt: T0 });
      const token = (id: string, userId: string, createdAt: string) => ({ id, userId, name: `token ${id}`, hint: id.slice(-4), createdAt, lastUsedAt: null, revokedAt: null });
      await accounts.addApiToken({ ...token('t-ann-1', ann.id, T0), tokenHash: 'hash-1' });
      await accounts.addApiToken({ ...token('t-ann-2', ann.id, at(1)), tokenHash: 'hash-2' });
      await accounts.addApiToken({ ...token('t-bob-1', bob.id, T0), tokenHash: 'hash-3' });
      expect(await storeError(accounts.addApiToken({ ...token('t-dup', ann.id, T0), tokenHash: 'hash-1' }))).toBeInstanceOf(StoreError);

      expect(await accounts.useApiToken('hash-1', at(5))).toEqual({ user: ann, tokenId: 't-ann-1' });
      expect(await accounts.useApiToken('nope', at(5))).toBeNull();
      expect((await accounts.listApiTokens(ann.id)).map((t) => [t.id, t.lastUsedAt])).toEqual([
        ['t-ann-1', at(5)],
        ['t-ann-2', null],
      ]);
      // Last use is kept to the minute: a use within it writes nothing, a later one moves it.
      await accounts.useApiToken('hash-1', at(5.5));
      expect((await accounts.listApiTokens(ann.id))[0]?.lastUsedAt).toBe(at(5));
      await accounts.useApiToken('hash-1', at(7));
      expect((await accounts.listApiTokens(ann.id))[0]?.lastUsedAt).toBe(at(7));

      expect(await accounts.revokeApiToken(bob.id, 't-ann-1', at(8))).toBe(false);
      expect(await accounts.revokeApiToken(ann.id, 'unknown', at(8))).toBe(false);
      expect(await accounts.revokeApiToken(ann.id, 't-ann-1', at(8))).toBe(true);
      expect(await accounts.revokeApiToken(ann.id, 't-ann-1', at(9))).toBe(false);
      expect(await accounts.useApiToken('hash-1', at(10))).toBeNull();
      expect((await accounts.listApiTokens(ann.id))[0]).toMatchObject({ id: 't-ann-1', revokedAt: at(8), name: 'token t-ann-1', hint: 'nn-1' });
      expect((await accounts.listApiTokens(bob.id)).map((t) => t.id)).toEqual(['t-bob-1']);
    });

    it('consumes a password reset once, even when two connections race for it, and never after it expires', async () => {
      const { accounts, location } = await fresh();
      const other = await another(location);
      const ann = await accounts.addUser({ email: 'ann@example.com', passwordHash: 'h', createdAt: T0 });
      await accounts.addPasswordReset({ tokenHash: 'r1', userId: ann.id, createdAt: T0, expiresAt: at(30) });
      await accounts.addPasswordReset({ tokenHash: 'r2', userId: ann.id, createdAt: T0, expiresAt: at(30) });
      expect(await accounts.consumePasswordReset('r2', at(30))).toBeNull();
      expect(await accounts.consumePasswordReset('unknown', at(1))).toBeNull();

      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? accounts : other).consumePasswordReset('r1', at(1))));
      expect(results.filter((r) => r !== null)).toEqual([ann.id]);
      expect(await accounts.consumePasswordReset('r1', at(2))).toBeNull();
    });

    it('records site verifications (the latest wins) and counts scan requests since a moment', async () => {
      const { store, accounts } = await fresh();
      const site = await store.addSite({ url: 'https://verify.example/' });
      const other = await store.addSite({ url: 'https://other.example/' });
      expect(await accounts.getVerification(site.id)).toBeNull();
      await accounts.setVerification({ siteId: site.id, method: 'file', verifiedAt: T0 });
      await accounts.setVerification({ siteId: site.id, method: 'query', verifiedAt: at(1) });
      expect(await accounts.getVerification(site.id)).toEqual({ siteId: site.id, method: 'query', verifiedAt: at(1) });
      expect(await accounts.getVerification(other.id)).toBeNull();

      for (const [siteId, minute] of [[site.id, 0], [site.id, 10], [site.id, 20], [other.id, 20]] as const) {
        await accounts.recordScanRequest({ siteId, scanId: `scan-${minute}`, requestedAt: at(minute) });
      }
      expect(await accounts.countScanRequests(site.id, at(10))).toBe(2);
      expect(await accounts.countScanRequests(site.id, at(0))).toBe(3);
      expect(await accounts.countScanRequests(site.id, at(21))).toBe(0);
      expect(await accounts.countScanRequests(other.id, T0)).toBe(1);
      // Removing the site takes its verification and request history with it.
      await store.removeSite(site.id);
      expect(await accounts.getVerification(site.id)).toBeNull();
      expect(await accounts.countScanRequests(site.id, T0)).toBe(0);
    });

    it('refuses to open a database the main store has not migrated', async () => {
      const location = await harness.freshLocation();
      const error = await storeError(openAccountsStore(location));
      expect(['INVALID_INPUT', 'DB_UNAVAILABLE']).toContain(error.code);
      expect(error.message).not.toContain('\n');
    });
  });
}

// SQLite: a file per test, as the server uses it.
const root = await mkdtemp(join(tmpdir(), 'dislike404-accounts-'));
let counter = 0;
describeAccountsContract('sqlite', {
  freshLocation: async () => join(root, `accounts-${++counter}.sqlite`),
  cleanup: () => rm(root, { recursive: true, force: true }),
});

// PostgreSQL: a schema per test and per run; skipped without a server unless CI requires it.
const problem = await postgresProblem();
describePostgres('AccountsStore contract: postgres', problem, () => {
  const schemas: string[] = [];
  describeAccountsContract('postgres', {
    async freshLocation() {
      const { location, schema } = freshPostgresLocation('acc');
      schemas.push(schema);
      return location;
    },
    cleanup: () => dropPostgresSchemas(schemas),
  });
});
