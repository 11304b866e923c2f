import { type Logger, OutboxRelay } from '@ccp/kit';
import type { Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import {
  type CampaignAudienceModel,
  CampaignMembersCache,
  type CampaignRespondentsModel,
  campaignAudienceModel,
  campaignRespondentsModel,
} from '../model/campaign-audience.js';
import { type CampaignNoticeModel, campaignNoticeModel } from '../model/campaign-notices.js';
import { type CampaignModel, CampaignRepository, campaignModel } from '../model/campaign.js';
import { CampaignAgenda } from './campaign-agenda.js';
import { OpenCampaignList } from './open-campaign-list.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Campaigns' environment (merged into the service's in src/index.ts). */
export const campaignEnv = z.object({
  /** Days after a collaboration is agreed that its follow-up questionnaire opens. */
  FOLLOW_UP_AFTER_DAYS: z.coerce.number().positive().max(3650).default(365),
  /** Days a follow-up takes answers. */
  FOLLOW_UP_WINDOW_DAYS: z.coerce.number().int().positive().max(365).default(60),
  /** Days before a campaign closes that its clusters without a response are reminded (0: never), unless the campaign says. */
  CAMPAIGN_REMINDER_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  /** How often the campaign worker looks at what is due (openings, reminders, closings); in memory, no database read. */
  CAMPAIGN_CHECK_SECONDS: z.coerce.number().positive().max(3600).default(60),
  /** How often it reads the unfinished campaigns again from the store (those another process wrote). */
  CAMPAIGN_RELOAD_MINUTES: z.coerce.number().positive().max(1440).default(360),
});

export interface CampaignOptions {
  followUpAfterDays: number;
  followUpWindowDays: number;
  reminderDaysBeforeClose: number;
  checkEveryMs: number;
  reloadEveryMs: number;
  /** How long the list of open campaigns (for `Cluster.openCampaigns`) is reused before it is read again. */
  openListTtlMs: number;
}

export const DEFAULT_CAMPAIGN_OPTIONS: CampaignOptions = {
  followUpAfterDays: 365,
  followUpWindowDays: 60,
  reminderDaysBeforeClose: 7,
  checkEveryMs: 60_000,
  reloadEveryMs: 6 * 60 * 60 * 1000,
  openListTtlMs: 30_000,
};

export function campaignOptions(env: z.infer<typeof campaignEnv>): CampaignOptions {
  return {
    ...DEFAULT_CAMPAIGN_OPTIONS,
    followUpAfterDays: env.FOLLOW_UP_AFTER_DAYS,
    followUpWindowDays: env.FOLLOW_UP_WINDOW_DAYS,
    reminderDaysBeforeClose: env.CAMPAIGN_REMINDER_DAYS,
    checkEveryMs: env.CAMPAIGN_CHECK_SECONDS * 1000,
    reloadEveryMs: env.CAMPAIGN_RELOAD_MINUTES * 60_000,
  };
}

export const daysToMs = (days: number) => days * DAY_MS;

/** What the campaign use cases need besides the service's shared dependencies. */
export interface CampaignDeps {
  model: CampaignModel;
  repository: CampaignRepository;
  audiences: CampaignAudienceModel;
  members: CampaignMembersCache;
  respondents: CampaignRespondentsModel;
  notices: CampaignNoticeModel;
  /** Publishes the campaigns' own events (campaign.opened). */
  relay: OutboxRelay;
  /** Publishes the invitation and reminder batches. */
  noticeRelay: OutboxRelay;
  /** When each unfinished campaign next needs the worker, in memory. */
  agenda: CampaignAgenda;
  openList: OpenCampaignList;
  options: CampaignOptions;
  logger: Logger;
}

export interface CampaignDepsInput {
  mongo: Connection;
  producer: Producer;
  logger: Logger;
  sweepIntervalMs?: number;
  options?: Partial<CampaignOptions>;
}

/** Builds the campaigns' models (indexes ensured), relays and in-memory state. */
export async function createCampaignDeps({
  mongo,
  producer,
  logger,
  sweepIntervalMs,
  options,
}: CampaignDepsInput): Promise<CampaignDeps> {
  const model = campaignModel(mongo);
  const audiences = campaignAudienceModel(mongo);
  const respondents = campaignRespondentsModel(mongo);
  const notices = campaignNoticeModel(mongo);
  await Promise.all([model.init(), audiences.init(), respondents.init(), notices.init()]);
  const all = { ...DEFAULT_CAMPAIGN_OPTIONS, ...options };
  const repository = new CampaignRepository(model);
  const members = new CampaignMembersCache(audiences);
  return {
    model,
    repository,
    audiences,
    members,
    respondents,
    notices,
    relay: new OutboxRelay({ model, producer, logger, sweepIntervalMs }),
    noticeRelay: new OutboxRelay({ model: notices, producer, logger, sweepIntervalMs }),
    agenda: new CampaignAgenda(),
    openList: new OpenCampaignList(repository, members, all.openListTtlMs),
    options: all,
    logger,
  };
}
