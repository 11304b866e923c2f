import type { EventValidator, OutboxRelay } from '@ccp/kit';
import type { PartnerIndex } from '../matching/partner-index.js';
import type { ClusterFactsRepository } from '../model/cluster-facts.js';
import type { CooperationOfferModel, CooperationOfferRepository } from '../model/cooperation-offer.js';
import type { CollaborationModel, CollaborationRepository } from '../model/collaboration.js';
import type { MatchRequestModel, MatchRequestRepository } from '../model/match-request.js';
import type { MeetingModel, MeetingRepository } from '../model/meeting.js';
import type { MeetingScheduleModel, MeetingScheduleRepository } from '../model/meeting-schedule.js';
import type { ParticipantModel, ParticipantRepository } from '../model/participant.js';
import type { UserRegistrationsRepository } from '../model/user-registrations.js';
import type { WorkshopModel, WorkshopRepository } from '../model/workshop.js';
import type { DueMatchRequests } from './request-expiry.js';

/** What matchmaking's use cases need; built once in server.ts. */
export interface MatchmakingDeps {
  clusterFacts: ClusterFactsRepository;
  /** Every cluster's facts in memory: partner suggestions and the reads of `clusterFacts` (src/matching). */
  partnerIndex: PartnerIndex;
  offers: CooperationOfferModel;
  offerRepository: CooperationOfferRepository;
  offerRelay: OutboxRelay;
  matchRequests: MatchRequestModel;
  matchRequestRepository: MatchRequestRepository;
  matchRequestRelay: OutboxRelay;
  /** Pending requests due to expire, in memory, with the expiry in days (src/domain/request-expiry.ts). */
  dueMatchRequests: DueMatchRequests;
  collaborations: CollaborationModel;
  collaborationRepository: CollaborationRepository;
  collaborationRelay: OutboxRelay;
  workshops: WorkshopModel;
  workshopRepository: WorkshopRepository;
  workshopRelay: OutboxRelay;
  /** Workshop registrations, B2B meeting requests and each workshop's meeting schedule (src/domain/*workshop*). */
  participants: ParticipantModel;
  participantRepository: ParticipantRepository;
  /** Each user's registration ids, for `myWorkshopRegistrations` (src/model/user-registrations.ts). */
  userRegistrations: UserRegistrationsRepository;
  meetings: MeetingModel;
  meetingRepository: MeetingRepository;
  meetingRelay: OutboxRelay;
  meetingSchedules: MeetingScheduleModel;
  meetingScheduleRepository: MeetingScheduleRepository;
  meetingScheduleRelay: OutboxRelay;
  validator: EventValidator;
}
