import { createRequire } from 'node:module';
import { mergeConfig } from 'vitest/config';
import shared from '../vitest.shared';

// graphql ships CommonJS (main) and ESM (module) builds. Node gives @apollo/* the CommonJS one; sources
// must get the same, or schemas and GraphQLErrors from one copy are refused by the other.
const graphql = createRequire(import.meta.url).resolve('graphql');

export default mergeConfig(shared, { resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] } });
