import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  type MeetingOutcome,
  MyWorkshopScheduleDocument,
  type MyWorkshopScheduleQuery,
  MyWorkshopsDocument,
  type MyWorkshopsQuery,
  RecordMeetingOutcomeDocument,
  RespondToMeetingDocument,
  type ScheduleMeetingFragment,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { LoadError } from '../kpis/load-error';
import { usePageMeta } from '../shell/page-meta';
import './matchmaking.css';
import { matchmakingMessages } from './messages';
import {
  ErrorNotice,
  localized,
  localTimeZone,
  type MatchmakingText,
  SignInNotice,
  zonedRange,
} from './shared';

type Registered = NonNullable<MyWorkshopsQuery['myWorkshopRegistrations'][number]['workshop']>;
type Schedule = MyWorkshopScheduleQuery['myWorkshopSchedule'];
type Placed = Schedule['meetings'][number];
export const meetingOutcomes: readonly MeetingOutcome[] = [
  'COOPERATION_POSSIBLE',
  'NO_COOPERATION_PLANNED',
  'INSUFFICIENT_INTEREST',
  'DID_NOT_TAKE_PLACE',
];

/**
 * The workshops the user holds (or is completing) a registration for, in the API's order: those not yet ended,
 * the soonest first, then ended ones, the latest first.
 */
export function registeredWorkshops(data: MyWorkshopsQuery): Registered[] {
  return data.myWorkshopRegistrations.flatMap((r) =>
    r.status !== 'CANCELLED' && r.workshop ? [r.workshop] : [],
  );
}

/** My workshops and B2B meetings in my time zone (the browser's), the workshop's own time beside: /matchmaking/schedule. */
export default function SchedulePage() {
  const t = useMessages(matchmakingMessages);
  usePageMeta({ title: t.scheduleTitle, description: t['hub.scheduleText'] });
  const signedIn = sessionToken() !== null;
  const { data, error, refetch } = useQuery(MyWorkshopsDocument, { skip: !signedIn });
  const zone = localTimeZone();

  let body: ReactNode;
  if (!signedIn) body = <SignInNotice text={t.signInFirst} />;
  else if (error) body = <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  else if (!data) body = <p role="status">{t.loading}</p>;
  else {
    const workshops = registeredWorkshops(data);
    body =
      workshops.length === 0 ? (
        <p>
          {t.noRegistrations} <Link to="/matchmaking">{t.seeWorkshops}</Link>
        </p>
      ) : (
        workshops.map((w) => <WorkshopSchedule key={w.id} workshopId={w.id} zone={zone} t={t} />)
      );
  }
  return (
    <div className="matchmaking">
      <h1>{t.scheduleTitle}</h1>
      <p className="matchmaking__intro">{interpolate(t.yourZone, { zone })}</p>
      {body}
    </div>
  );
}

/** A time range in the reader's zone, and the same in the event's zone when that differs. */
function Times({
  startsAt,
  endsAt,
  zone,
  eventZone,
  t,
}: {
  startsAt: string;
  endsAt: string;
  zone: string;
  eventZone: string;
  t: MatchmakingText;
}) {
  const { locale } = useLocale();
  return (
    <p className="matchmaking__times">
      <time dateTime={startsAt}>{zonedRange(locale, zone, startsAt, endsAt)}</time> ({zone})
      <br />
      <span className="matchmaking__event-time">
        {interpolate(t.atWorkshop, {
          time: zonedRange(locale, eventZone, startsAt, endsAt),
          zone: eventZone,
        })}
      </span>
    </p>
  );
}

function WorkshopSchedule({ workshopId, zone, t }: { workshopId: string; zone: string; t: MatchmakingText }) {
  const { locale } = useLocale();
  const id = useId();
  const { data, error, refetch } = useQuery(MyWorkshopScheduleDocument, {
    variables: { workshopId, timeZone: zone },
  });
  const schedule = data?.myWorkshopSchedule;
  const workshop = data?.workshop;
  if (error) return <LoadError headline={t.failed} error={error} retry={t.retry} onRetry={refetch} />;
  if (!schedule || !workshop) return <p role="status">{t.loading}</p>;
  return (
    <section aria-labelledby={id} className="matchmaking__card">
      <h2 id={id}>
        <Link to={`/workshops/${workshop.id}`}>{localized(workshop.title, locale)}</Link>
      </h2>
      <Times
        startsAt={workshop.startsAt}
        endsAt={workshop.endsAt}
        zone={zone}
        eventZone={workshop.timeZone}
        t={t}
      />
      <p>{workshop.online ? t.online : workshop.venue}</p>
      <h3>{t.meetings}</h3>
      {schedule.meetings.length === 0 ? <p>{t.noMeetings}</p> : null}
      <ol className="matchmaking__list">
        {schedule.meetings.map((m) => (
          <li key={m.meeting.id}>
            <PlacedMeeting
              placed={m}
              me={schedule.participant.id}
              eventZone={workshop.timeZone}
              zone={zone}
              t={t}
            />
          </li>
        ))}
      </ol>
      {schedule.unscheduled.length > 0 ? (
        <p>
          {interpolate(t.unscheduled, {
            names: schedule.unscheduled
              .map((m) => nameOf(m.requester.id === schedule.participant.id ? m.requested : m.requester, t))
              .join(', '),
          })}
        </p>
      ) : null}
      <MeetingRequests requests={data.myMeetingRequests} me={schedule.participant.id} t={t} />
    </section>
  );
}

