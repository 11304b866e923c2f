import type { GraphQLResolveInfo } from 'graphql';
import type { ClusterRef } from '../resolvers/Cluster.js';
import type { EconomyRef } from '../resolvers/Economy.js';
import type { CooperationOfferRecord } from '../model/cooperation-offer.js';
import type { MatchRequestRecord } from '../model/match-request.js';
import type { WorkshopRecord } from '../model/workshop.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Cluster = {
  __typename?: 'Cluster';
  /** The cluster's open cooperation offers, newest first; at most 200. */
  cooperationOffers: Array<CooperationOffer>;
  id: Scalars['ID']['output'];
  /** Match requests this cluster sent or received, newest first; at most 200. */
  matches: Array<MatchRequest>;
  /**
   * Published clusters of other economies that share specializations with this one, best first
   * (ties by cluster id); at most 200.
   */
  suggestedPartners: Array<PartnerSuggestion>;
};


export type ClusterCooperationOffersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ClusterMatchesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ClusterSuggestedPartnersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What a cluster offers, needs, or a project it seeks partners for. */
export type CooperationOffer = {
  __typename?: 'CooperationOffer';
  cluster: Cluster;
  clusterId: Scalars['ID']['output'];
  createdAt: Scalars['String']['output'];
  /** Last day to answer (ISO 8601 date), if any. */
  deadline?: Maybe<Scalars['String']['output']>;
  description: LocalizedText;
  /** The owning cluster's economy. */
  economyCode: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  kind: CooperationOfferKind;
  /** Specialization codes the offer is about. */
  sectors: Array<Scalars['String']['output']>;
  status: CooperationOfferStatus;
  /** Economies the offer is aimed at (ISO 3166-1 alpha-2); empty means every economy. */
  targetEconomies: Array<Scalars['ID']['output']>;
  title: LocalizedText;
};

