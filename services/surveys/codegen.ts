import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schemas/surveys.graphql',
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.js#Context',
        mappers: {
          Questionnaire: '../model/questionnaire.js#QuestionnaireRecord',
          QuestionnaireSection: '../model/questionnaire.js#SectionRecord',
          Question: '../model/questionnaire.js#QuestionRecord',
          QuestionnaireResponse: '../model/response.js#ResponseRecord',
          QuestionnaireAnswer: '../model/response.js#AnswerRecord',
          Cluster: '../resolvers/Cluster.js#ClusterRef',
        },
      },
    },
  },
};

export default config;
