import { type Actor, type CloudEvent, makeEvent, SYSTEM_ACTOR } from '@ccp/kit';

import { figureId, type KpiName } from '../model/kpi.js';

export const EconomyEventType = {
  registered: 'ccp.economies.economy.registered.v1',
  kpiUpdated: 'ccp.economies.kpi.updated.v1',
  kpiTargetSet: 'ccp.economies.kpi.target-set.v1',
} as const;

export function economyRegistered(
  economy: string,
  sequence: number,
  registeredAt: Date,
  firstCoordinator: string,
): CloudEvent {
  return makeEvent({
    service: 'economies',
    type: EconomyEventType.registered,
    subject: economy,
    sequence,
    economy,
    actor: SYSTEM_ACTOR,
    // The registration happened when the coordinator was appointed; KPI 1 counts it in that year.
    time: registeredAt,
    data: { economy, registeredAt: registeredAt.toISOString(), firstCoordinator },
  });
}

export interface FigureKey {
  kpi: KpiName;
  year: number;
  economy: string | null;
}

export function kpiUpdated(
  key: FigureKey,
  sequence: number,
  value: number,
  previousValue: number,
  breakdown: Record<string, number> = {},
): CloudEvent {
  return makeEvent({
    service: 'economies',
    type: EconomyEventType.kpiUpdated,
    subject: figureId(key.kpi, key.year, key.economy),
    sequence,
    economy: key.economy ?? undefined,
    actor: SYSTEM_ACTOR,
    data: {
      kpi: key.kpi,
      year: key.year,
      economy: key.economy,
      value,
      previousValue,
      ...(Object.keys(breakdown).length ? { breakdown } : {}),
    },
  });
}

export function kpiTargetSet(
  key: FigureKey,
  sequence: number,
  target: number,
  previousTarget: number | null,
  actor: Actor,
): CloudEvent {
  return makeEvent({
    service: 'economies',
    type: EconomyEventType.kpiTargetSet,
    subject: figureId(key.kpi, key.year, key.economy),
    sequence,
    economy: key.economy ?? undefined,
    actor,
    data: { kpi: key.kpi, year: key.year, economy: key.economy, target, previousTarget },
  });
}
