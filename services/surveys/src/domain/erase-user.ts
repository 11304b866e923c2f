import type { ResponseModel } from '../model/response.js';

/** What replaces an erased user's id wherever surveys kept it. */
export const ERASED_USER = 'erased-user';

const USER_FIELDS = ['createdBy', 'updatedBy', 'submittedBy'] as const;

/**
 * Replaces an erased user's id on every response they created, last changed or submitted. Plain updates by
 * value: running them again finds nothing left to change.
 */
export async function eraseUser(responses: ResponseModel, userId: string): Promise<number> {
  let modified = 0;
  for (const field of USER_FIELDS) {
    const res = await responses.updateMany({ [field]: userId }, { $set: { [field]: ERASED_USER } });
    modified += res.modifiedCount;
  }
  return modified;
}
