import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../core/error-codes.js';
import { ERRORS_DOC_UPDATE_COMMAND, renderErrorsDoc } from './generate-errors-doc.js';
import { allKnowledgeEntries } from './knowledge-base.js';

const DOC_PATH = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));

describe('renderErrorsDoc', () => {
  const doc = renderErrorsDoc();

  it.each(ERROR_CODES)('documents %s with its title and advice', (code) => {
    const entry = allKnowledgeEntries().find((e) => e.key === code);
    expect(doc).toContain(`\n### ${code}\n\n**${entry?.title}.**`);
    expect(doc).toContain(entry?.externalAdvice);
    for (const step of entry?.fix ?? []) expect(doc).toContain(step);
  });

  it('lists every HTTP status in a table row', () => {
    for (const entry of allKnowledgeEntries().filter((e) => typeof e.code === 'number')) {
      expect(doc).toContain(`\n| ${entry.key.replace(/^HTTP_/, '')} | ${entry.title} |`);
    }
  });

  it('marks skipped outcomes as never broken', () => {
    const excluded = doc.slice(doc.indexOf('### EXCLUDED'), doc.indexOf('### LIMIT_REACHED'));
    expect(excluded).toContain('never counted as a broken link');
  });

  it('is what docs/errors.md contains', () => {
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC_PATH, doc);
    const committed = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '';
    if (committed !== doc) {
      // Leave the expected file behind so the drift can be inspected with a plain diff.
      const expectedPath = join(tmpdir(), 'dislike404-errors.expected.md');
      writeFileSync(expectedPath, doc);
      expect.fail(`docs/errors.md is out of date (expected content in ${expectedPath}); run: ${ERRORS_DOC_UPDATE_COMMAND}`);
    }
  });
});
