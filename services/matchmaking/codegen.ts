import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schemas/matchmaking.graphql',
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.js#Context',
        mappers: {
          Cluster: '../resolvers/Cluster.js#ClusterRef',
          Economy: '../resolvers/Economy.js#EconomyRef',
          CooperationOffer: '../model/cooperation-offer.js#CooperationOfferRecord',
          MatchRequest: '../model/match-request.js#MatchRequestRecord',
          Workshop: '../model/workshop.js#WorkshopRecord',
        },
      },
    },
  },
};

export default config;
