import { useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  QuestionnaireFillCampaignDocument,
  QuestionnaireFillCurrentDocument,
  QuestionnaireFillDefinitionDocument,
  QuestionnaireFillResponseDocument,
  type QuestionnaireResponseFieldsFragment,
} from '../../__generated__/graphql';
import { sessionToken } from '../../apollo';
import { interpolate } from '../../i18n';
import { useLocale, useMessages } from '../../i18n-react';
import { Loading, LoadFailed } from '../profile-edit/notices';
import { usePageMeta } from '../shell/page-meta';
import { answersOf, type Definition, parseDefinition, visibleQuestions } from './answers';
import { messages } from './messages';
import { answerText, localized, QuestionField } from './question-field';
import { type ResponseTarget, type SaveState, useDraft } from './use-draft';
import '../account/account.css';
import './questionnaires.css';

/**
 * Filling a cluster's questionnaire: /questionnaires/clusters/<clusterId>?campaign=<id> answers a campaign,
 * ?questionnaire=<id> a version of the standing internationalization questionnaire, neither its current version.
 */
export default function FillPage() {
  const { clusterId = '' } = useParams();
  const [search] = useSearchParams();
  const t = useMessages(messages);
  const signedIn = sessionToken() !== null;
  const campaignId = search.get('campaign');
  const asked = search.get('questionnaire');
  const campaign = useQuery(QuestionnaireFillCampaignDocument, {
    variables: { campaignId: campaignId ?? '' },
    skip: !signedIn || !campaignId,
  });
  const version = useQuery(QuestionnaireFillDefinitionDocument, {
    variables: { questionnaireId: asked ?? '' },
    skip: !signedIn || !!campaignId || !asked,
  });
  const current = useQuery(QuestionnaireFillCurrentDocument, { skip: !signedIn || !!campaignId || !!asked });
  const header = campaignId
    ? campaign.data?.campaign?.questionnaire
    : asked
      ? version.data?.questionnaire
      : current.data?.currentQuestionnaire;
  const definition = header ? parseDefinition(header) : undefined;
  const loading = campaign.loading || version.loading || current.loading;
  const error = campaign.error ?? version.error ?? current.error;
  const { locale } = useLocale();
  usePageMeta({ title: definition ? localized(definition.title, locale) : t.heading });

  if (!signedIn)
    return (
      <div className="notice" role="alert">
        <p>{t.signIn}</p>
        <Link to="/account">{t.logIn}</Link>
      </div>
    );
  if (error) return <LoadFailed headline={t.failed} error={error} />;
  if (loading) return <Loading text={t.loading} />;
  if (!definition)
    return (
      <p className="notice" role="alert">
        {t.notFound}
      </p>
    );
  return (
    <ResponseLoader
      definition={definition}
      clusterId={clusterId}
      campaignId={campaignId}
      campaign={campaign.data?.campaign ?? null}
    />
  );
}

type Campaign = { title: { en: string; ru: string | null }; status: string; closesAt: string };

