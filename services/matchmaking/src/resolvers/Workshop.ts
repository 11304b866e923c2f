import type { WorkshopResolvers } from '../__generated__/resolvers-types.js';
import { requestedId } from '../domain/input.js';

export const Workshop: WorkshopResolvers = {
  __resolveReference: (ref, ctx) => ctx.workshopById.load(requestedId(ref.id, 'id')),
  title: (workshop) => ({ en: workshop.title.en, ru: workshop.title.ru ?? null }),
  hostEconomyCode: (workshop) => workshop.hostEconomy,
  hostEconomy: (workshop) => ({ code: workshop.hostEconomy }),
  startsAt: (workshop) => workshop.startsAt.toISOString(),
  endsAt: (workshop) => workshop.endsAt.toISOString(),
  createdAt: (workshop) => workshop.createdAt.toISOString(),
};