export type CooperationOfferConnection = {
  __typename?: 'CooperationOfferConnection';
  nodes: Array<CooperationOffer>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type CooperationOfferFilter = {
  /** Offers of clusters in these economies. */
  economies?: InputMaybe<Array<Scalars['ID']['input']>>;
  kinds?: InputMaybe<Array<CooperationOfferKind>>;
  /** Offers about at least one of these specialization codes. */
  sectors?: InputMaybe<Array<Scalars['String']['input']>>;
  /** OPEN unless given. */
  status?: InputMaybe<CooperationOfferStatus>;
};

export type CooperationOfferKind =
  /** The cluster looks for a capability, product or service. */
  | 'NEED'
  /** The cluster offers a capability, product or service. */
  | 'OFFER'
  /** A project seeking partners. */
  | 'PROJECT';

export type CooperationOfferStatus =
  | 'CLOSED'
  | 'OPEN';

export type Economy = {
  __typename?: 'Economy';
  code: Scalars['ID']['output'];
  /** Workshops hosted by this economy, earliest first; at most 200. */
  workshops: Array<Workshop>;
};


export type EconomyWorkshopsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type LocalizedText = {
  __typename?: 'LocalizedText';
  en: Scalars['String']['output'];
  ru?: Maybe<Scalars['String']['output']>;
};

export type LocalizedTextInput = {
  en: Scalars['String']['input'];
  ru?: InputMaybe<Scalars['String']['input']>;
};

/** A request from one cluster to another to get in touch. */
export type MatchRequest = {
  __typename?: 'MatchRequest';
  createdAt: Scalars['String']['output'];
  fromCluster: Cluster;
  fromClusterId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  message?: Maybe<Scalars['String']['output']>;
  status: MatchRequestStatus;
  toCluster: Cluster;
  toClusterId: Scalars['ID']['output'];
};

export type MatchRequestStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'PENDING';

export type Mutation = {
  __typename?: 'Mutation';
  /** Publishes a cooperation offer (OPEN) of a published cluster. */
  publishCooperationOffer: CooperationOffer;
  /** Sends a match request (PENDING) from one published cluster to another. */
  requestMatch: MatchRequest;
  /** Schedules a workshop hosted by an economy. */
  scheduleWorkshop: Workshop;
};


export type MutationPublishCooperationOfferArgs = {
  input: PublishCooperationOfferInput;
};


export type MutationRequestMatchArgs = {
  input: RequestMatchInput;
};


export type MutationScheduleWorkshopArgs = {
  input: ScheduleWorkshopInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** Why a cluster is suggested as a partner: the score is the sum of the criteria's contributions. */
export type PartnerSuggestion = {
  __typename?: 'PartnerSuggestion';
  cluster: Cluster;
  criteria: Array<ScoreCriterion>;
  /** Between 0 and 1. */
  score: Scalars['Float']['output'];
};

export type PublishCooperationOfferInput = {
  /** A published cluster. */
  clusterId: Scalars['ID']['input'];
  /** ISO 8601 date (YYYY-MM-DD), today or later. */
  deadline?: InputMaybe<Scalars['String']['input']>;
  description: LocalizedTextInput;
  kind: CooperationOfferKind;
  sectors?: InputMaybe<Array<Scalars['String']['input']>>;
  targetEconomies?: InputMaybe<Array<Scalars['ID']['input']>>;
  title: LocalizedTextInput;
};

export type Query = {
  __typename?: 'Query';
  cooperationOffer?: Maybe<CooperationOffer>;
  /** Open offers unless a status is given, newest first; at most 200 per page. */
  cooperationOffers: CooperationOfferConnection;
  matchRequest?: Maybe<MatchRequest>;
  workshop?: Maybe<Workshop>;
};


export type QueryCooperationOfferArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCooperationOffersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CooperationOfferFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMatchRequestArgs = {
  id: Scalars['ID']['input'];
};


export type QueryWorkshopArgs = {
  id: Scalars['ID']['input'];
};

export type RequestMatchInput = {
  /** A published cluster. */
  fromClusterId: Scalars['ID']['input'];
  message?: InputMaybe<Scalars['String']['input']>;
  /** Another published cluster. */
  toClusterId: Scalars['ID']['input'];
};

export type ScheduleWorkshopInput = {
  capacity: Scalars['Int']['input'];
  /** ISO 8601 date-time with an offset, after startsAt. */
  endsAt: Scalars['String']['input'];
  hostEconomy: Scalars['ID']['input'];
  online?: InputMaybe<Scalars['Boolean']['input']>;
  /** ISO 8601 date-time with an offset, e.g. 2030-05-14T09:00:00+08:00. */
  startsAt: Scalars['String']['input'];
  /** IANA time zone, e.g. Asia/Singapore. */
  timeZone: Scalars['String']['input'];
  title: LocalizedTextInput;
  /** Required unless the workshop is online. */
  venue?: InputMaybe<Scalars['String']['input']>;
};

export type ScoreCriterion = {
  __typename?: 'ScoreCriterion';
  /** weight × the criterion's value. */
  contribution: Scalars['Float']['output'];
  /** sharedSpecializations: Jaccard similarity of the two clusters' specialization codes. */
  name: Scalars['String']['output'];
  weight: Scalars['Float']['output'];
};

/** A matchmaking workshop (B2B meetings) hosted by an economy, on site, online or both. */
export type Workshop = {
  __typename?: 'Workshop';
  capacity: Scalars['Int']['output'];
  createdAt: Scalars['String']['output'];
  /** ISO 8601 date-time, after startsAt. */
  endsAt: Scalars['String']['output'];
  hostEconomy: Economy;
  hostEconomyCode: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  online: Scalars['Boolean']['output'];
  /** ISO 8601 date-time. */
  startsAt: Scalars['String']['output'];
  /** IANA time zone the workshop is announced in, e.g. Asia/Singapore. */
  timeZone: Scalars['String']['output'];
  title: LocalizedText;
  venue?: Maybe<Scalars['String']['output']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Cluster: Cluster;
  CooperationOffer: CooperationOffer;
  Economy: Economy;
  MatchRequest: MatchRequest;
  Workshop: Workshop;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Cluster:
    ( { __typename: 'Cluster' }
    & GraphQLRecursivePick<FederationTypes['Cluster'], {"id":true}> );
  CooperationOffer:
    ( { __typename: 'CooperationOffer' }
    & GraphQLRecursivePick<FederationTypes['CooperationOffer'], {"id":true}> );
  Economy:
    ( { __typename: 'Economy' }
    & GraphQLRecursivePick<FederationTypes['Economy'], {"code":true}> );
  MatchRequest:
    ( { __typename: 'MatchRequest' }
    & GraphQLRecursivePick<FederationTypes['MatchRequest'], {"id":true}> );
  Workshop:
    ( { __typename: 'Workshop' }
    & GraphQLRecursivePick<FederationTypes['Workshop'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Cluster: ResolverTypeWrapper<ClusterRef>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CooperationOffer: ResolverTypeWrapper<CooperationOfferRecord>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CooperationOfferConnection: ResolverTypeWrapper<Omit<CooperationOfferConnection, 'nodes'> & { nodes: Array<ResolversTypes['CooperationOffer']> }>;
  CooperationOfferFilter: CooperationOfferFilter;
  CooperationOfferKind: CooperationOfferKind;
  CooperationOfferStatus: CooperationOfferStatus;
  Economy: ResolverTypeWrapper<EconomyRef>;
  LocalizedText: ResolverTypeWrapper<LocalizedText>;
  LocalizedTextInput: LocalizedTextInput;
  MatchRequest: ResolverTypeWrapper<MatchRequestRecord>;
  MatchRequestStatus: MatchRequestStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PartnerSuggestion: ResolverTypeWrapper<Omit<PartnerSuggestion, 'cluster'> & { cluster: ResolversTypes['Cluster'] }>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  PublishCooperationOfferInput: PublishCooperationOfferInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RequestMatchInput: RequestMatchInput;
  ScheduleWorkshopInput: ScheduleWorkshopInput;
  ScoreCriterion: ResolverTypeWrapper<ScoreCriterion>;
  Workshop: ResolverTypeWrapper<WorkshopRecord>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Cluster: ClusterRef;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  CooperationOffer: CooperationOfferRecord;
  String: Scalars['String']['output'];
  CooperationOfferConnection: Omit<CooperationOfferConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['CooperationOffer']> };
  CooperationOfferFilter: CooperationOfferFilter;
  Economy: EconomyRef;
  LocalizedText: LocalizedText;
  LocalizedTextInput: LocalizedTextInput;
  MatchRequest: MatchRequestRecord;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  PartnerSuggestion: Omit<PartnerSuggestion, 'cluster'> & { cluster: ResolversParentTypes['Cluster'] };
  Float: Scalars['Float']['output'];
  PublishCooperationOfferInput: PublishCooperationOfferInput;
  Query: Record<PropertyKey, never>;
  RequestMatchInput: RequestMatchInput;
  ScheduleWorkshopInput: ScheduleWorkshopInput;
  ScoreCriterion: ScoreCriterion;
  Workshop: WorkshopRecord;
};

export type ClusterResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Cluster'] = ResolversParentTypes['Cluster'], FederationReferenceType extends FederationReferenceTypes['Cluster'] = FederationReferenceTypes['Cluster']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Cluster']> | FederationReferenceType, FederationReferenceType, ContextType>;
  cooperationOffers?: Resolver<Array<ResolversTypes['CooperationOffer']>, ParentType, ContextType, RequireFields<ClusterCooperationOffersArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  matches?: Resolver<Array<ResolversTypes['MatchRequest']>, ParentType, ContextType, RequireFields<ClusterMatchesArgs, 'first'>>;
  suggestedPartners?: Resolver<Array<ResolversTypes['PartnerSuggestion']>, ParentType, ContextType, RequireFields<ClusterSuggestedPartnersArgs, 'first'>>;
};

export type CooperationOfferResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CooperationOffer'] = ResolversParentTypes['CooperationOffer'], FederationReferenceType extends FederationReferenceTypes['CooperationOffer'] = FederationReferenceTypes['CooperationOffer']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CooperationOffer']> | FederationReferenceType, FederationReferenceType, ContextType>;
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  clusterId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deadline?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  economyCode?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['CooperationOfferKind'], ParentType, ContextType>;
  sectors?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CooperationOfferStatus'], ParentType, ContextType>;
  targetEconomies?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
};

