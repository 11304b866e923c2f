import type { GraphQLResolveInfo } from 'graphql';
import type { ClusterRecord } from '../model/cluster.js';
import type { EconomyRef } from '../resolvers/Economy.js';
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

/**
 * An innovative cluster of an APEC economy: its profile and lifecycle (draft → published).
 * Owned by the registry subgraph.
 */
export type Cluster = {
  __typename?: 'Cluster';
  createdAt: Scalars['String']['output'];
  economy: Economy;
  /** ISO 3166-1 alpha-2 code of the cluster's economy. */
  economyCode: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  location?: Maybe<GeoPoint>;
  /** The name in the requested BCP-47 locale, falling back to English. */
  name: Scalars['String']['output'];
  names: LocalizedText;
  publishedAt?: Maybe<Scalars['String']['output']>;
  region?: Maybe<Scalars['String']['output']>;
  /** Codes from the specialization taxonomy. */
  specializations: Array<Scalars['String']['output']>;
  status: ClusterStatus;
  /** The aggregate's version: +1 per change; pass it back as expectedVersion to avoid lost updates. */
  version: Scalars['Int']['output'];
};


/**
 * An innovative cluster of an APEC economy: its profile and lifecycle (draft → published).
 * Owned by the registry subgraph.
 */
export type ClusterNameArgs = {
  locale?: InputMaybe<Scalars['String']['input']>;
};

export type ClusterConnection = {
  __typename?: 'ClusterConnection';
  nodes: Array<Cluster>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ClusterFilter = {
  economies?: InputMaybe<Array<Scalars['ID']['input']>>;
  status?: InputMaybe<ClusterStatus>;
};

export type ClusterStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PUBLISHED'
  | 'RETURNED'
  | 'SUBMITTED';

export type Economy = {
  __typename?: 'Economy';
  /** Clusters of this economy; published ones unless a status is given. */
  clusters: Array<Cluster>;
  code: Scalars['ID']['output'];
};


export type EconomyClustersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<ClusterStatus>;
};

export type GeoPoint = {
  __typename?: 'GeoPoint';
  lat: Scalars['Float']['output'];
  lng: Scalars['Float']['output'];
};

export type GeoPointInput = {
  lat: Scalars['Float']['input'];
  lng: Scalars['Float']['input'];
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

export type Mutation = {
  __typename?: 'Mutation';
  /** Publishes a draft: it becomes public and counts for its economy. */
  publishCluster: Cluster;
  /** Registers a cluster as a draft profile. */
  registerCluster: Cluster;
};


export type MutationPublishClusterArgs = {
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationRegisterClusterArgs = {
  input: RegisterClusterInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  cluster?: Maybe<Cluster>;
  /** Published clusters unless a status is given; at most 200 per page. */
  clusters: ClusterConnection;
};


export type QueryClusterArgs = {
  id: Scalars['ID']['input'];
};


export type QueryClustersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ClusterFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type RegisterClusterInput = {
  economyCode: Scalars['ID']['input'];
  location?: InputMaybe<GeoPointInput>;
  name: LocalizedTextInput;
  region?: InputMaybe<Scalars['String']['input']>;
  specializations?: InputMaybe<Array<Scalars['String']['input']>>;
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
  Economy: Economy;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Cluster:
    ( { __typename: 'Cluster' }
    & GraphQLRecursivePick<FederationTypes['Cluster'], {"id":true}> );
  Economy:
    ( { __typename: 'Economy' }
    & GraphQLRecursivePick<FederationTypes['Economy'], {"code":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Cluster: ResolverTypeWrapper<ClusterRecord>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ClusterConnection: ResolverTypeWrapper<Omit<ClusterConnection, 'nodes'> & { nodes: Array<ResolversTypes['Cluster']> }>;
  ClusterFilter: ClusterFilter;
  ClusterStatus: ClusterStatus;
  Economy: ResolverTypeWrapper<EconomyRef>;
  GeoPoint: ResolverTypeWrapper<GeoPoint>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GeoPointInput: GeoPointInput;
  LocalizedText: ResolverTypeWrapper<LocalizedText>;
  LocalizedTextInput: LocalizedTextInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterClusterInput: RegisterClusterInput;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Cluster: ClusterRecord;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  ClusterConnection: Omit<ClusterConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Cluster']> };
  ClusterFilter: ClusterFilter;
  Economy: EconomyRef;
  GeoPoint: GeoPoint;
  Float: Scalars['Float']['output'];
  GeoPointInput: GeoPointInput;
  LocalizedText: LocalizedText;
  LocalizedTextInput: LocalizedTextInput;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  RegisterClusterInput: RegisterClusterInput;
};

export type ClusterResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Cluster'] = ResolversParentTypes['Cluster'], FederationReferenceType extends FederationReferenceTypes['Cluster'] = FederationReferenceTypes['Cluster']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Cluster']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  economy?: Resolver<ResolversTypes['Economy'], ParentType, ContextType>;
  economyCode?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['GeoPoint']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<ClusterNameArgs, 'locale'>>;
  names?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  publishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  specializations?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ClusterStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ClusterConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ClusterConnection'] = ResolversParentTypes['ClusterConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Cluster']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EconomyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Economy'] = ResolversParentTypes['Economy'], FederationReferenceType extends FederationReferenceTypes['Economy'] = FederationReferenceTypes['Economy']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Economy']> | FederationReferenceType, FederationReferenceType, ContextType>;
  clusters?: Resolver<Array<ResolversTypes['Cluster']>, ParentType, ContextType, RequireFields<EconomyClustersArgs, 'first' | 'status'>>;
  code?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type GeoPointResolvers<ContextType = Context, ParentType extends ResolversParentTypes['GeoPoint'] = ResolversParentTypes['GeoPoint']> = {
  lat?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lng?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type LocalizedTextResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LocalizedText'] = ResolversParentTypes['LocalizedText']> = {
  en?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ru?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  publishCluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType, RequireFields<MutationPublishClusterArgs, 'id'>>;
  registerCluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType, RequireFields<MutationRegisterClusterArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  cluster?: Resolver<Maybe<ResolversTypes['Cluster']>, ParentType, ContextType, RequireFields<QueryClusterArgs, 'id'>>;
  clusters?: Resolver<ResolversTypes['ClusterConnection'], ParentType, ContextType, RequireFields<QueryClustersArgs, 'first'>>;
};

export type Resolvers<ContextType = Context> = {
  Cluster?: ClusterResolvers<ContextType>;
  ClusterConnection?: ClusterConnectionResolvers<ContextType>;
  Economy?: EconomyResolvers<ContextType>;
  GeoPoint?: GeoPointResolvers<ContextType>;
  LocalizedText?: LocalizedTextResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
};

