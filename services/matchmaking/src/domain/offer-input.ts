import { isEconomyCode, isSpecializationCode, MEMBER_TYPES, plainText } from '@ccp/kit';
import { z } from 'zod';
import type { LocalizedText, SoughtPartner } from '../model/cooperation-offer.js';

export const LIMITS = { title: 200, description: 5000, partner: 2000, message: 2000, sectors: 20 } as const;

export const localizedPlainText = (max: number) =>
  z.object({ en: plainText(max), ru: plainText(max).nullish() });

export const sectorCodes = z
  .array(
    z
      .string()
      .refine(isSpecializationCode, 'is not a specialization code (schemas/reference/specializations.json)'),
  )
  .max(LIMITS.sectors, `at most ${LIMITS.sectors} codes`)
  .transform((codes) => [...new Set(codes)]);

export const economyCodes = z
  .array(z.string().refine(isEconomyCode, 'is not one of the 21 APEC economy codes (ISO 3166-1 alpha-2)'))
  .max(21, 'at most 21 economies')
  .transform((codes) => [...new Set(codes)]);

/** A deadline is a calendar day in UTC: today still counts as the future. */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

export const isoDate = z.iso.date({ message: 'must be an ISO 8601 date (YYYY-MM-DD)' });

export const futureDeadline = isoDate.refine((day) => day >= todayUtc(), {
  message: 'must be today or in the future',
});

export const soughtPartnerInput = z
  .object({
    description: localizedPlainText(LIMITS.partner).nullish(),
    memberTypes: z
      .array(z.enum(MEMBER_TYPES))
      .max(MEMBER_TYPES.length)
      .nullish()
      .transform((types) => [...new Set(types ?? [])]),
    specializations: sectorCodes.nullish().transform((codes) => codes ?? []),
  })
  .strict();

/** Drops an absent translation so documents and events carry only the languages given. */
export function compactText(value: { en: string; ru?: string | null }): LocalizedText {
  return value.ru ? { en: value.en, ru: value.ru } : { en: value.en };
}

/** The stored form of a sought partner; nothing said about it at all is no sought partner. */
export function toSoughtPartner(
  v: z.output<typeof soughtPartnerInput> | null | undefined,
): SoughtPartner | null {
  if (!v) return null;
  const description = v.description ? compactText(v.description) : null;
  if (!description && v.memberTypes.length === 0 && v.specializations.length === 0) return null;
  return { description, memberTypes: v.memberTypes, specializations: v.specializations };
}
