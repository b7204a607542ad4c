import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownCode, markdownUrl } from './escape-markdown.js';

describe('escapeMarkdown', () => {
  it('escapes table pipes, markup and emphasis', () => {
    expect(escapeMarkdown('a|b <script> *x* _y_ [z](u)')).toBe('a\\|b \\<script\\> \\*x\\* \\_y\\_ \\[z\\](u)');
  });

  it('breaks mentions and issue references so a comment pings nobody', () => {
    const escaped = escapeMarkdown('@octocat #12 & co');
    expect(escaped).not.toContain('@octocat');
    expect(escaped).not.toContain('#12');
    expect(escaped).toContain('&amp; co');
  });

  it('writes web URLs as autolinks and anything else as code', () => {
    expect(markdownUrl('https://a.example/x?q=1|2')).toBe('<https://a.example/x?q=1%7C2>');
    expect(markdownUrl('http://exa mple/a b')).toBe('`http://exa mple/a b`');
    expect(markdownUrl('javascript:alert(1)')).toBe('`javascript:alert(1)`');
  });

  it('fences code with more backticks than it contains', () => {
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
  });
});
