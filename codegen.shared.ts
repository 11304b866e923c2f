import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed resolvers for one subgraph from its SDL in schemas/, the same way for every service. */
export function subgraphCodegen(subgraph: string, mappers: Record<string, string>): CodegenConfig {
  return {
    schema: `../../schemas/${subgraph}.graphql`,
    generates: {
      'src/__generated__/resolvers-types.ts': {
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useTypeImports: true,
          enumsAsTypes: true,
          contextType: '../context.js#Context',
          mappers,
        },
      },
    },
  };
}
