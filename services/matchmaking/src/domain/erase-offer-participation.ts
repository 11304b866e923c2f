import type {
  CooperationOfferDocument,
  CooperationOfferModel,
  CooperationOfferRepository,
} from '../model/cooperation-offer.js';
import { oneAtATime } from './offer-change.js';

const ATTEMPTS = 5;

/** One offer without the user's follow and interest; false when there was nothing left to remove. */
async function eraseFromOffer(offers: CooperationOfferModel, id: string, userId: string): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const doc = await offers
      .findById(id, { followers: 1, interests: 1, version: 1 })
      .lean<CooperationOfferDocument>();
    if (!doc) return false;
    const followers = (doc.followers ?? []).filter((f) => f !== userId);
    const interests = (doc.interests ?? []).filter((i) => i.userId !== userId);
    if (
      followers.length === (doc.followers ?? []).length &&
      interests.length === (doc.interests ?? []).length
    ) {
      return false;
    }
    const res = await offers.updateOne(
      { _id: id, version: doc.version },
      { $set: { followers, interests, version: doc.version + 1 } },
    );
    if (res.matchedCount === 1) return true;
  }
  // The consumer retries the erasure event: personal data must not stay because an offer was busy.
  throw new Error(
    `cooperation offer ${id} kept changing; erasure of its follows and interests will be retried`,
  );
}

/**
 * Removes an erased user's follows and interests (their messages are personal data) from every offer, each
 * offer in one version-guarded write; running it again finds nothing left. The read model, if given, reads
 * the changed offers again, and those the user created (whose `createdBy` eraseUser replaced).
 */
export async function eraseOfferParticipation(
  offers: CooperationOfferModel,
  userId: string,
  repository?: CooperationOfferRepository,
): Promise<number> {
  // A rare scan: erasures are few, and this filter is no `{_id}` lookup.
  const touched = await offers
    .find({ $or: [{ followers: userId }, { 'interests.userId': userId }] }, { _id: 1 })
    .lean<{ _id: string }[]>();
  let changed = 0;
  for (const { _id } of touched) {
    if (await oneAtATime(_id, () => eraseFromOffer(offers, _id, userId))) changed += 1;
  }
  if (repository) {
    const created = repository
      .newestFirst()
      .filter((e) => e.record.createdBy === userId)
      .map((e) => e.record.id);
    for (const id of new Set([...touched.map((d) => d._id), ...created])) await repository.refresh(id);
  }
  return changed;
}
