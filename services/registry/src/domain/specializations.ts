import { readSchemaFile } from '@ccp/kit';

/** One code of the taxonomy in schemas/reference/specializations.json. */
export interface SpecializationEntry {
  code: string;
  parent?: string;
  name: { en: string; ru: string };
  isic: string[];
}

let taxonomy: { list: SpecializationEntry[]; byCode: Map<string, SpecializationEntry> } | undefined;

function load() {
  if (!taxonomy) {
    const list = (
      JSON.parse(readSchemaFile('reference', 'specializations.json')) as {
        specializations: SpecializationEntry[];
      }
    ).specializations;
    taxonomy = { list, byCode: new Map(list.map((s) => [s.code, s])) };
  }
  return taxonomy;
}

/** The taxonomy, parents before their children. */
export const specializationList = (): SpecializationEntry[] => load().list;

export const specializationByCode = (code: string): SpecializationEntry | undefined =>
  load().byCode.get(code);

export const isSpecializationCode = (code: string): boolean => load().byCode.has(code);
