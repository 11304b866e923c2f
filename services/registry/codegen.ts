import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('registry', {
  Cluster: '../model/cluster.js#ClusterRecord',
  ClusterMapPoints: '../search/read-model.js#MapPoints',
  SavedSearch: '../model/saved-search.js#SavedSearchRecord',
  ClusterClaim: '../model/cluster-claim.js#ClusterClaimRecord',
  Economy: '../resolvers/Economy.js#EconomyRef',
  MultilingualText: '../model/cluster.js#Texts',
  Specialization: '@ccp/kit#SpecializationReference',
});
