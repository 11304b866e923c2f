import { ErrorCode } from '@ccp/kit';
import { GraphQLError } from 'graphql';

// The kit has no helper for CONFLICT yet; this one mirrors its validationError shape (code + field).
export function conflictError(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Conflict, field } });
}

export const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;
