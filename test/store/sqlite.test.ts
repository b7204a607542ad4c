import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store-error.js';
import { defaultDatabasePath, openStore } from '../../src/store/store.js';
import { describeStoreContract } from './store-contract.js';

const root = await mkdtemp(join(tmpdir(), 'dislike404-store-'));
let counter = 0;
const freshPath = async (): Promise<string> => join(root, `db-${++counter}`, 'dislike404.sqlite');

describeStoreContract('sqlite', openStore, {
  freshLocation: freshPath,
  async setSchemaVersion(location, version) {
    const db = new Database(location);
    db.prepare('update schema_version set version = ?').run(version);
    db.close();
  },
  async fingerprint(location) {
    return createHash('sha256').update(await readFile(location)).digest('hex');
  },
  cleanup: () => rm(root, { recursive: true, force: true }),
});

async function openError(location: string): Promise<StoreError> {
  const error: unknown = await openStore(location).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(error)}`);
  return error;
}

describe('SQLite adapter', () => {
  const dir = mkdtemp(join(tmpdir(), 'dislike404-sqlite-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('refuses a file that is not a database with DB_CORRUPT and leaves it byte-for-byte unchanged', async () => {
    const path = join(await dir, 'garbage.sqlite');
    const garbage = Buffer.from('this is not a database\n'.repeat(400));
    await writeFile(path, garbage);
    const error = await openError(path);
    expect(error.code).toBe('DB_CORRUPT');
    expect(error.message).not.toContain('\n');
    expect((await readFile(path)).equals(garbage)).toBe(true);
  });

  it('refuses a damaged database (valid header, garbage pages) with DB_CORRUPT', async () => {
    const path = join(await dir, 'damaged.sqlite');
    const bytes = Buffer.alloc(8192, 0xab);
    Buffer.from('SQLite format 3\0', 'latin1').copy(bytes);
    await writeFile(path, bytes);
    expect((await openError(path)).code).toBe('DB_CORRUPT');
    expect((await readFile(path)).equals(bytes)).toBe(true);
  });

  it('refuses another application’s SQLite database without adding tables', async () => {
    const path = join(await dir, 'other.sqlite');
    const db = new Database(path);
    db.exec('create table notes (body text)');
    db.close();
    const before = await readFile(path);
    expect((await openError(path)).code).toBe('INVALID_INPUT');
    expect((await readFile(path)).equals(before)).toBe(true);
  });

  it('creates parent directories and opens in WAL mode with foreign keys on', async () => {
    const path = join(await dir, 'a', 'b', 'c.sqlite');
    const store = await openStore(path);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('picks the default path from DISLIKE404_DB, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(defaultDatabasePath({ DISLIKE404_DB: '/x/y.db' }, '/home/u')).toBe('/x/y.db');
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' }, '/home/u')).toBe('/data/dislike404/dislike404.sqlite');
    expect(defaultDatabasePath({}, '/home/u')).toBe('/home/u/.local/share/dislike404/dislike404.sqlite');
  });
});
