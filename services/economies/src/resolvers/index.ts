import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Economy } from './Economy.js';
import { economyPageResolvers } from './economy-page.js';
import { KpiFigure } from './KpiFigure.js';
import { Mutation } from './Mutation.js';
import { publicationResolvers } from './publications.js';
import { Query } from './Query.js';
import { reportResolvers } from './report.js';
import { statisticsResolvers } from './statistics.js';

/** Each feature module contributes fields to the shared types; one field is resolved by one module only. */
const features: Resolvers[] = [reportResolvers, statisticsResolvers, economyPageResolvers, publicationResolvers];

function merge(base: Resolvers, parts: Resolvers[]): Resolvers {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of [base, ...parts]) {
    for (const [type, fields] of Object.entries(part)) {
      const into = out[type] ?? {};
      out[type] = into;
      for (const [name, fn] of Object.entries(fields as Record<string, unknown>)) {
        if (name in into) throw new Error(`${type}.${name} is resolved twice`);
        into[name] = fn;
      }
    }
  }
  return out as Resolvers;
}

export const resolvers: Resolvers = merge({ Query, Mutation, Economy, KpiFigure }, features);
