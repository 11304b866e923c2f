import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('registry', {
  Cluster: '../model/cluster.js#ClusterRecord',
  Economy: '../resolvers/Economy.js#EconomyRef',
  MultilingualText: '../model/cluster.js#Texts',
  Specialization: '../domain/specializations.js#SpecializationEntry',
});
