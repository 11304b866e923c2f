import { randomUUID } from 'node:crypto';
import {
  ANONYMOUS,
  type Caller,
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  invalidStateError,
  type OutboxRelay,
  requireSignedIn,
  TOPICS,
  type EventValidator,
} from '@ccp/kit';
import { z } from 'zod';
import {
  NOTIFIED_LIMIT,
  type SavedFilter,
  type SavedSearchDocument,
  type SavedSearchModel,
  type SavedSearchRecord,
  toSavedSearchRecord,
} from '../model/saved-search.js';
import { requestNotification } from '../events/notifications.js';
import { factsOfEvent, searchEntry } from '../search/entry.js';
import { clusterFilterInput, searchQuery } from '../search/filter.js';
import { runSearch } from '../search/search.js';
import { clusterId, parseInput, text } from './input.js';

export const SAVED_SEARCH_LIMIT = 50;

export interface SavedSearchDeps {
  savedSearches: SavedSearchModel;
  savedSearchRelay: OutboxRelay;
  validator: EventValidator;
}

const saveInput = z.object({
  name: text(100),
  filter: clusterFilterInput.refine((f) => f.status == null || f.status === 'published', {
    message: 'saved searches look for published clusters only; leave status out',
    path: ['status'],
  }),
  notify: z.boolean().nullish(),
});

function savedFilter(f: z.output<typeof clusterFilterInput>): SavedFilter {
  return {
    economies: [...new Set(f.economies ?? [])],
    specializations: [...new Set(f.specializations ?? [])],
    memberTypes: [...new Set(f.memberTypes ?? [])],
    internationalMembership: f.internationalMembership ?? null,
    foundedFrom: f.foundedFrom ?? null,
    foundedTo: f.foundedTo ?? null,
    text: f.text?.trim() || null,
  };
}

/** Saves a search for a signed-in user (at most SAVED_SEARCH_LIMIT each). */
export async function saveSearch(
  deps: SavedSearchDeps,
  caller: Caller,
  input: { name: string; filter: unknown; notify?: boolean | null },
): Promise<SavedSearchRecord> {
  requireSignedIn(caller, 'save a search');
  const v = parseInput(saveInput, input);
  const owned = await deps.savedSearches.countDocuments({ owner: caller.subject });
  if (owned >= SAVED_SEARCH_LIMIT) {
    throw invalidStateError(`You have ${owned} saved searches, the most one may keep; delete one first`, {
      field: 'name',
    });
  }
  const doc: SavedSearchDocument = {
    _id: randomUUID(),
    owner: caller.subject,
    name: v.name,
    filter: savedFilter(v.filter),
    notify: v.notify ?? true,
    createdAt: new Date(),
    lastNotifiedAt: null,
    notified: [],
    version: 1,
    outbox: [],
  };
  await deps.savedSearches.collection.insertOne(doc as never);
  return toSavedSearchRecord(doc);
}

export async function deleteSavedSearch(deps: SavedSearchDeps, caller: Caller, id: string): Promise<boolean> {
  requireSignedIn(caller, 'delete a saved search');
  const target = parseInput(z.object({ id: clusterId }), { id }).id;
  // Someone else's search is reported as absent: ids of other users' searches reveal nothing.
  const res = await deps.savedSearches.deleteOne({ _id: target, owner: caller.subject });
  return res.deletedCount === 1;
}

export async function mySavedSearches(deps: SavedSearchDeps, caller: Caller): Promise<SavedSearchRecord[]> {
  requireSignedIn(caller, 'read your saved searches');
  const docs = await deps.savedSearches.find({ owner: caller.subject }).lean<SavedSearchDocument[]>();
  return docs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(toSavedSearchRecord);
}

const PUBLISHED = 'ccp.registry.cluster.published.v1';

function notification(search: SavedSearchDocument, clusterId: string, names: Record<string, string>): CloudEvent {
  return requestNotification({
    kind: 'saved-search-match',
    userIds: [search.owner],
    subject: {
      en: `New cluster for "${search.name}": ${names.en}`,
      ru: `Новый кластер по запросу «${search.name}»: ${names.ru ?? names.en}`,
    },
    text: {
      en: `${names.en} was just published on the platform and matches your saved search "${search.name}".`,
      ru: `Кластер «${names.ru ?? names.en}» опубликован на платформе и подходит под ваш сохранённый поиск «${search.name}».`,
    },
    link: `/clusters/${clusterId}`,
  });
}

/**
 * On a cluster's publication, tells the owner of every saved search it matches, once per search and cluster
 * (the search remembers which clusters it told about; the notice leaves through the search's outbox in the
 * same write), so a redelivered or replayed event notifies no one again.
 */
export function savedSearchHandler(deps: SavedSearchDeps) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== PUBLISHED) return 'skipped';
    const facts = factsOfEvent(event);
    if (!facts) return 'skipped';
    const entry = searchEntry({ ...facts, status: 'published' });
    const searches = await deps.savedSearches.find({ notify: true }, { outbox: 0 }).lean<SavedSearchDocument[]>();
    let told = 0;
    for (const search of searches) {
      if (search.notified?.includes(facts.id)) continue;
      const q = searchQuery(ANONYMOUS, { ...search.filter, status: 'PUBLISHED' });
      if (runSearch([entry], q).matches.length === 0) continue;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const current = await deps.savedSearches.findById(search._id).lean<SavedSearchDocument>();
        if (!current || current.notified.includes(facts.id)) break;
        const message = notification(current, facts.id, facts.names);
        deps.validator.assertValid(message);
        const res = await deps.savedSearches.updateOne(
          { _id: current._id, version: current.version },
          {
            $set: {
              version: current.version + 1,
              lastNotifiedAt: new Date(),
              notified: [...current.notified, facts.id].slice(-NOTIFIED_LIMIT),
              outbox: [...(current.outbox ?? []), message],
            },
          },
        );
        if (res.matchedCount === 1) {
          told += 1;
          await deps.savedSearchRelay.flush(current._id).catch(() => {});
          break;
        }
      }
    }
    return told > 0 ? 'applied' : 'skipped';
  };
}

export function savedSearchConsumer(deps: SavedSearchDeps, consumer: ConsumerDeps, groupId: string) {
  return new EventConsumer({ ...consumer, groupId, topics: [TOPICS.cluster], handle: savedSearchHandler(deps) });
}
