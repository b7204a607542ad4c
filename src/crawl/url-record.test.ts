import { describe, expect, it } from 'vitest';
import type { LinkOccurrence } from '../core/types.js';
import { addOccurrence, newRecord, occurrencesOf, restoreOccurrences, resumeOccurrences } from './url-record.js';

function record() {
  return newRecord({ key: 'https://example.test/a', host: 'example.test', internal: true, kind: 'page', plan: 'page', depth: 1 });
}

const occurrence = (line: number, element = 'a', attribute = 'href'): LinkOccurrence => ({ page: 'https://example.test/', element, attribute, text: `link ${line}`, line });

describe('packed occurrences', () => {
  it('give back what was added, in order, in the report shape', () => {
    const r = record();
    expect(occurrencesOf(r)).toEqual([]);
    const added = [occurrence(1), occurrence(2, 'img', 'src'), occurrence(1_000_000, 'a', 'href')];
    for (const o of added) addOccurrence(r, o, 10, true);
    expect(occurrencesOf(r)).toEqual(added);
    expect(r.occurrenceCount).toBe(3);
  });

  it('keep at most the cap but count every one', () => {
    const r = record();
    for (let i = 1; i <= 5; i += 1) addOccurrence(r, occurrence(i), 2, true);
    expect(occurrencesOf(r).map((o) => o.line)).toEqual([1, 2]);
    expect(r.occurrenceCount).toBe(5);
  });

  it('are only counted once dropped, and kept again when the record resumes them', () => {
    const r = record();
    r.occurrences = null;
    addOccurrence(r, occurrence(1), 10, true);
    expect(occurrencesOf(r)).toEqual([]);
    resumeOccurrences(r);
    addOccurrence(r, occurrence(2), 10, true);
    expect(occurrencesOf(r)).toEqual([occurrence(2)]);
    expect(r.occurrenceCount).toBe(2);
  });

  it('restore from a checkpoint up to the cap without changing the count', () => {
    const r = record();
    r.occurrenceCount = 7;
    restoreOccurrences(r, [occurrence(1), occurrence(2), occurrence(3)], 2);
    expect(occurrencesOf(r)).toEqual([occurrence(1), occurrence(2)]);
    expect(r.occurrenceCount).toBe(7);
  });

  it('never share a list between records', () => {
    const a = record();
    const b = record();
    addOccurrence(a, occurrence(1), 10, true);
    expect(occurrencesOf(b)).toEqual([]);
  });
});
