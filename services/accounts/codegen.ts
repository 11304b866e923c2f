import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('accounts', {
  User: '../model/user.js#UserRecord',
  RoleGrant: '../model/user.js#RoleGrantRecord',
  UserGrants: '../domain/user-grants.js#UserGrantsRecord',
  ApiKey: '../model/api-key.js#ApiKeyRecord',
  AuditLogEntry: '../model/audit-entry.js#AuditEntryRecord',
  Cluster: '../model/references.js#ClusterRef',
  Economy: '../model/references.js#EconomyRef',
});
