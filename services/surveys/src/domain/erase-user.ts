import { isErasedEmail, type UserErasure } from '@ccp/kit';
import type { ResponseDocument, ResponseModel, RespondentRecord } from '../model/response.js';

/** What replaces an erased user's id wherever surveys kept it. */
export const ERASED_USER = 'erased-user';

const USER_FIELDS = ['createdBy', 'updatedBy', 'submittedBy'] as const;
const ATTEMPTS = 5;

type Candidate = Pick<ResponseDocument, '_id' | 'version' | 'respondent'>;

/**
 * The respondent with the erased person taken out, or null when nothing of theirs is in it. Their user id goes
 * wherever it stands; the personal answers (name, position, e-mail) go when they are about them: the response
 * was submitted by them (or, a draft, last saved by them), or one of its addresses is theirs.
 */
function withoutPerson(
  respondent: RespondentRecord,
  erasure: UserErasure,
  key: string,
): RespondentRecord | null {
  const next: RespondentRecord = { ...respondent, answers: respondent.answers ?? [] };
  let changed = false;
  for (const field of USER_FIELDS) {
    if (next[field] === erasure.userId) {
      next[field] = ERASED_USER;
      changed = true;
    }
  }
  const author = respondent.submittedBy ?? respondent.updatedBy;
  const theirAddress = next.answers.some(
    (a) => typeof a.value === 'string' && isErasedEmail(a.value, erasure.emailDigest, key),
  );
  if (next.answers.length > 0 && (author === erasure.userId || theirAddress)) {
    next.answers = [];
    changed = true;
  }
  return changed ? next : null;
}

/**
 * Erases a user from every response: their id where they created, last saved or submitted it, and the personal
 * answers about them. The answers to the questionnaire stay, as anonymous data (results never held the
 * respondent). Each response is rewritten with a version-guarded update (a save racing it is refused and
 * retried by its author, never writes the person back); running it again finds nothing left to change.
 */
export async function eraseUser(
  responses: ResponseModel,
  erasure: UserErasure,
  key: string,
): Promise<number> {
  // Personal answers can name the person without their id (an address typed in by a colleague): a scan.
  const candidates = await responses
    .find(
      {
        $or: [
          ...USER_FIELDS.map((f) => ({ [`respondent.${f}`]: erasure.userId })),
          ...(erasure.emailDigest ? [{ 'respondent.answers.0': { $exists: true } }] : []),
        ],
      },
      { _id: 1, version: 1, respondent: 1 },
    )
    .lean<Candidate[]>();
  let modified = 0;
  for (const candidate of candidates) {
    let doc: Candidate | null = candidate;
    for (let attempt = 0; doc && attempt < ATTEMPTS; attempt += 1) {
      const respondent = doc.respondent ? withoutPerson(doc.respondent, erasure, key) : null;
      if (!respondent) break;
      const res = await responses.updateOne(
        { _id: doc._id, version: doc.version },
        { $set: { respondent, version: doc.version + 1 } },
      );
      if (res.matchedCount === 1) {
        modified += 1;
        break;
      }
      doc = await responses.findById(doc._id, { _id: 1, version: 1, respondent: 1 }).lean<Candidate>();
    }
  }
  return modified;
}
