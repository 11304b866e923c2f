import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('surveys', {
  Questionnaire: '../model/questionnaire.js#QuestionnaireRecord',
  QuestionnaireSection: '../model/questionnaire.js#SectionRecord',
  Question: '../model/questionnaire.js#QuestionRecord',
  QuestionnaireResponse: '../model/response.js#ResponseRecord',
  QuestionnaireAnswer: '../model/response.js#AnswerRecord',
  Cluster: '../resolvers/Cluster.js#ClusterRef',
});
