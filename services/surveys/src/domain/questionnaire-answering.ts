import { type Caller, invalidStateError, type Privilege, validationError } from '@ccp/kit';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { ClusterFacts } from '../model/cluster-facts.js';
import type { QuestionnaireRecord } from '../model/questionnaire.js';
import { responseId } from '../model/response.js';
import { campaignOpenFor } from './campaign-open-for.js';
import type { SurveysDeps } from './deps.js';
import { knownCluster, requireResponsePrivilege } from './lookups.js';

const id = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/** Which response: a campaign's (one per cluster), or a cluster's standing internationalization response. */
export const responseTargetInput = z.object({
  campaignId: id.nullish(),
  questionnaireId: id.nullish(),
  clusterId: id,
});

/** The answers of a save or a submission: ids and encoded values are checked against the questionnaire later. */
export const answersInput = z
  .array(
    z.object({
      questionId: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
      value: z.string().max(25_000, 'must be at most 25,000 characters').nullish(),
    }),
  )
  .max(500, 'at most 500 answers at once');

/** The response a save or submission writes, and what it is for. */
export interface ResponseTarget {
  responseId: string;
  questionnaire: QuestionnaireRecord;
  cluster: ClusterFacts;
  campaignId: string | null;
  collaborationId: string | null;
  privilege: Privilege;
  /**
   * Why no answer is accepted any more (the campaign closed, the version retired), or null. Only a submission
   * sees it: repeating what was submitted before the close still returns the response; anything else is refused.
   */
  closed: GraphQLError | null;
}

/** The campaign answered, or why it takes no more answers when it has closed (every other refusal is thrown). */
async function campaignAnswered(deps: SurveysDeps, campaignId: string, clusterId: string) {
  try {
    return { campaign: await campaignOpenFor(deps, campaignId, clusterId), closed: null };
  } catch (err) {
    const closed =
      err instanceof GraphQLError &&
      err.extensions.field === 'campaignId' &&
      err.extensions.status === 'CLOSED';
    const campaign = closed ? await deps.campaigns.repository.byId(campaignId) : null;
    if (!campaign) throw err;
    return { campaign, closed: err as GraphQLError };
  }
}

/**
 * Resolves and checks what a signed-in caller is answering: the cluster (known from registry's events) and the caller's
 * right to answer for it — its managers, or its economy's coordinator and the secretariat on its behalf — then
 * either a campaign open for that cluster now (its questionnaire version, its collaboration) or, outside
 * campaigns, a published internationalization questionnaire (the standing response behind KPI 2).
 */
export async function responseTarget(
  deps: SurveysDeps,
  caller: Caller,
  v: z.output<typeof responseTargetInput>,
  action: string,
): Promise<ResponseTarget> {
  const cluster = await knownCluster(deps, v.clusterId);
  const privilege = requireResponsePrivilege(caller, cluster, action);
  if (v.campaignId) {
    const { campaign, closed } = await campaignAnswered(deps, v.campaignId, cluster.id);
    if (v.questionnaireId && v.questionnaireId !== campaign.questionnaireId) {
      throw validationError([
        {
          field: 'questionnaireId',
          reason: `campaign ${campaign.id} asks ${campaign.questionnaireId}, not ${v.questionnaireId}`,
        },
      ]);
    }
    const questionnaire = await deps.questionnaires.byId(campaign.questionnaireId);
    // Campaigns ask published versions and versions are never deleted: a miss is corrupt data.
    if (!questionnaire)
      throw new Error(`questionnaire ${campaign.questionnaireId} of campaign ${campaign.id} is missing`);
    if (questionnaire.kind === 'follow-up' && !campaign.collaborationId) {
      throw invalidStateError(`Campaign ${campaign.id} follows up no collaboration`, { field: 'campaignId' });
    }
    return {
      responseId: responseId(campaign.id, cluster.id),
      questionnaire,
      cluster,
      campaignId: campaign.id,
      collaborationId: questionnaire.kind === 'follow-up' ? campaign.collaborationId : null,
      privilege,
      closed,
    };
  }
  if (!v.questionnaireId) {
    throw validationError([
      { field: 'campaignId', reason: 'give the campaign answered (or, outside campaigns, questionnaireId)' },
    ]);
  }
  const questionnaire = await deps.questionnaires.byId(v.questionnaireId);
  // A draft version is the secretariat's work in progress: to respondents it does not exist.
  if (!questionnaire || questionnaire.status === 'draft') {
    throw validationError([
      { field: 'questionnaireId', reason: `${v.questionnaireId} is not a known questionnaire` },
    ]);
  }
  if (questionnaire.kind !== 'internationalization') {
    throw validationError([
      {
        field: 'campaignId',
        reason: `a ${questionnaire.kind} questionnaire is answered within its campaign: give campaignId`,
      },
    ]);
  }
  const closed =
    questionnaire.status === 'retired'
      ? invalidStateError(`${questionnaire.id} is retired; answer the current version`, {
          field: 'questionnaireId',
          status: 'RETIRED',
        })
      : null;
  return {
    responseId: responseId(questionnaire.id, cluster.id),
    questionnaire,
    cluster,
    campaignId: null,
    collaborationId: null,
    privilege,
    closed,
  };
}
