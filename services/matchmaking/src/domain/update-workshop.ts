import {
  actorOf,
  type Caller,
  conflictError,
  invalidStateError,
  problemsFromZod,
  requireSignedIn,
  validationError,
} from '@ccp/kit';
import { z } from 'zod';
import { workshopCancelledNotice } from '../events/workshop-events.js';
import { toWorkshopRecord, WORKSHOP_STATUSES, type WorkshopDocument, type WorkshopRecord, type WorkshopStatus } from '../model/workshop.js';
import type { MatchmakingDeps } from './deps.js';
import { compactLocalized, localizedText, requestedId, text } from './input.js';
import { changeWorkshop, requireHost, workshopDocument } from './workshop-aggregate.js';
import {
  agendaInput,
  capacity,
  dateTime,
  ianaTimeZone,
  meetingSettingsInput,
  outsideWorkshop,
  toAgenda,
  toMeetingSettings,
} from './workshop-input.js';

export const updateWorkshopInput = z.object({
  workshopId: z.string().min(1, 'must not be empty').max(100),
  expectedVersion: z.number().int().min(1).nullish(),
  title: localizedText(200).nullish(),
  startsAt: dateTime.nullish(),
  endsAt: dateTime.nullish(),
  timeZone: ianaTimeZone.nullish(),
  venue: text(300).nullish(),
  online: z.boolean().nullish(),
  capacity: capacity.nullish(),
  agenda: agendaInput.nullish(),
  meetingSettings: meetingSettingsInput.nullish(),
});

/**
 * Edits a workshop: its host economy's coordinator or the secretariat. Absent fields stay; `venue: null` removes
 * the venue (online workshops) and `meetingSettings: null` the meeting layout. With `expectedVersion` the edit is
 * refused (CONFLICT) if the workshop changed since it was read. No event: the contracts have no workshop update.
 */
export async function updateWorkshop(deps: MatchmakingDeps, caller: Caller, input: unknown): Promise<WorkshopRecord> {
  const action = 'edit workshops hosted by this economy';
  requireSignedIn(caller, action);
  const parsed = updateWorkshopInput.safeParse(input);
  if (!parsed.success) throw validationError(problemsFromZod(parsed.error.issues));
  const v = parsed.data;
  const given = (key: string) => typeof input === 'object' && input !== null && key in input;
  requireHost(caller, await workshopDocument(deps, v.workshopId), action);
  return changeWorkshop(deps, v.workshopId, (doc) => {
    if (v.expectedVersion != null && v.expectedVersion !== doc.version) {
      throw conflictError(`Workshop ${doc._id} changed since version ${v.expectedVersion}`, {
        field: 'expectedVersion',
        currentVersion: doc.version,
      });
    }
    if (doc.status === 'cancelled') throw invalidStateError(`Workshop ${doc._id} is cancelled`, { status: doc.status });
    const next: Partial<WorkshopDocument> = {};
    if (v.title) next.title = compactLocalized(v.title);
    if (v.startsAt) next.startsAt = new Date(v.startsAt);
    if (v.endsAt) next.endsAt = new Date(v.endsAt);
    if (v.timeZone) next.timeZone = v.timeZone;
    if (v.venue !== undefined && given('venue')) next.venue = v.venue ?? null;
    if (v.online != null) next.online = v.online;
    if (v.capacity != null) next.capacity = v.capacity;
    if (v.agenda) next.agenda = toAgenda(v.agenda);
    if (given('meetingSettings')) next.meetingSettings = v.meetingSettings ? toMeetingSettings(v.meetingSettings) : null;
    const merged = { ...doc, ...next };
    const problems: { field: string; reason: string }[] = [];
    if (merged.endsAt <= merged.startsAt) problems.push({ field: 'endsAt', reason: 'must be after startsAt' });
    if (!merged.online && !merged.venue) problems.push({ field: 'venue', reason: 'is required unless the workshop is online' });
    if (merged.capacity < doc.seats.length) {
      problems.push({ field: 'capacity', reason: `must be at least the ${doc.seats.length} registered participants` });
    }
    problems.push(...outsideWorkshop(merged, merged.agenda, merged.meetingSettings));
    if (problems.length) throw validationError(problems);
    return { result: toWorkshopRecord({ ...merged, version: doc.version + 1 }), write: { set: next } };
  });
}

const TRANSITIONS: Record<WorkshopStatus, readonly WorkshopStatus[]> = {
  scheduled: ['registration-open', 'cancelled'],
  'registration-open': ['registration-closed', 'cancelled'],
  'registration-closed': ['registration-open', 'cancelled'],
  cancelled: [],
};

export const setWorkshopStatusInput = z.object({
  workshopId: z.string().min(1).max(100),
  status: z.enum(WORKSHOP_STATUSES),
});

/**
 * Opens or closes registration, or cancels the workshop (final; its registered participants are told): the host
 * economy's coordinator or the secretariat. Setting the current status again changes nothing.
 */
export async function setWorkshopStatus(
  deps: MatchmakingDeps,
  caller: Caller,
  workshopIdInput: unknown,
  status: WorkshopStatus,
): Promise<WorkshopRecord> {
  const action = 'change the status of workshops hosted by this economy';
  requireSignedIn(caller, action);
  const workshopId = requestedId(workshopIdInput, 'workshopId');
  const privilege = requireHost(caller, await workshopDocument(deps, workshopId), action);
  const participants =
    status === 'cancelled' ? await deps.participantRepository.registeredIn(workshopId) : [];
  return changeWorkshop(deps, workshopId, (doc) => {
    const current = doc.status ?? 'scheduled';
    if (current === status) return { result: toWorkshopRecord(doc) };
    if (!TRANSITIONS[current].includes(status)) {
      throw invalidStateError(`Workshop ${workshopId} cannot go from ${current} to ${status}`, { status: current });
    }
    const notices =
      status === 'cancelled'
        ? workshopCancelledNotice(doc, participants.map((p) => p.userId).filter((id) => id !== 'erased-user'), actorOf(caller, privilege))
        : [];
    return { result: toWorkshopRecord({ ...doc, status, version: doc.version + 1 }), write: { set: { status }, notices } };
  });
}
