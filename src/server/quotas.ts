import { z } from 'zod';

const tier = z.object({ maxPages: z.number().int().positive(), scansPerDay: z.number().int().nonnegative() }).strict();

export const quotasSchema = z
  .object({
    unverified: tier.default({ maxPages: 200, scansPerDay: 25 }),
    verified: tier.default({ maxPages: 50_000, scansPerDay: 100 }),
  })
  .strict();

/** Operator limits per site: what an unproven owner may make us fetch, and what a proven one may. */
export type Quotas = z.infer<typeof quotasSchema>;
export type QuotasInput = z.input<typeof quotasSchema>;

export const DEFAULT_QUOTAS: Quotas = quotasSchema.parse({});

/** Quotas reset at midnight UTC, so every user sees the same boundary whatever their time zone. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function secondsUntilNextUtcDay(now: Date): number {
  return Math.max(1, Math.ceil((startOfUtcDay(now).getTime() + 86_400_000 - now.getTime()) / 1000));
}
