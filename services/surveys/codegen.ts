import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('surveys', {
  Questionnaire: '../model/questionnaire.js#QuestionnaireRecord',
  QuestionnaireSection: '../model/questionnaire.js#SectionRecord',
  Question: '../model/questionnaire.js#QuestionRecord',
  QuestionnaireResponse: '../model/response.js#ResponseRecord',
  QuestionnaireAnswer: '../model/response.js#AnswerRecord',
  QuestionCondition: '../model/questionnaire.js#ConditionRecord',
  ScalePoint: '../model/questionnaire.js#ScaleLabelRecord',
  Cluster: '../resolvers/Cluster.js#ClusterRef',
  Campaign: '../model/campaign.js#CampaignRecord',
  CampaignAudience: '../model/campaign.js#CampaignRecord',
  QuestionnaireResults: '../domain/results.js#ResultsView',
  QuestionResults: '../results/tabulate.js#QuestionResult',
  NumberResults: '../results/tabulate.js#NumberSummary',
  CrossTab: '../results/tabulate.js#CrossTabResult',
  CampaignResponseRates: '../domain/results.js#CampaignResponseRatesView',
  EconomyResponseRate: '../domain/results.js#EconomyResponseRateView',
  SubmittedResponsePage: '../resolvers/results.js#SubmittedResponsePageView',
});
