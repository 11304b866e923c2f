import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EconomyReference {
  code: string;
  name: { en: string; ru?: string };
  centroid: { lat: number; lng: number };
  timeZone: string;
}

/** The public contract folder: SCHEMAS_DIR, else `schemas/` at the repository root. */
export function schemasDir(): string {
  if (process.env.SCHEMAS_DIR) return resolve(process.env.SCHEMAS_DIR);
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas');
}

export function readSchemaFile(...parts: string[]): string {
  return readFileSync(join(schemasDir(), ...parts), 'utf8');
}

let economies: EconomyReference[] | undefined;

export function referenceEconomies(): EconomyReference[] {
  economies ??= (JSON.parse(readSchemaFile('reference', 'economies.json')) as { economies: EconomyReference[] })
    .economies;
  return economies;
}

export function isEconomyCode(code: string): boolean {
  return referenceEconomies().some((e) => e.code === code);
}

/** DESIGN.md's value lists, in the graph's enum case (events use the same words in kebab case). */
export const MEMBER_TYPES = ['LARGE_COMPANY', 'SME', 'RESEARCH_INSTITUTE', 'UNIVERSITY', 'PUBLIC_BODY', 'OTHER'] as const;
export type MemberType = (typeof MEMBER_TYPES)[number];
