import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../core/error-codes.js';
import { renderJsonReport } from './json-report.js';
import { cleanScanReport, sampleScanReport } from './sample-scan-report.fixture.js';

interface SchemaNode {
  required?: string[];
  properties?: Record<string, SchemaNode>;
  enum?: unknown[];
  $defs?: Record<string, SchemaNode>;
}

const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8')) as SchemaNode;

let compiled: ValidateFunction | undefined;

function compileSchema(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // ajv-formats is not a dependency; an ISO timestamp check is all the report needs.
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value));
  compiled = ajv.compile(schema);
  return compiled;
}

function defs(name: string): SchemaNode {
  const node = schema.$defs?.[name];
  if (node === undefined) throw new Error(`schema has no $defs.${name}`);
  return node;
}

describe('renderJsonReport', () => {
  it('writes the report unchanged, pretty-printed with two spaces', () => {
    const report = sampleScanReport();
    const json = renderJsonReport(report);
    expect(JSON.parse(json)).toEqual(report);
    expect(json).toContain('\n  "schemaVersion": 1,\n');
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('validates against docs/report.schema.json', () => {
    const validate = compileSchema();
    for (const report of [sampleScanReport(), cleanScanReport()]) {
      const valid = validate(JSON.parse(renderJsonReport(report)));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });
});

describe('docs/report.schema.json', () => {
  it('lists exactly the error codes of src/core/error-codes.ts', () => {
    expect(defs('errorCode').enum).toEqual([...ERROR_CODES]);
  });

  it('requires every field the report types have, and no more', () => {
    const report = sampleScanReport();
    const finding = report.findings[0];
    expect(schema.required?.slice().sort()).toEqual(Object.keys(report).sort());
    expect(defs('finding').required?.slice().sort()).toEqual(Object.keys(finding ?? {}).sort());
    expect(defs('scanSummary').required?.slice().sort()).toEqual(Object.keys(report.summary).sort());
    expect(defs('linkOccurrence').required?.slice().sort()).toEqual(Object.keys(finding?.occurrences[0] ?? {}).sort());
  });

  it.each([
    ['an unknown error code', (r: Record<string, unknown>) => setFinding(r, 'error', 'NOT_A_CODE')],
    ['an unknown severity', (r: Record<string, unknown>) => setFinding(r, 'severity', 'fatal')],
    ['an extra field', (r: Record<string, unknown>) => setFinding(r, 'surprise', true)],
    ['a missing field', (r: Record<string, unknown>) => setFinding(r, 'occurrenceCount', undefined)],
    ['a wrong schema version', (r: Record<string, unknown>) => Object.assign(r, { schemaVersion: 2 })],
    ['a bad timestamp', (r: Record<string, unknown>) => Object.assign(r.summary as object, { startedAt: 'yesterday' })],
  ])('rejects a report with %s', (_label, mutate) => {
    const report = JSON.parse(renderJsonReport(sampleScanReport())) as Record<string, unknown>;
    mutate(report);
    expect(compileSchema()(report)).toBe(false);
  });
});

function setFinding(report: Record<string, unknown>, key: string, value: unknown): void {
  const [first] = report.findings as Array<Record<string, unknown>>;
  if (first === undefined) throw new Error('fixture has no findings');
  if (value === undefined) delete first[key];
  else first[key] = value;
}
