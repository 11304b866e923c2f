import { Kafka, Partitioners, type Producer, logLevel as KafkaLogLevel, type LogEntry } from 'kafkajs';
import { CLOUDEVENTS_CONTENT_TYPE, type CloudEvent, topicOf } from './events.js';
import type { Logger } from './logger.js';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

export function createKafka(clientId: string, brokers: string[], logger: Logger): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    logLevel: KafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[levels[level] ?? 'info'](rest, message);
      },
  });
}

/** An idempotent producer: with one request in flight per connection, a partition keeps its order. */
export async function createProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

/** Key = aggregate id, so one aggregate's events stay ordered in one partition. */
export function toMessage(event: CloudEvent) {
  return {
    key: event.subject,
    value: JSON.stringify(event),
    headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE, 'ce-type': event.type },
  };
}

export async function publishEvents(producer: Producer, events: CloudEvent[]): Promise<void> {
  const byTopic = new Map<string, CloudEvent[]>();
  for (const e of events) {
    const topic = topicOf(e.type);
    const list = byTopic.get(topic);
    if (list) list.push(e);
    else byTopic.set(topic, [e]);
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map(toMessage) })),
  });
}
