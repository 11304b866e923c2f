import { CombinedGraphQLErrors } from '@apollo/client';
import type { Locale } from '../../i18n';
import type { EconomiesMessages } from './messages';

export interface EconomyOverview {
  code: string;
  name: string;
  clusterCount: number;
}

export interface EconomiesSummary {
  economies: EconomyOverview[];
  totalClusters: number;
}

/** Economies in the reader's alphabetical order, with the number of published clusters across all of them. */
export function summarizeEconomies(economies: readonly EconomyOverview[], locale: Locale): EconomiesSummary {
  const collator = new Intl.Collator(locale);
  return {
    economies: [...economies].sort((a, b) => collator.compare(a.name, b.name)),
    totalClusters: economies.reduce((total, economy) => total + economy.clusterCount, 0),
  };
}

/**
 * GraphQL errors mean the gateway answered but the query failed; anything else (refused connection,
 * proxy 5xx, non-JSON body) means the browser never got a GraphQL answer from it.
 */
export function loadFailureHeadline(error: unknown, messages: EconomiesMessages): string {
  return CombinedGraphQLErrors.is(error) ? messages.economiesQueryFailed : messages.gatewayUnreachable;
}
