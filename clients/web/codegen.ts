import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
// The same API schema (the supergraph without federation's join__/link__ machinery) the schema check uses.
import { apiSchemaOf } from '../../scripts/schema-diff.mjs';

const apiSchema = apiSchemaOf(
  readFileSync(new URL('../../schemas/supergraph.graphql', import.meta.url), 'utf8'),
);

/**
 * Typed operations for the web client: every src/**\/*.graphql document becomes a TypedDocumentNode in
 * src/__generated__/graphql.ts (e.g. `query EconomiesOverview` → `EconomiesOverviewDocument`), checked against
 * the public API schema, which is also written to src/__generated__/schema.graphql for tests that execute
 * operations against the real schema. The output is not committed: build, typecheck and test generate it first.
 */
const config: CodegenConfig = {
  schema: apiSchema,
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'src/__generated__/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true },
        skipTypename: false,
      },
    },
    'src/__generated__/schema.graphql': { plugins: ['schema-ast'] },
  },
};

export default config;
