import { type Actor, type CloudEvent, makeEvent } from '@ccp/kit';
import type { EconomyPage, PageList } from '../model/economy-page.js';

export const ECONOMY_UPDATED = 'ccp.economies.economy.updated.v1';

/**
 * The page changed. The event names the lists that changed and the ids each now holds, not their content: topics
 * keep everything forever, and an official's name or email in them could not be erased; a whole page of texts
 * could also outgrow a Kafka message. Subscribers read the content through the API.
 */
export function economyUpdated(
  economy: string,
  sequence: number,
  changedFields: PageList[],
  page: Pick<EconomyPage, PageList | 'updatedAt'>,
  actor: Actor,
): CloudEvent {
  const ids = (list: PageList) =>
    changedFields.includes(list) ? { [list]: page[list].map((e) => e.id) } : {};
  return makeEvent({
    service: 'economies',
    type: ECONOMY_UPDATED,
    subject: economy,
    sequence,
    economy,
    actor,
    data: {
      economy,
      changedFields,
      updatedAt: page.updatedAt,
      entryIds: { ...ids('supportMeasures'), ...ids('institutions'), ...ids('officials') },
    },
  });
}
