import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schemas/accounts.graphql',
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.js#Context',
        mappers: {
          User: '../model/user.js#UserRecord',
          RoleGrant: '../model/user.js#RoleGrantRecord',
          Cluster: '../model/references.js#ClusterRef',
          Economy: '../model/references.js#EconomyRef',
        },
      },
    },
  },
};

export default config;
