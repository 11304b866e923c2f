import { type BackgroundWorker, type Logger, PeriodicTask, SYSTEM_ACTOR } from '@ccp/kit';
import { GraphQLError } from 'graphql';
import type { CampaignDocument } from '../model/campaign.js';
import { reminderDueAt } from './campaign-agenda.js';
import { queueInvitations, queueReminders } from './campaign-notices.js';
import { closeStoredCampaign } from './close-campaign.js';
import type { SurveysDeps } from './deps.js';
import { openStoredCampaign } from './open-campaign.js';

export type CampaignStep = 'opened' | 'invited' | 'reminded' | 'closed' | 'not-due' | 'gone';

const isNoAudience = (err: unknown) =>
  err instanceof GraphQLError &&
  err.extensions.code === 'INVALID_STATE' &&
  err.extensions.field === 'audience';

/**
 * Does what is due for one campaign by `now`, read by its id: opens a follow-up at its time (closing it when no
 * cluster of it is published any more), queues invitations an interrupted opening left, reminds before closing,
 * closes at the end of the window. Safe to repeat: each step is guarded by what it marks.
 */
export async function advanceCampaign(
  deps: SurveysDeps,
  id: string,
  now = new Date(),
): Promise<CampaignStep> {
  const { model, agenda } = deps.campaigns;
  const doc = await model.findById(id).lean<CampaignDocument>();
  if (!doc) {
    agenda.untrack(id);
    return 'gone';
  }
  let step: CampaignStep = 'not-due';
  if (doc.status === 'draft' && doc.opensAutomatically && doc.opensAt.getTime() <= now.getTime()) {
    try {
      await openStoredCampaign(deps, doc, SYSTEM_ACTOR, now);
      step = 'opened';
    } catch (err) {
      if (!isNoAudience(err)) throw err;
      await closeStoredCampaign(deps, doc, SYSTEM_ACTOR.subject, 'no-audience', now);
      step = 'closed';
    }
  } else if (doc.status === 'open') {
    if (doc.closesAt.getTime() <= now.getTime()) {
      await closeStoredCampaign(deps, doc, SYSTEM_ACTOR.subject, 'window-ended', now);
      step = 'closed';
    } else if (!doc.invitationsQueuedAt) {
      await queueInvitations(deps, doc, now);
      step = 'invited';
    } else {
      const reminder = reminderDueAt(doc);
      if (!doc.remindedAt && reminder !== null && reminder <= now.getTime()) {
        await queueReminders(deps, doc, now);
        step = 'reminded';
      }
    }
  }
  const latest = await deps.campaigns.repository.byId(id);
  if (latest) agenda.track(latest);
  else agenda.untrack(id);
  return step;
}

/** Reads every unfinished campaign into the agenda: one scan of the (small) campaigns collection. */
export async function reloadCampaignAgenda(deps: SurveysDeps): Promise<number> {
  const unfinished = await deps.campaigns.repository.unfinished();
  for (const c of unfinished) deps.campaigns.agenda.track(c);
  return unfinished.length;
}

/**
 * The campaign worker: every `checkEveryMs` it advances the campaigns the agenda holds due (nothing is read
 * otherwise), and every `reloadEveryMs` it reloads the agenda (campaigns another process wrote). One run at a time.
 */
export class CampaignWorker implements BackgroundWorker {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly check: PeriodicTask;
  private readonly reloading: PeriodicTask;

  constructor(
    private readonly deps: SurveysDeps,
    private readonly logger: Logger,
  ) {
    const { checkEveryMs, reloadEveryMs } = deps.campaigns.options;
    this.check = new PeriodicTask({
      run: () => this.runOnce(),
      everyMs: checkEveryMs,
      logger,
      failure: 'campaign worker run failed; the next run retries',
    });
    // The first load runs in the background: a scan must not hold up the service's start.
    this.reloading = new PeriodicTask({
      run: () => this.reload(),
      everyMs: reloadEveryMs,
      firstRunAfterMs: 0,
      logger,
      failure: 'campaign agenda reload failed; the next one retries',
    });
  }

  start(): void {
    this.reloading.start();
    this.check.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.check.stop(), this.reloading.stop()]);
    await this.chain;
  }

  reload(): Promise<number> {
    return this.serialized(() => reloadCampaignAgenda(this.deps));
  }

  /** Advances every campaign due by `now`; one failing campaign does not hold up the others. */
  runOnce(now = new Date()): Promise<Partial<Record<CampaignStep, number>>> {
    return this.serialized(async () => {
      const steps: Partial<Record<CampaignStep, number>> = {};
      for (const id of this.deps.campaigns.agenda.dueBy(now)) {
        try {
          const step = await advanceCampaign(this.deps, id, now);
          steps[step] = (steps[step] ?? 0) + 1;
        } catch (err) {
          this.logger.warn({ err, campaignId: id }, 'campaign step failed; the next run retries');
        }
      }
      const done = Object.entries(steps).filter(([step]) => step !== 'not-due');
      if (done.length) this.logger.info(Object.fromEntries(done), 'campaigns advanced');
      return steps;
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => {});
    return next;
  }
}
