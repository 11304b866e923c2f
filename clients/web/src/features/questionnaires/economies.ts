import reference from '../../../../../schemas/reference/economies.json';
import type { Locale } from '../../i18n';

/** The 21 APEC economies, named as APEC names them (schemas/reference/economies.json). */
const apec = reference.economies as { code: string; name: Record<Locale, string> }[];

/** The officially assigned ISO 3166-1 alpha-2 codes an ECONOMY question of scope ANY accepts (the server's list). */
const ISO_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW ' +
  'BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ ' +
  'FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ ' +
  'IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH ' +
  'MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL ' +
  'PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD ' +
  'TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

export interface EconomyChoice {
  code: string;
  name: string;
}

const cache = new Map<string, EconomyChoice[]>();

/**
 * The economies an ECONOMY question offers, sorted by name in the reader's language: APEC economies by their
 * APEC names, other codes by the browser's region names.
 */
export function economyChoices(scope: 'APEC' | 'ANY', locale: Locale): EconomyChoice[] {
  const key = `${scope}|${locale}`;
  const found = cache.get(key);
  if (found) return found;
  const names = new Map(apec.map((e) => [e.code, e.name[locale] ?? e.name.en]));
  let regions: Intl.DisplayNames | undefined;
  try {
    regions = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    regions = undefined;
  }
  const codes = scope === 'APEC' ? apec.map((e) => e.code) : ISO_CODES;
  const choices = codes
    .map((code) => ({ code, name: names.get(code) ?? regions?.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  cache.set(key, choices);
  return choices;
}

/** An economy's name in the reader's language (APEC's name for APEC economies). */
export function economyName(code: string, locale: Locale): string {
  return economyChoices('ANY', locale).find((e) => e.code === code)?.name ?? code;
}
