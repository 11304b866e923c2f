import type { Resolvers } from '../__generated__/resolvers-types.js';
import { claimResolvers } from './claims.js';
import { Cluster } from './Cluster.js';
import { Economy } from './Economy.js';
import { importExportResolvers } from './import-export.js';
import { logoResolvers } from './logo.js';
import { Mutation } from './Mutation.js';
import { MultilingualText } from './MultilingualText.js';
import { Query } from './Query.js';
import { searchResolvers } from './search.js';
import { Specialization } from './Specialization.js';

/** Each feature module contributes fields to the shared types; one field is resolved by one module only. */
const features: Resolvers[] = [searchResolvers, claimResolvers, importExportResolvers, logoResolvers];

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

export const resolvers: Resolvers = merge(
  { Query, Mutation, Cluster, Economy, MultilingualText, Specialization },
  features,
);