function ResponseLoader({
  definition,
  clusterId,
  campaignId,
  campaign,
}: {
  definition: Definition;
  clusterId: string;
  campaignId: string | null;
  campaign: Campaign | null;
}) {
  const { locale } = useLocale();
  const t = useMessages(messages);
  // One object per response target, so the autosave's callbacks keep their identity.
  const target = useMemo<ResponseTarget>(
    () => ({ clusterId, campaignId, questionnaireId: campaignId ? null : definition.id }),
    [clusterId, campaignId, definition.id],
  );
  const { data, loading, error } = useQuery(QuestionnaireFillResponseDocument, {
    variables: { ...target, locale },
    fetchPolicy: 'network-only',
  });
  if (error) return <LoadFailed headline={t.notFound} error={error} />;
  if (loading || !data) return <Loading text={t.loading} />;
  if (!data.cluster)
    return (
      <p className="notice" role="alert">
        {t.notFound}
      </p>
    );
  const response = data.questionnaireResponse ?? null;
  const title = interpolate(t.fillTitle, {
    title: localized(campaign?.title ?? definition.title, locale),
    cluster: data.cluster.name,
  });
  return (
    <div className="questionnaire">
      <p>
        <Link to="/questionnaires">{t.back}</Link>
      </p>
      <h1>{title}</h1>
      {definition.description ? <p className="muted">{localized(definition.description, locale)}</p> : null}
      {response?.status === 'SUBMITTED' || (campaign && campaign.status !== 'OPEN') ? (
        <SubmittedResponse
          definition={definition}
          response={response}
          closed={!!campaign && campaign.status !== 'OPEN'}
        />
      ) : (
        <ResponseForm
          key={response?.id ?? 'new'}
          definition={definition}
          target={target}
          response={response}
        />
      )}
    </div>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const t = useMessages(messages);
  const { format } = useLocale();
  const text =
    state.kind === 'saving'
      ? t.saving
      : state.kind === 'saved'
        ? interpolate(t.savedAt, { time: format.dateTime(state.at, { timeStyle: 'medium' }) })
        : state.kind === 'failed'
          ? interpolate(t.saveFailed, { reason: state.reason })
          : t.autosaveIdle;
  return (
    <p
      role="status"
      className={state.kind === 'failed' ? 'questionnaire__status field-error' : 'questionnaire__status'}
    >
      {text}
    </p>
  );
}

function ResponseForm({
  definition,
  target,
  response,
}: {
  definition: Definition;
  target: ResponseTarget;
  response: QuestionnaireResponseFieldsFragment | null;
}) {
  const { locale } = useLocale();
  const t = useMessages(messages);
  const initial = useMemo(
    () => ({ answers: answersOf(definition, response?.answers ?? []), response }),
    [definition, response],
  );
  const draft = useDraft(definition, target, initial);
  const form = useRef<HTMLFormElement>(null);
  const visible = visibleQuestions(definition, draft.answers);

  // After a refused submission, focus moves to the first question at fault (in the questionnaire's order), else
  // to the summary of problems; done once the problems are on the page.
  const [focusOn, setFocusOn] = useState<{ questionId: string | undefined }>();
  useEffect(() => {
    if (!focusOn) return;
    const at = [...(form.current?.querySelectorAll<HTMLElement>('[data-question]') ?? [])].find(
      (element) => element.dataset.question === focusOn.questionId,
    );
    const target = at
      ? at.querySelector<HTMLElement>('input, select, textarea')
      : form.current?.querySelector<HTMLElement>('.questionnaire__problems');
    target?.focus();
  }, [focusOn]);

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const refused = await draft.submit();
    if (!refused) return;
    const faulty = new Set(refused);
    const first = definition.sections.flatMap((s) => s.questions).find((q) => faulty.has(q.id));
    setFocusOn({ questionId: first?.id });
  }

  if (draft.response?.status === 'SUBMITTED')
    return <SubmittedResponse definition={definition} response={draft.response} closed={false} />;
  const shownSections = definition.sections.filter((s) => s.questions.some((q) => visible.has(q.id)));
  const problemCount = draft.problems.size + draft.general.length;
  return (
    <form ref={form} onSubmit={send} noValidate className="questionnaire__form">
      <nav aria-label={t.sections} className="questionnaire__toc">
        <ol>
          {shownSections.map((s) => (
            <li key={s.id}>
              <a href={`#section-${s.id}`}>{localized(s.title, locale)}</a>
            </li>
          ))}
        </ol>
      </nav>
      {shownSections.map((section) => (
        <section
          key={section.id}
          id={`section-${section.id}`}
          className="account__card"
          aria-labelledby={`section-${section.id}-title`}
        >
          <h2 id={`section-${section.id}-title`}>{localized(section.title, locale)}</h2>
          {section.description ? <p className="muted">{localized(section.description, locale)}</p> : null}
          {section.questions
            .filter((q) => visible.has(q.id))
            .map((q) => (
              <QuestionField
                key={q.id}
                question={q}
                value={draft.answers.get(q.id)}
                onChange={(value) => draft.setAnswer(q.id, value)}
                error={draft.problems.get(q.id)}
                locale={locale}
                t={t}
              />
            ))}
        </section>
      ))}
      <div className="questionnaire__bar">
        <SaveStatus state={draft.state} />
        {problemCount > 0 ? (
          <div className="questionnaire__problems" tabIndex={-1} role="alert">
            <p>{interpolate(t.problems, { count: problemCount })}</p>
            {draft.general.map((p) => (
              <p key={`${p.field}${p.reason}`} className="field-error">
                {p.reason}
              </p>
            ))}
          </div>
        ) : null}
        <button type="submit" disabled={draft.submitting}>
          {draft.submitting ? t.submitting : t.submit}
        </button>
      </div>
    </form>
  );
}

/** A submitted (or no longer answerable) response, read-only: each question shown with its answer. */
function SubmittedResponse({
  definition,
  response,
  closed,
}: {
  definition: Definition;
  response: QuestionnaireResponseFieldsFragment | null;
  closed: boolean;
}) {
  const { locale, format } = useLocale();
  const t = useMessages(messages);
  const answers = answersOf(definition, response?.answers ?? []);
  const visible = visibleQuestions(definition, answers);
  return (
    <>
      {closed && response?.status !== 'SUBMITTED' ? (
        <p className="notice" role="status">
          {t.closed}
        </p>
      ) : null}
      {response?.submittedAt ? (
        <p className="notice" role="status">
          {interpolate(t.submitted, { date: format.dateTime(response.submittedAt) })}
        </p>
      ) : null}
      {definition.sections
        .filter((s) => s.questions.some((q) => visible.has(q.id)))
        .map((section) => (
          <section key={section.id} className="account__card" aria-labelledby={`read-${section.id}`}>
            <h2 id={`read-${section.id}`}>{localized(section.title, locale)}</h2>
            <dl className="questionnaire__answers">
              {section.questions
                .filter((q) => visible.has(q.id))
                .map((q) => {
                  const value = answers.get(q.id);
                  return (
                    <div key={q.id}>
                      <dt>{localized(q.text, locale)}</dt>
                      <dd>
                        {value === undefined ? (
                          <span className="muted">{t.notAnswered}</span>
                        ) : (
                          answerText(q, value, locale, t)
                        )}
                      </dd>
                    </div>
                  );
                })}
            </dl>
          </section>
        ))}
    </>
  );
}
