import { readSchemaFile } from '@ccp/kit';

/** One code of the specialization taxonomy (schemas/reference/specializations.json). */
interface SpecializationEntry {
  code: string;
  parent?: string;
  name: { en: string; ru: string };
}

let taxonomy: Map<string, SpecializationEntry> | undefined;

function byCode(): Map<string, SpecializationEntry> {
  taxonomy ??= new Map(
    (
      JSON.parse(readSchemaFile('reference', 'specializations.json')) as {
        specializations: SpecializationEntry[];
      }
    ).specializations.map((s) => [s.code, s]),
  );
  return taxonomy;
}

export const isSpecializationCode = (code: string): boolean => byCode().has(code);

/** The codes and their parents: a filter by a parent code matches offers about its children. */
export function sectorScope(codes: readonly string[]): Set<string> {
  const scope = new Set<string>();
  for (const code of codes) {
    scope.add(code);
    const parent = byCode().get(code)?.parent;
    if (parent) scope.add(parent);
  }
  return scope;
}

/** The English and Russian labels of the codes, so free text finds an offer by its sectors' names. */
export function sectorLabels(codes: readonly string[]): string[] {
  return codes.flatMap((code) => {
    const entry = byCode().get(code);
    return entry ? [entry.name.en, entry.name.ru] : [];
  });
}
