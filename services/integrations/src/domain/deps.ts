import type { Logger } from '@ccp/kit';
import type { IntegrationsOptions } from '../config.js';
import type { Dispatcher } from '../delivery/dispatcher.js';
import type { DeliveryStore } from '../model/delivery.js';
import type { EndpointStore } from '../model/endpoint.js';

export interface IntegrationsDeps {
  endpoints: EndpointStore;
  deliveries: DeliveryStore;
  dispatcher: Dispatcher;
  options: IntegrationsOptions;
  logger: Logger;
}
