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

/** One code of the specialization taxonomy: two levels (a child names its parent), and its ISIC Rev.4 codes. */
export interface SpecializationReference {
  code: string;
  parent?: string;
  name: { en: string; ru: string };
  isic: string[];
}

interface Taxonomy {
  list: SpecializationReference[];
  byCode: Map<string, SpecializationReference>;
}

let specializations: Taxonomy | undefined;

function taxonomy(): Taxonomy {
  if (!specializations) {
    const list = (
      JSON.parse(readSchemaFile('reference', 'specializations.json')) as {
        specializations: SpecializationReference[];
      }
    ).specializations;
    specializations = { list, byCode: new Map(list.map((s) => [s.code, s])) };
  }
  return specializations;
}

/** The taxonomy (schemas/reference/specializations.json), parents before their children. */
export const referenceSpecializations = (): SpecializationReference[] => taxonomy().list;

export const specializationByCode = (code: string): SpecializationReference | undefined =>
  taxonomy().byCode.get(code);

export const isSpecializationCode = (code: string): boolean => taxonomy().byCode.has(code);

/** The codes and their parents: a filter by a parent code matches what is about its children. */
export function specializationScope(codes: Iterable<string>): Set<string> {
  const scope = new Set<string>();
  for (const code of codes) {
    scope.add(code);
    const parent = specializationByCode(code)?.parent;
    if (parent) scope.add(parent);
  }
  return scope;
}

/** The English and Russian labels of the known codes, so free text finds a record by its specializations' names. */
export const specializationLabels = (codes: Iterable<string>): string[] =>
  [...codes].flatMap((code) => {
    const entry = specializationByCode(code);
    return entry ? [entry.name.en, entry.name.ru] : [];
  });
