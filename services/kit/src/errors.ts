import { GraphQLError } from 'graphql';

/** Stable `extensions.code` values clients can rely on. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  Forbidden: 'FORBIDDEN',
  Unauthenticated: 'UNAUTHENTICATED',
  InvalidState: 'INVALID_STATE',
} as const;

export interface FieldProblem {
  field: string;
  reason: string;
}

/** A typed validation error naming every field at fault. */
export function validationError(problems: FieldProblem[]): GraphQLError {
  const first = problems[0];
  const message = first ? `Invalid ${first.field}: ${first.reason}` : 'Invalid input';
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BadUserInput, field: first?.field, problems },
  });
}

export function notFoundError(what: string, id: string): GraphQLError {
  return new GraphQLError(`${what} ${id} not found`, { extensions: { code: ErrorCode.NotFound, id } });
}

export function invalidStateError(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.InvalidState, ...extra } });
}

export function conflictError(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Conflict, ...extra } });
}

export function forbiddenError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Forbidden } });
}

export function unauthenticatedError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Unauthenticated } });
}

/** Turns zod issues into field problems (`input.name.en` → `name.en`). */
export function problemsFromZod(issues: { path: PropertyKey[]; message: string }[]): FieldProblem[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || 'input', reason: i.message }));
}
