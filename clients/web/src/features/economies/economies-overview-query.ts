import { gql, type TypedDocumentNode } from '@apollo/client';
import source from '../../graphql/economies.graphql?raw';

export interface EconomiesOverviewQuery {
  economies: Array<{ __typename?: 'Economy'; code: string; name: string; clusterCount: number }>;
}

export interface EconomiesOverviewVariables {
  locale?: string | null;
}

// Parsed from the .graphql file so the operation has a single source until client codegen lands.
export const EconomiesOverviewDocument: TypedDocumentNode<
  EconomiesOverviewQuery,
  EconomiesOverviewVariables
> = gql(source);
