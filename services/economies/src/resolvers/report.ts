import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { changeRows, figureRows, monitoringReport } from '../domain/report.js';

/** A row's economy, or null for the APEC-wide total (economies are seeded, so every code has its record). */
const economyOf = (code: string | null, ctx: Context) => (code ? ctx.economyByCode.load(code) : null);

export const reportResolvers: Resolvers = {
  Query: {
    monitoringReport: (_, { year, compareWith }, ctx) => monitoringReport(ctx.deps, { year, compareWith }),
  },
  MonitoringReport: {
    figures: (report, filter) => figureRows(report, filter),
    comparison: (report) => report.comparison ?? null,
  },
  MonitoringComparison: {
    changes: (comparison, filter) => changeRows(comparison, filter),
  },
  MonitoringFigure: {
    economy: (row, _, ctx) => economyOf(row.economy, ctx),
  },
  MonitoringChange: {
    economy: (row, _, ctx) => economyOf(row.economy, ctx),
  },
};
