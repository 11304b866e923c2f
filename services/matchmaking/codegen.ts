import { subgraphCodegen } from '../../codegen.shared';

export default subgraphCodegen('matchmaking', {
  Cluster: '../resolvers/Cluster.js#ClusterRef',
  Economy: '../resolvers/Economy.js#EconomyRef',
  CooperationOffer: '../model/cooperation-offer.js#CooperationOfferRecord',
  OfferInterest: '../domain/express-offer-interest.js#OfferInterestRecord',
  MatchRequest: '../model/match-request.js#MatchRequestRecord',
  MatchMessage: '../model/match-request.js#MatchMessageRecord',
  Collaboration: '../model/collaboration.js#CollaborationRecord',
  Workshop: '../model/workshop.js#WorkshopRecord',
  WorkshopParticipant: '../model/participant.js#ParticipantRecord',
  ParticipantCard: '../domain/workshop-participants.js#ParticipantCard as ParticipantCardRecord',
  WorkshopMeeting: '../model/meeting.js#MeetingRecord',
  ScheduledMeeting: '../resolvers/workshops.js#ScheduledMeetingView',
  MyWorkshopSchedule: '../domain/my-meeting-schedule.js#MyWorkshopSchedule as MyWorkshopScheduleRecord',
  MeetingScheduleRun: '../resolvers/workshops.js#ScheduleRunView',
  MeetingPlace: '../resolvers/workshops.js#MeetingPlaceView',
  AgendaItem: '../model/workshop.js#AgendaItem as AgendaItemRecord',
  MeetingSettings: '../model/workshop.js#MeetingSettings as MeetingSettingsRecord',
  MeetingSession: '../model/workshop.js#MeetingSession as MeetingSessionRecord',
  AvailabilityWindow: '../model/meeting.js#TimeWindow',
});
