import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNotifySettings } from '../../src/notify/notify-settings.js';

describe('operator notify settings', () => {
  it('layers the monitor config file under the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dislike404-notify-'));
    writeFileSync(join(dir, 'dislike404.monitor.json'), JSON.stringify({ smtp: { host: 'file.example.test', from: 'file@example.test', user: 'u', password: 'file-password' }, reportBaseUrl: 'https://file.example.test' }));
    const settings = loadNotifySettings({ DISLIKE404_SMTP_HOST: 'env.example.test', DISLIKE404_SMTP_SECURE: 'tls', DISLIKE404_UNSUBSCRIBE_SECRET: 'env-secret-0123456789' }, dir);
    expect(settings).toEqual({
      smtp: { host: 'env.example.test', port: 465, security: 'tls', user: 'u', password: 'file-password', from: 'file@example.test' },
      reportBaseUrl: 'https://file.example.test',
      unsubscribeSecret: 'env-secret-0123456789',
    });
    expect(loadNotifySettings({}, mkdtempSync(join(tmpdir(), 'dislike404-empty-')))).toEqual({ smtp: null, reportBaseUrl: null, unsubscribeSecret: null });
  });

  it('rejects unknown keys and bad values by name with INVALID_NOTIFY_SETTINGS, never echoing a password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dislike404-notify-'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ smtp: { host: 'h', password: 42, from: 'a@b.c' } }));
    expect(() => loadNotifySettings({}, dir, 'm.json')).toThrow(expect.objectContaining({ code: 'INVALID_NOTIFY_SETTINGS', message: expect.stringContaining('"smtp.password"') }));
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ smtpHost: 'h' }));
    expect(() => loadNotifySettings({}, dir, 'm.json')).toThrow(expect.objectContaining({ code: 'INVALID_NOTIFY_SETTINGS' }));
    expect(() => loadNotifySettings({ DISLIKE404_SMTP_PORT: 'smtp' }, dir)).toThrow(/DISLIKE404_SMTP_PORT/);
    try {
      loadNotifySettings({ DISLIKE404_UNSUBSCRIBE_SECRET: 'short-secret' }, dir);
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret');
    }
  });
});