export type CooperationOfferConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CooperationOfferConnection'] = ResolversParentTypes['CooperationOfferConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['CooperationOffer']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EconomyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Economy'] = ResolversParentTypes['Economy'], FederationReferenceType extends FederationReferenceTypes['Economy'] = FederationReferenceTypes['Economy']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Economy']> | FederationReferenceType, FederationReferenceType, ContextType>;
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workshops?: Resolver<Array<ResolversTypes['Workshop']>, ParentType, ContextType, RequireFields<EconomyWorkshopsArgs, 'first'>>;
};

export type LocalizedTextResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LocalizedText'] = ResolversParentTypes['LocalizedText']> = {
  en?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ru?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MatchRequestResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MatchRequest'] = ResolversParentTypes['MatchRequest'], FederationReferenceType extends FederationReferenceTypes['MatchRequest'] = FederationReferenceTypes['MatchRequest']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['MatchRequest']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fromCluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  fromClusterId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['MatchRequestStatus'], ParentType, ContextType>;
  toCluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  toClusterId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  publishCooperationOffer?: Resolver<ResolversTypes['CooperationOffer'], ParentType, ContextType, RequireFields<MutationPublishCooperationOfferArgs, 'input'>>;
  requestMatch?: Resolver<ResolversTypes['MatchRequest'], ParentType, ContextType, RequireFields<MutationRequestMatchArgs, 'input'>>;
  scheduleWorkshop?: Resolver<ResolversTypes['Workshop'], ParentType, ContextType, RequireFields<MutationScheduleWorkshopArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PartnerSuggestionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PartnerSuggestion'] = ResolversParentTypes['PartnerSuggestion']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  criteria?: Resolver<Array<ResolversTypes['ScoreCriterion']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  cooperationOffer?: Resolver<Maybe<ResolversTypes['CooperationOffer']>, ParentType, ContextType, RequireFields<QueryCooperationOfferArgs, 'id'>>;
  cooperationOffers?: Resolver<ResolversTypes['CooperationOfferConnection'], ParentType, ContextType, RequireFields<QueryCooperationOffersArgs, 'first'>>;
  matchRequest?: Resolver<Maybe<ResolversTypes['MatchRequest']>, ParentType, ContextType, RequireFields<QueryMatchRequestArgs, 'id'>>;
  workshop?: Resolver<Maybe<ResolversTypes['Workshop']>, ParentType, ContextType, RequireFields<QueryWorkshopArgs, 'id'>>;
};

export type ScoreCriterionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ScoreCriterion'] = ResolversParentTypes['ScoreCriterion']> = {
  contribution?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type WorkshopResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Workshop'] = ResolversParentTypes['Workshop'], FederationReferenceType extends FederationReferenceTypes['Workshop'] = FederationReferenceTypes['Workshop']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Workshop']> | FederationReferenceType, FederationReferenceType, ContextType>;
  capacity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  endsAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hostEconomy?: Resolver<ResolversTypes['Economy'], ParentType, ContextType>;
  hostEconomyCode?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  online?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startsAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  venue?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Cluster?: ClusterResolvers<ContextType>;
  CooperationOffer?: CooperationOfferResolvers<ContextType>;
  CooperationOfferConnection?: CooperationOfferConnectionResolvers<ContextType>;
  Economy?: EconomyResolvers<ContextType>;
  LocalizedText?: LocalizedTextResolvers<ContextType>;
  MatchRequest?: MatchRequestResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PartnerSuggestion?: PartnerSuggestionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ScoreCriterion?: ScoreCriterionResolvers<ContextType>;
  Workshop?: WorkshopResolvers<ContextType>;
};

