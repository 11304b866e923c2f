import { specializationByCode } from '@ccp/kit';
import type { SpecializationResolvers } from '../__generated__/resolvers-types.js';

export const Specialization: SpecializationResolvers = {
  name: (s, { locale }) => (locale?.split('-')[0] === 'ru' ? s.name.ru : s.name.en),
  parent: (s) => (s.parent ? (specializationByCode(s.parent) ?? null) : null),
};
