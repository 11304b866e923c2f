import type { KpiFigureResolvers } from '../__generated__/resolvers-types.js';

export const KpiFigure: KpiFigureResolvers = {
  economy: (figure, _, ctx) => (figure.economy ? ctx.economyByCode.load(figure.economy) : null),
  progress: (figure) => (figure.target ? figure.value / figure.target : null),
};
