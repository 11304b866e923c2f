import type { MatchRequestDocument, MatchRequestModel } from '../model/match-request.js';

/** What replaces an erased user's id (the same as ERASED_USER in erase-user.ts). */
const ERASED = 'erased-user';

/**
 * Replaces an erased user's id where match requests keep it beyond `createdBy`: as the author of messages and
 * as the one who decided. Each request is one version-guarded write (version + 1, so a decision or message
 * read before cannot write the old ids back); running it again finds nothing left.
 */
export async function eraseMatchRequestAuthors(model: MatchRequestModel, userId: string): Promise<number> {
  const filter = { $or: [{ 'messages.authorUserId': userId }, { decidedBy: userId }] };
  let erased = 0;
  for (let round = 0; round < 5; round++) {
    const docs = await model
      .find(filter, { messages: 1, decidedBy: 1, version: 1 })
      .lean<Pick<MatchRequestDocument, '_id' | 'messages' | 'decidedBy' | 'version'>[]>();
    if (docs.length === 0) break;
    for (const doc of docs) {
      const messages = (doc.messages ?? []).map((m) =>
        m.authorUserId === userId ? { ...m, authorUserId: ERASED } : m,
      );
      const decidedBy = doc.decidedBy === userId ? ERASED : (doc.decidedBy ?? null);
      const res = await model.updateOne(
        { _id: doc._id, version: doc.version },
        { $set: { messages, decidedBy, version: doc.version + 1 } },
      );
      erased += res.modifiedCount;
    }
  }
  return erased;
}
