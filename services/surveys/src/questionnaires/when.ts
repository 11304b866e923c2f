import type { ConditionRecord, ConditionValue } from '../model/questionnaire.js';

/** Conditions as the shipped questionnaires write them: `when.equals('workshop-interest', true)`. */
export const when = {
  equals: (questionId: string, value: ConditionValue, row?: string): ConditionRecord => ({
    op: 'equals',
    questionId,
    value,
    ...(row ? { row } : {}),
  }),
  in: (questionId: string, value: string[] | number[]): ConditionRecord => ({ op: 'in', questionId, value }),
  includes: (questionId: string, value: string): ConditionRecord => ({ op: 'includes', questionId, value }),
  includesAny: (questionId: string, value: string[]): ConditionRecord => ({
    op: 'includes-any',
    questionId,
    value,
  }),
  gt: (questionId: string, value: number): ConditionRecord => ({ op: 'gt', questionId, value }),
  answered: (questionId: string): ConditionRecord => ({ op: 'answered', questionId }),
  all: (...conditions: ConditionRecord[]): ConditionRecord => ({ op: 'all', conditions }),
  any: (...conditions: ConditionRecord[]): ConditionRecord => ({ op: 'any', conditions }),
  not: (condition: ConditionRecord): ConditionRecord => ({ op: 'not', conditions: [condition] }),
};
