import type { Texts } from '../domain/content-input.js';

export const SUPPORT_MEASURE_TYPES = [
  'GRANT',
  'TAX_INCENTIVE',
  'INFRASTRUCTURE',
  'ADVISORY',
  'INTERNATIONALIZATION_SUPPORT',
  'TRAINING',
  'FINANCE',
  'OTHER',
] as const;
export type SupportMeasureType = (typeof SUPPORT_MEASURE_TYPES)[number];

/** A government programme that supports clusters. */
export interface SupportMeasure {
  id: string;
  name: Texts;
  agency: string;
  type: SupportMeasureType;
  /** Markdown, stored as typed. */
  description: string | null;
  link: string | null;
  /** `to` null: still running. */
  years: { from: number; to: number | null } | null;
}

/** An institution responsible for cluster analysis or development. */
export interface Institution {
  id: string;
  name: Texts;
  role: string | null;
  link: string | null;
}

/** A public official responsible for cluster policy; work contacts are public (see the README of issue 5). */
export interface Official {
  id: string;
  name: string;
  position: string;
  institution: string | null;
  link: string | null;
  email: string | null;
  phone: string | null;
  /** The official's platform user, if they have one: their erasure removes the entry. */
  userId: string | null;
}

/** The editable content of an economy's page, stored on the economy document (one aggregate). */
export interface EconomyPage {
  supportMeasures: SupportMeasure[];
  institutions: Institution[];
  officials: Official[];
  updatedAt: string | null;
  /** The economy document's version: `expectedVersion` of the next change. */
  version: number;
}

export const PAGE_LISTS = ['supportMeasures', 'institutions', 'officials'] as const;
export type PageList = (typeof PAGE_LISTS)[number];

/** The page's fields as the economy document stores them. */
export interface EconomyPageFields {
  supportMeasures?: SupportMeasure[];
  institutions?: Institution[];
  officials?: Official[];
  pageUpdatedAt?: Date | null;
  version: number;
}

/** Schema fields the economy document adds for its page (whole arrays, replaced by a version-guarded `$set`). */
export const economyPageSchemaFields = {
  supportMeasures: { type: [Object], default: () => [] },
  institutions: { type: [Object], default: () => [] },
  officials: { type: [Object], default: () => [] },
  pageUpdatedAt: { type: Date, default: null },
};

export const toEconomyPage = (d: EconomyPageFields): EconomyPage => ({
  supportMeasures: d.supportMeasures ?? [],
  institutions: d.institutions ?? [],
  officials: d.officials ?? [],
  updatedAt: d.pageUpdatedAt ? new Date(d.pageUpdatedAt).toISOString() : null,
  version: d.version ?? 0,
});
