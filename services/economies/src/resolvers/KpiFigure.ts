import type { Gender, KpiFigureResolvers, MeetingOutcome, ParticipantSector } from '../__generated__/resolvers-types.js';
import type { KpiFigureRecord } from '../model/kpi.js';

/** `prefer-not-to-say` → `PREFER_NOT_TO_SAY`: events use the value lists' kebab case, the graph enum case. */
const enumCase = <T extends string>(value: string | undefined) => (value ? value.toUpperCase().replaceAll('-', '_') : null) as T | null;

/** A figure's breakdown keys as the graph's dimensions: KPI 3 `<gender>/<sector>`, KPI 4 the outcome. */
function breakdownOf(figure: KpiFigureRecord) {
  return Object.entries(figure.breakdown)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => {
      if (figure.kpi === 'MEETINGS_HELD') return { gender: null, sector: null, outcome: enumCase<MeetingOutcome>(key), value };
      const [gender, sector] = key.split('/');
      return { gender: enumCase<Gender>(gender), sector: enumCase<ParticipantSector>(sector), outcome: null, value };
    });
}

export const KpiFigure: KpiFigureResolvers = {
  economy: (figure, _, ctx) => (figure.economy ? ctx.economyByCode.load(figure.economy) : null),
  breakdown: breakdownOf,
  progress: (figure) => (figure.target ? figure.value / figure.target : null),
};
