/** A KPI as the Blueprint monitoring report presents it: its number, name and definition in English and Russian. */
export interface KpiDescription {
  /** The KPI's number in the Blueprint (1–5); null for a KPI this table does not know yet. */
  number: number | null;
  label: { en: string; ru: string };
  /** DESIGN.md's definition; null for a KPI this table does not know yet. */
  definition: { en: string; ru: string } | null;
}

/** The five Blueprint KPIs of DESIGN.md's Contracts, keyed by their KpiName. */
const DESCRIPTIONS: Record<string, KpiDescription> = {
  ECONOMIES_REGISTERED: {
    number: 1,
    label: { en: 'Economies registered', ru: 'Зарегистрированные экономики' },
    definition: {
      en: "An economy's registration on the platform: its first coordinator appointed. Counted once, in the year of the appointment.",
      ru: 'Регистрация экономики на платформе — назначение её первого координатора. Учитывается один раз, в год назначения.',
    },
  },
  CLUSTERS_RESPONDED: {
    number: 2,
    label: {
      en: 'Clusters that answered the internationalization questionnaire',
      ru: 'Кластеры, ответившие на анкету по интернационализации',
    },
    definition: {
      en: 'Distinct clusters with a submitted internationalization questionnaire response, once per cluster and year.',
      ru: 'Число различных кластеров, подавших ответ на анкету по интернационализации, — один раз на кластер в год.',
    },
  },
  PARTICIPANTS_CHECKED_IN: {
    number: 3,
    label: { en: 'Workshop participants', ru: 'Участники семинаров' },
    definition: {
      en: "Workshop participants who checked in, once per participant and workshop, by the participant's economy (guests from outside APEC count only APEC-wide), by gender × sector.",
      ru: 'Участники семинаров, отметившиеся при входе, — один раз на участника и семинар, по экономике участника (гости не из АТЭС учитываются только в итоге по АТЭС), по полу и сектору.',
    },
  },
  MEETINGS_HELD: {
    number: 4,
    label: { en: 'B2B meetings held', ru: 'Проведённые B2B-встречи' },
    definition: {
      en: 'B2B meetings held at workshops (outcome other than "did not take place"), by the host economy, by outcome.',
      ru: 'B2B-встречи, проведённые на семинарах (с любым исходом, кроме «не состоялась»), — по принимающей экономике, по исходу.',
    },
  },
  SUCCESS_STORIES: {
    number: 5,
    label: { en: 'Success stories', ru: 'Истории успеха' },
    definition: {
      en: "Success stories of international collaboration reported in the one-year follow-up questionnaire, one per collaboration, by the reporting cluster's economy.",
      ru: 'Истории успеха международного сотрудничества из анкеты, заполняемой через год, — одна на сотрудничество, по экономике сообщившего кластера.',
    },
  },
};

/** `SOME_NEW_KPI` → `Some new kpi`: a KPI added before its description still reads as words. */
const wordsOf = (name: string) => {
  const words = name.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function describeKpi(kpi: string): KpiDescription {
  return (
    DESCRIPTIONS[kpi] ?? { number: null, label: { en: wordsOf(kpi), ru: wordsOf(kpi) }, definition: null }
  );
}
