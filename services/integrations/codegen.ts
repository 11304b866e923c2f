import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('integrations', {
  WebhookEndpoint: '../model/endpoint.js#EndpointRecord',
  WebhookFilter: '../model/endpoint.js#FilterRecord',
  WebhookDelivery: '../model/delivery.js#DeliveryRecord',
  WebhookAttempt: '../model/delivery.js#AttemptRecord',
});
