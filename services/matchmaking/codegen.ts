import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('matchmaking', {
  Cluster: '../resolvers/Cluster.js#ClusterRef',
  Economy: '../resolvers/Economy.js#EconomyRef',
  CooperationOffer: '../model/cooperation-offer.js#CooperationOfferRecord',
  MatchRequest: '../model/match-request.js#MatchRequestRecord',
  Workshop: '../model/workshop.js#WorkshopRecord',
});
