import {
  type Actor,
  type CloudEvent,
  type ConsumerDeps,
  EventConsumer,
  type HandleResult,
  makeEvent,
  notificationRequested,
  TOPICS,
} from '@ccp/kit';
import type { CampaignRespondentsModel } from '../model/campaign-audience.js';
import type { AudienceCount, CampaignDocument } from '../model/campaign.js';

export const CampaignEventType = {
  opened: 'ccp.surveys.campaign.opened.v1',
} as const;

const RESPONSE_SUBMITTED = 'ccp.surveys.response.submitted.v1';
export const RESPONDENTS_GROUP = 'ccp-surveys-respondents';

type OpenedCampaign = Pick<
  CampaignDocument,
  | '_id'
  | 'version'
  | 'questionnaireId'
  | 'questionnaireKind'
  | 'questionnaireVersion'
  | 'opensAt'
  | 'closesAt'
> & { openedAt: Date };

/** The audience per economy is the denominator of the response rates economies computes. */
export function campaignOpened(c: OpenedCampaign, audience: AudienceCount[], actor: Actor): CloudEvent {
  return makeEvent({
    service: 'surveys',
    type: CampaignEventType.opened,
    subject: c._id,
    sequence: c.version,
    actor,
    // The envelope names an economy only when the whole audience is of one.
    economy: audience.length === 1 ? audience[0]?.economy : undefined,
    time: c.openedAt,
    data: {
      campaignId: c._id,
      questionnaireId: c.questionnaireId,
      questionnaireKind: c.questionnaireKind,
      questionnaireVersion: c.questionnaireVersion,
      opensAt: c.opensAt.toISOString(),
      closesAt: c.closesAt.toISOString(),
      audience: audience.map((a) => ({ economy: a.economy, clusters: a.clusters })),
    },
  });
}

type NoticeCampaign = Pick<CampaignDocument, '_id' | 'title' | 'opensAt' | 'closesAt' | 'collaborationId'>;

const day = (d: Date) => d.toISOString().slice(0, 10);
const ru = (c: NoticeCampaign) => c.title.ru ?? c.title.en;

/** Where a cluster's managers answer: the campaign's response page for that cluster on the web client. */
export const responsePageLink = (campaignId: string, clusterId: string) =>
  `/surveys/campaigns/${encodeURIComponent(campaignId)}/clusters/${encodeURIComponent(clusterId)}`;

/** To one cluster's managers (accounts resolves them): the campaign asks their cluster to answer. */
export function campaignInvitation(c: NoticeCampaign, clusterId: string, actor: Actor): CloudEvent {
  const window = {
    en: `Answers are accepted from ${day(c.opensAt)} until ${day(c.closesAt)} (UTC); you can save a draft and come back to it before you submit.`,
    ru: `Ответы принимаются с ${day(c.opensAt)} по ${day(c.closesAt)} (UTC); черновик можно сохранить и вернуться к нему до отправки.`,
  };
  const text = c.collaborationId
    ? {
        en: `A year ago your cluster agreed to collaborate with another cluster on the APEC Cluster Collaboration Platform. Please tell us how the collaboration went and whether it became a success story. ${window.en}`,
        ru: `Год назад ваш кластер договорился о сотрудничестве с другим кластером на Платформе сотрудничества кластеров АТЭС. Расскажите, пожалуйста, как сложилось сотрудничество и стало ли оно историей успеха. ${window.ru}`,
      }
    : {
        en: `Your cluster is invited to answer the questionnaire "${c.title.en}" on the APEC Cluster Collaboration Platform. ${window.en}`,
        ru: `Ваш кластер приглашается ответить на анкету «${ru(c)}» на Платформе сотрудничества кластеров АТЭС. ${window.ru}`,
      };
  return notificationRequested(
    'surveys',
    {
      kind: 'questionnaire-invitation',
      clusterManagersOf: clusterId,
      subject: { en: `Questionnaire: ${c.title.en}`, ru: `Анкета: ${ru(c)}` },
      text,
      link: responsePageLink(c._id, clusterId),
    },
    actor,
  );
}

/** To one cluster's managers: the campaign closes soon and their cluster has not submitted. */
export function campaignReminder(c: NoticeCampaign, clusterId: string, actor: Actor): CloudEvent {
  return notificationRequested(
    'surveys',
    {
      kind: 'questionnaire-reminder',
      clusterManagersOf: clusterId,
      subject: {
        en: `Reminder: "${c.title.en}" closes on ${day(c.closesAt)}`,
        ru: `Напоминание: приём ответов на анкету «${ru(c)}» закрывается ${day(c.closesAt)}`,
      },
      text: {
        en: `Your cluster has not yet submitted its response to the questionnaire "${c.title.en}" on the APEC Cluster Collaboration Platform. Answers are accepted until ${day(c.closesAt)} (UTC).`,
        ru: `Ваш кластер ещё не отправил ответ на анкету «${ru(c)}» на Платформе сотрудничества кластеров АТЭС. Ответы принимаются до ${day(c.closesAt)} (UTC).`,
      },
      link: responsePageLink(c._id, clusterId),
    },
    actor,
  );
}

/**
 * Keeps the clusters that responded to each campaign, from the response events: one `$addToSet` by the campaign's
 * id, so a second response, a redelivery or a replay adds nothing. Reminders skip these clusters; the campaign's
 * responded count is their number.
 */
export function respondentsHandler(respondents: CampaignRespondentsModel) {
  return async (event: CloudEvent): Promise<HandleResult> => {
    if (event.type !== RESPONSE_SUBMITTED) return 'skipped';
    const { campaignId, clusterId } = event.data as { campaignId?: unknown; clusterId?: unknown };
    if (typeof campaignId !== 'string' || typeof clusterId !== 'string') return 'skipped';
    const res = await respondents.updateOne(
      { _id: campaignId },
      { $addToSet: { clusterIds: clusterId } },
      { upsert: true },
    );
    return res.modifiedCount + res.upsertedCount > 0 ? 'applied' : 'skipped';
  };
}

export interface RespondentsConsumerOptions extends ConsumerDeps {
  respondents: CampaignRespondentsModel;
  groupId?: string;
  topic?: string;
}

export function respondentsConsumer({
  respondents,
  groupId = RESPONDENTS_GROUP,
  topic = TOPICS.response,
  ...rest
}: RespondentsConsumerOptions) {
  return new EventConsumer({ ...rest, groupId, topics: [topic], handle: respondentsHandler(respondents) });
}
