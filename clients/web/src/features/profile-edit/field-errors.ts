import { CombinedGraphQLErrors } from '@apollo/client';

/** A typed GraphQL error of one field: extensions.code and the field it names. */
export interface FieldProblem {
  field: string;
  reason: string;
  code: string;
}

/**
 * The field problems of a failed operation: every `extensions.problems` entry (the services' validation
 * errors name each field at fault), else the single `extensions.field`; errors naming no field come back
 * under `''` so a form can show them above its buttons.
 */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!CombinedGraphQLErrors.is(error)) {
    return error instanceof Error ? [{ field: '', reason: error.message, code: 'NETWORK' }] : [];
  }
  return error.errors.flatMap((e) => {
    const ext = (e.extensions ?? {}) as {
      code?: string;
      field?: string;
      problems?: { field: string; reason: string }[];
    };
    const code = ext.code ?? 'INTERNAL_SERVER_ERROR';
    if (ext.problems?.length) return ext.problems.map((p) => ({ field: p.field, reason: p.reason, code }));
    return [{ field: ext.field ?? '', reason: e.message, code }];
  });
}

/** The first problem of a field (or of any field under it, e.g. `mission` for `mission.en`). */
export function problemOf(problems: readonly FieldProblem[], field: string): FieldProblem | undefined {
  return problems.find(
    (p) => p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`),
  );
}
