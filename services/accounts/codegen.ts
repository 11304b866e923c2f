import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('accounts', {
  User: '../model/user.js#UserRecord',
  RoleGrant: '../model/user.js#RoleGrantRecord',
  Cluster: '../model/references.js#ClusterRef',
  Economy: '../model/references.js#EconomyRef',
});
