import { isErasedEmail, SYSTEM_ACTOR, type UserErasure } from '@ccp/kit';
import type { EconomyDocument } from '../model/economy.js';
import type { Official } from '../model/economy-page.js';
import { type EconomyPageDeps, writePage } from './economy-page.js';

/**
 * An erased user's official entries leave every economy page: those linked to the user and those carrying the
 * user's email (matched by its keyed digest). The whole entry goes, not only the name: a position at a named
 * institution is held by one person, so the role alone would still point at them. Each page is rewritten with
 * its `…economy.updated.v1` event; a redelivery finds nothing left to remove. Returns the economies changed.
 */
export async function eraseOfficials(
  deps: EconomyPageDeps,
  erasure: UserErasure,
  erasureKey: string,
): Promise<string[]> {
  const isErased = (o: Official) =>
    (o.userId != null && o.userId === erasure.userId) ||
    isErasedEmail(o.email, erasure.emailDigest, erasureKey);
  // 21 small documents: reading them all is cheaper than a filter FerretDB would scan for anyway.
  const docs = await deps.economies
    .find({}, { officials: 1 })
    .lean<Pick<EconomyDocument, '_id' | 'officials'>[]>();
  const changed: string[] = [];
  for (const doc of docs) {
    if (!(doc.officials ?? []).some(isErased)) continue;
    const { changed: lists } = await writePage(
      deps,
      doc._id,
      (current) => ({ officials: current.officials.filter((o) => !isErased(o)) }),
      { actor: SYSTEM_ACTOR },
    );
    if (lists.length > 0) changed.push(doc._id);
  }
  return changed;
}