function nameOf(card: { name?: string | null; organization?: string | null }, t: MatchmakingText): string {
  const name = card.name ?? t.someone;
  return card.organization ? `${name} (${card.organization})` : name;
}

function PlacedMeeting({
  placed,
  me,
  zone,
  eventZone,
  t,
}: {
  placed: Placed;
  me: string;
  zone: string;
  eventZone: string;
  t: MatchmakingText;
}) {
  const { place, meeting } = placed;
  const started = Date.parse(place.startsAt) <= Date.now();
  return (
    <article className="matchmaking__meeting">
      <h4>{interpolate(t.meetingWith, { name: nameOf(placed.with, t) })}</h4>
      <Times startsAt={place.startsAt} endsAt={place.endsAt} zone={zone} eventZone={eventZone} t={t} />
      <p>
        {interpolate(t.table, { table: place.table })}
        {place.onlineLink ? (
          <>
            {' · '}
            <a href={place.onlineLink}>{t.joinOnline}</a>
          </>
        ) : null}
      </p>
      {started ? <Outcome meeting={meeting} me={me} withName={nameOf(placed.with, t)} t={t} /> : null}
    </article>
  );
}

function Outcome({
  meeting,
  me,
  withName,
  t,
}: {
  meeting: ScheduleMeetingFragment;
  me: string;
  withName: string;
  t: MatchmakingText;
}) {
  const id = useId();
  const [record, { loading, error }] = useMutation(RecordMeetingOutcomeDocument);
  const [choice, setChoice] = useState<MeetingOutcome>('COOPERATION_POSSIBLE');
  const mine = meeting.requester.id === me ? meeting.requesterOutcome : meeting.requestedOutcome;
  if (mine) return <p role="status">{interpolate(t.outcomeRecorded, { outcome: t[`outcome.${mine}`] })}</p>;

  function submit(event: FormEvent) {
    event.preventDefault();
    void record({ variables: { meetingId: meeting.id, outcome: choice } }).catch(() => undefined);
  }
  return (
    <form className="form" onSubmit={submit}>
      <ErrorNotice error={error} />
      <div className="field">
        <label htmlFor={id}>{interpolate(t.outcome, { name: withName })}</label>
        <select id={id} value={choice} onChange={(e) => setChoice(e.target.value as MeetingOutcome)}>
          {meetingOutcomes.map((o) => (
            <option key={o} value={o}>
              {t[`outcome.${o}`]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={loading}>
        {t.recordOutcome}
      </button>
    </form>
  );
}

function MeetingRequests({
  requests,
  me,
  t,
}: {
  requests: ScheduleMeetingFragment[];
  me: string;
  t: MatchmakingText;
}) {
  const [respond, { error, loading }] = useMutation(RespondToMeetingDocument, {
    refetchQueries: [MyWorkshopScheduleDocument],
  });
  if (requests.length === 0) return null;
  return (
    <>
      <h3>{t.meetingRequests}</h3>
      <ErrorNotice error={error} />
      <ul className="matchmaking__list">
        {requests.map((m) => {
          const askedMe = m.requested.id === me;
          const other = nameOf(askedMe ? m.requester : m.requested, t);
          return (
            <li key={m.id}>
              {interpolate(askedMe ? t.asksToMeet : t.youAsked, { name: other })} · {t[`mStatus.${m.status}`]}
              {m.note ? <p>{m.note}</p> : null}
              {askedMe && m.status === 'REQUESTED' ? (
                <div className="matchmaking__actions">
                  {[true, false].map((accept) => (
                    <button
                      key={String(accept)}
                      type="button"
                      disabled={loading}
                      onClick={() =>
                        void respond({ variables: { meetingId: m.id, accept } }).catch(() => undefined)
                      }
                    >
                      {interpolate(accept ? t.acceptMeeting : t.declineMeeting, { name: other })}
                    </button>
                  ))}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
