import type { CampaignMembers, CampaignMembersCache } from '../model/campaign-audience.js';
import type { CampaignRecord, CampaignRepository } from '../model/campaign.js';

export interface OpenCampaignEntry {
  campaign: CampaignRecord;
  members: CampaignMembers;
}

/**
 * The open campaigns with whom each asks, for `Cluster.openCampaigns`: read at most once per `ttlMs` (a scan of the
 * small campaigns collection; audiences come from their immutable documents, cached) and again at once after this
 * process opens or closes one. Another process's change shows within `ttlMs`.
 */
export class OpenCampaignList {
  private cached: { at: number; entries: Promise<OpenCampaignEntry[]> } | undefined;

  constructor(
    private readonly repository: CampaignRepository,
    private readonly members: CampaignMembersCache,
    private readonly ttlMs: number,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  get(): Promise<OpenCampaignEntry[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const entries = this.load();
      const cached = { at: now, entries };
      this.cached = cached;
      // A failed read is not kept: the next caller tries again.
      entries.catch(() => {
        if (this.cached === cached) this.cached = undefined;
      });
    }
    return this.cached.entries;
  }

  private async load(): Promise<OpenCampaignEntry[]> {
    const open = await this.repository.open();
    const entries = await Promise.all(
      open.map(async (campaign) => {
        const members = campaign.audienceId ? await this.members.of(campaign.audienceId) : null;
        return members ? { campaign, members } : null;
      }),
    );
    return entries.filter((e): e is OpenCampaignEntry => e !== null);
  }
}
