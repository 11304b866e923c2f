import { gql, type TypedDocumentNode } from '@apollo/client';
import source from '../../graphql/economy.graphql?raw';

type MemberType = 'LARGE_COMPANY' | 'SME' | 'RESEARCH_INSTITUTE' | 'UNIVERSITY' | 'PUBLIC_BODY' | 'OTHER';
export type QuestionnaireKind = 'INTERNATIONALIZATION' | 'FOLLOW_UP' | 'WORKSHOP_FEEDBACK';
type SupportMeasureType =
  | 'GRANT'
  | 'TAX_INCENTIVE'
  | 'INFRASTRUCTURE'
  | 'ADVISORY'
  | 'INTERNATIONALIZATION_SUPPORT'
  | 'TRAINING'
  | 'FINANCE'
  | 'OTHER';
type WorkshopStatus = 'SCHEDULED' | 'REGISTRATION_OPEN' | 'REGISTRATION_CLOSED' | 'CANCELLED';
type PublicationKind = 'NEWS' | 'RESEARCH' | 'POLICY_REVIEW';

export interface EconomyPageData {
  code: string;
  name: string;
  timeZone: string;
  clusterCount: number;
  registeredAt: string | null;
  pageUpdatedAt: string | null;
  statistics: {
    publishedClusters: number;
    members: number;
    clustersWithInternationalMemberships: number;
    internationalMemberships: number;
    openCooperationOffers: number;
    successStories: number;
    internationalSuccessStories: number;
    bySpecialization: Array<{ code: string; clusters: number }>;
    byMemberType: Array<{ memberType: MemberType; members: number }>;
    responseRates: Array<{
      campaignId: string;
      questionnaireKind: QuestionnaireKind;
      opensAt: string;
      audience: number;
      responded: number;
      rate: number | null;
    }>;
    asOf: string | null;
  };
  statisticsByYear: Array<{
    year: number;
    publishedClusters: number;
    members: number;
    openCooperationOffers: number;
    successStories: number;
  }>;
  supportMeasures: Array<{
    id: string;
    name: { text: string };
    agency: string;
    type: SupportMeasureType;
    description: string | null;
    link: string | null;
    years: { from: number; to: number | null } | null;
  }>;
  institutions: Array<{ id: string; name: { text: string }; role: string | null; link: string | null }>;
  officials: Array<{
    id: string;
    name: string;
    position: string;
    institution: string | null;
    link: string | null;
    email: string | null;
    phone: string | null;
  }>;
  clusters: Array<{
    id: string;
    slug: string;
    name: string;
    region: string | null;
    specializations: string[];
  }>;
  workshops: Array<{
    id: string;
    title: { en: string; ru: string | null };
    startsAt: string;
    endsAt: string;
    timeZone: string;
    venue: string | null;
    online: boolean;
    status: WorkshopStatus;
    seatsLeft: number;
  }>;
  publications: Array<{
    id: string;
    kind: PublicationKind;
    title: string;
    summary: string | null;
    language: string;
    publishedAt: string | null;
  }>;
}

export interface EconomyPageQuery {
  economy: EconomyPageData | null;
}

export interface EconomyPageVariables {
  code: string;
  locale?: string | null;
  from: number;
  to: number;
}

// Parsed from the .graphql file (one source for the operation) until the client codegen lands.
export const EconomyPageDocument: TypedDocumentNode<EconomyPageQuery, EconomyPageVariables> = gql(source);
