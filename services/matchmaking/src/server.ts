import { randomUUID } from 'node:crypto';
import {
  type Caller,
  type CloudEvent,
  createSubgraphApollo,
  type EventValidator,
  LOCAL_ERASURE_KEY,
  type Logger,
  OutboxRelay,
  type OutboxRelayOptions,
} from '@ccp/kit';
import type { Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { type Context, createContext } from './context.js';
import type { MatchmakingDeps } from './domain/deps.js';
import { OfferExpirySweep } from './domain/expire-cooperation-offers.js';
import { clusterFactsConsumer } from './events/cluster-facts.js';
import { DueMatchRequests, MatchRequestExpirySweep } from './domain/request-expiry.js';
import { userErasureConsumer, userErasureHandler } from './events/user-erasure.js';
import { ClusterFactsRepository, clusterFactsModel } from './model/cluster-facts.js';
import { CooperationOfferRepository, cooperationOfferModel } from './model/cooperation-offer.js';
import { CollaborationRepository, collaborationModel } from './model/collaboration.js';
import { MatchRequestRepository, matchRequestModel } from './model/match-request.js';
import { WorkshopRepository, workshopModel } from './model/workshop.js';
import { MeetingRepository, meetingModel } from './model/meeting.js';
import { MeetingScheduleRepository, meetingScheduleModel } from './model/meeting-schedule.js';
import { ParticipantRepository, participantModel } from './model/participant.js';
import { buildUserRegistrations, UserRegistrationsRepository, userRegistrationsModel } from './model/user-registrations.js';
import { type ReminderOptions, WorkshopReminderSweep } from './domain/workshop-reminders.js';
import { loadPartnerReadModel } from './matching/partner-read-model.js';
import { resolvers } from './resolvers/index.js';

export interface MatchmakingServerDeps {
  mongo: Connection;
  kafka: Kafka;
  producer: Producer;
  validator: EventValidator;
  logger: Logger;
  sweepIntervalMs?: number;
  /** The cluster facts consumer group; `ccp-matchmaking` unless a test needs its own. */
  consumerGroupId?: string;
  /** The group that acts on users' erasure; `ccp-matchmaking-erasure` unless a test needs its own. */
  erasureGroupId?: string;
  /** The offer read model's own consumer group (one per process, like registry's read model). */
  offerReadModelGroupId?: string;
  /** How often offers past their deadline are closed; every minute unless a test needs otherwise. */
  offerExpirySweepMs?: number;
  /** Days a pending match request waits for an answer (MATCH_REQUEST_EXPIRY_DAYS, 14 unless given). */
  matchRequestExpiryDays?: number;
  /** How often due match requests are expired; every minute unless given. */
  matchRequestExpiryCheckMs?: number;
  /** The partner index's own follower group (one per process, like the offer read model's). */
  partnerIndexGroupId?: string;
  /** HMAC key of the email digest in erasure events (ERASURE_KEY); the kit's local default unless given. */
  erasureKey?: string;
  /** When workshop reminders go out and how often the sweep looks (24 h ahead, every 10 minutes unless given). */
  workshopReminders?: ReminderOptions;
}

/** Builds the matchmaking subgraph, its outbox relays and its consumers; never listens (tests use it directly). */
export async function createServer({
  mongo,
  kafka,
  producer,
  validator,
  logger,
  sweepIntervalMs,
  consumerGroupId,
  erasureGroupId,
  offerReadModelGroupId = `ccp-matchmaking-offers-${randomUUID()}`,
  offerExpirySweepMs,
  matchRequestExpiryDays,
  matchRequestExpiryCheckMs,
  partnerIndexGroupId,
  erasureKey = LOCAL_ERASURE_KEY,
  workshopReminders,
}: MatchmakingServerDeps) {
  const facts = clusterFactsModel(mongo);
  const offers = cooperationOfferModel(mongo);
  const matchRequests = matchRequestModel(mongo);
  const workshops = workshopModel(mongo);
  const collaborations = collaborationModel(mongo);
  const participants = participantModel(mongo);
  const meetings = meetingModel(mongo);
  const meetingSchedules = meetingScheduleModel(mongo);
  const userRegistrations = new UserRegistrationsRepository(userRegistrationsModel(mongo));
  await Promise.all([participants.init(), meetings.init(), meetingSchedules.init()]);
  await buildUserRegistrations(mongo, participants, userRegistrations, logger);
  await collaborations.init();
  await Promise.all([facts.init(), offers.init(), matchRequests.init(), workshops.init()]);
  const partners = await loadPartnerReadModel({
    kafka,
    logger,
    facts,
    matchRequests,
    collaborations,
    factsGroupId: consumerGroupId,
    feedGroupId: partnerIndexGroupId,
  });
  const relay = (model: OutboxRelayOptions['model']) =>
    new OutboxRelay({ model, producer, logger, sweepIntervalMs });
  const deps: MatchmakingDeps = {
    clusterFacts: new ClusterFactsRepository(facts, partners.index),
    partnerIndex: partners.index,
    offers,
    offerRepository: new CooperationOfferRepository(offers, logger),
    offerRelay: relay(offers),
    matchRequests,
    matchRequestRepository: new MatchRequestRepository(matchRequests),
    matchRequestRelay: relay(matchRequests),
    dueMatchRequests: new DueMatchRequests(matchRequestExpiryDays),
    collaborations,
    collaborationRepository: new CollaborationRepository(collaborations),
    collaborationRelay: relay(collaborations),
    workshops,
    workshopRepository: new WorkshopRepository(workshops),
    workshopRelay: relay(workshops),
    participants,
    participantRepository: new ParticipantRepository(participants),
    userRegistrations,
    meetings,
    meetingRepository: new MeetingRepository(meetings),
    meetingRelay: relay(meetings),
    meetingSchedules,
    meetingScheduleRepository: new MeetingScheduleRepository(meetingSchedules),
    meetingScheduleRelay: relay(meetingSchedules),
    validator,
  };
  const consumer = clusterFactsConsumer({
    kafka,
    producer,
    validator,
    logger,
    projection: partners.projection,
    groupId: consumerGroupId,
  });
  await deps.offerRepository.load(kafka);
  const withUserIds = {
    offers,
    matchRequests,
    workshops,
    offerRepository: deps.offerRepository,
    workshopPeople: { participants, meetings, erasureKey, userRegistrations },
  };
  const erasure = userErasureConsumer({
    kafka,
    producer,
    validator,
    logger,
    models: withUserIds,
    groupId: erasureGroupId,
  });
  const apollo = createSubgraphApollo<Context>('matchmaking.graphql', resolvers);
  return {
    apollo,
    deps,
    relays: [deps.offerRelay, deps.matchRequestRelay, deps.workshopRelay, deps.collaborationRelay, deps.meetingRelay, deps.meetingScheduleRelay],
    consumers: [consumer, erasure],
    workers: [
      {
        start: () => deps.offerRepository.follow(kafka, offerReadModelGroupId),
        stop: () => deps.offerRepository.stop(),
      },
      new OfferExpirySweep(deps, logger, offerExpirySweepMs),
      new MatchRequestExpirySweep(deps, logger, { checkEveryMs: matchRequestExpiryCheckMs }),
      partners.feed,
      new WorkshopReminderSweep(deps, logger, workshopReminders),
    ],
    /** The consumer's handler, for feeding the read model an event directly. */
    applyClusterEvent: (event: CloudEvent) => partners.projection.apply(event),
    /** The erasure consumer's handler, for feeding it an event directly. */
    applyUserEvent: userErasureHandler(withUserIds),
    context: (caller: Caller) => createContext(deps, caller),
  };
}
