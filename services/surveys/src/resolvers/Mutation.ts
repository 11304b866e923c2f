import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { saveResponseDraft } from '../domain/save-response-draft.js';
import { submitResponse } from '../domain/submit-response.js';

export const Mutation: MutationResolvers = {
  saveResponseDraft: (_, { input }, ctx) => saveResponseDraft(ctx.deps, ctx.caller, input),
  submitResponse: (_, args, ctx) => submitResponse(ctx.deps, ctx.caller, args),
};
