import type { GraphQLResolveInfo } from 'graphql';
import type { QuestionnaireRecord, SectionRecord, QuestionRecord } from '../model/questionnaire.js';
import type { ResponseRecord, AnswerRecord } from '../model/response.js';
import type { ClusterRef } from '../resolvers/Cluster.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

export type AnswerInput = {
  questionId: Scalars['ID']['input'];
  /** Encoded as QuestionType describes; null clears the answer. */
  value?: InputMaybe<Scalars['String']['input']>;
};

export type Cluster = {
  __typename?: 'Cluster';
  id: Scalars['ID']['output'];
  /** The cluster's progress on the current (newest) internationalization questionnaire. */
  questionnaireStatus: QuestionnaireStatus;
};

export type LocalizedText = {
  __typename?: 'LocalizedText';
  en: Scalars['String']['output'];
  ru?: Maybe<Scalars['String']['output']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Saves answers to a cluster's draft response, creating it on the first save. Every answer is checked
   * against the questionnaire; a submitted response cannot be changed.
   */
  saveResponseDraft: QuestionnaireResponse;
  /** Submits a draft once every required question is answered. Submitting again returns the same response. */
  submitResponse: QuestionnaireResponse;
};


export type MutationSaveResponseDraftArgs = {
  input: SaveResponseDraftInput;
};


export type MutationSubmitResponseArgs = {
  clusterId: Scalars['ID']['input'];
  questionnaireId: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** The newest version of a kind. */
  currentQuestionnaire?: Maybe<Questionnaire>;
  questionnaire?: Maybe<Questionnaire>;
  questionnaireResponse?: Maybe<QuestionnaireResponse>;
  /** Every questionnaire version, of one kind when given, by kind and version. */
  questionnaires: Array<Questionnaire>;
};


export type QueryCurrentQuestionnaireArgs = {
  kind: QuestionnaireKind;
};


export type QueryQuestionnaireArgs = {
  id: Scalars['ID']['input'];
};


export type QueryQuestionnaireResponseArgs = {
  clusterId: Scalars['ID']['input'];
  questionnaireId: Scalars['ID']['input'];
};


export type QueryQuestionnairesArgs = {
  kind?: InputMaybe<QuestionnaireKind>;
};

export type Question = {
  __typename?: 'Question';
  help?: Maybe<LocalizedText>;
  /** Stable across versions of the questionnaire. */
  id: Scalars['ID']['output'];
  /** Whether a NUMBER answer must be a whole number. */
  integer: Scalars['Boolean']['output'];
  max?: Maybe<Scalars['Float']['output']>;
  /** The longest TEXT answer accepted, in characters. */
  maxLength?: Maybe<Scalars['Int']['output']>;
  /** Bounds of a NUMBER answer, when it has them. */
  min?: Maybe<Scalars['Float']['output']>;
  /** The allowed answers of a SINGLE_CHOICE or MULTIPLE_CHOICE question; empty otherwise. */
  options: Array<QuestionOption>;
  /** A response cannot be submitted without an answer to it. */
  required: Scalars['Boolean']['output'];
  text: LocalizedText;
  type: QuestionType;
};

export type QuestionOption = {
  __typename?: 'QuestionOption';
  /** Of a MULTIPLE_CHOICE question: may only be chosen alone (e.g. "no significant barriers"). */
  exclusive: Scalars['Boolean']['output'];
  label: LocalizedText;
  /** What an answer carries when this option is chosen. */
  value: Scalars['ID']['output'];
};

/**
 * How an answer's `value` is written: TEXT — the text itself; NUMBER — a JSON number (`42`);
 * YES_NO — `true` or `false`; SINGLE_CHOICE — the option's value as a JSON string (`"finance"`);
 * MULTIPLE_CHOICE — a JSON array of option values (`["finance","staff"]`).
 */
export type QuestionType =
  | 'MULTIPLE_CHOICE'
  | 'NUMBER'
  | 'SINGLE_CHOICE'
  | 'TEXT'
  | 'YES_NO';

/**
 * A versioned, multilingual questionnaire definition. Each version is its own questionnaire
 * (id e.g. `internationalization-v1`); question ids stay the same across versions.
 * Owned by the surveys subgraph.
 */
export type Questionnaire = {
  __typename?: 'Questionnaire';
  description?: Maybe<LocalizedText>;
  id: Scalars['ID']['output'];
  kind: QuestionnaireKind;
  sections: Array<QuestionnaireSection>;
  title: LocalizedText;
  /** 1, 2, …: the newest version of a kind is the current one. */
  version: Scalars['Int']['output'];
};

export type QuestionnaireAnswer = {
  __typename?: 'QuestionnaireAnswer';
  questionId: Scalars['ID']['output'];
  /** Encoded as QuestionType describes. */
  value: Scalars['String']['output'];
};

export type QuestionnaireKind =
  /** The one-year follow-up on a collaboration (Blueprint KPI 5). */
  | 'FOLLOW_UP'
  /** The questionnaire on cluster internationalization in APEC (Blueprint KPI 2). */
  | 'INTERNATIONALIZATION'
  | 'WORKSHOP_FEEDBACK';

/** A cluster's response to one questionnaire: one per cluster per questionnaire (id `<questionnaireId>:<clusterId>`). */
export type QuestionnaireResponse = {
  __typename?: 'QuestionnaireResponse';
  answers: Array<QuestionnaireAnswer>;
  cluster: Cluster;
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  questionnaire: Questionnaire;
  status: QuestionnaireResponseStatus;
  submittedAt?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['String']['output'];
  /** The aggregate's version: +1 per change; pass it back as expectedVersion to avoid lost updates. */
  version: Scalars['Int']['output'];
};

export type QuestionnaireResponseStatus =
  | 'DRAFT'
  /** Final: a submitted response cannot be changed. */
  | 'SUBMITTED';

export type QuestionnaireSection = {
  __typename?: 'QuestionnaireSection';
  id: Scalars['ID']['output'];
  questions: Array<Question>;
  title: LocalizedText;
};

/** Where a cluster stands with the current internationalization questionnaire. */
export type QuestionnaireStatus =
  | 'IN_PROGRESS'
  | 'NOT_STARTED'
  | 'SUBMITTED';

export type SaveResponseDraftInput = {
  /** Merged into the saved answers: questions not listed keep their answers. */
  answers: Array<AnswerInput>;
  clusterId: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  questionnaireId: Scalars['ID']['input'];
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
  Questionnaire: Questionnaire;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Cluster:
    ( { __typename: 'Cluster' }
    & GraphQLRecursivePick<FederationTypes['Cluster'], {"id":true}> );
  Questionnaire:
    ( { __typename: 'Questionnaire' }
    & GraphQLRecursivePick<FederationTypes['Questionnaire'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AnswerInput: AnswerInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Cluster: ResolverTypeWrapper<ClusterRef>;
  LocalizedText: ResolverTypeWrapper<LocalizedText>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Question: ResolverTypeWrapper<QuestionRecord>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  QuestionOption: ResolverTypeWrapper<QuestionOption>;
  QuestionType: QuestionType;
  Questionnaire: ResolverTypeWrapper<QuestionnaireRecord>;
  QuestionnaireAnswer: ResolverTypeWrapper<AnswerRecord>;
  QuestionnaireKind: QuestionnaireKind;
  QuestionnaireResponse: ResolverTypeWrapper<ResponseRecord>;
  QuestionnaireResponseStatus: QuestionnaireResponseStatus;
  QuestionnaireSection: ResolverTypeWrapper<SectionRecord>;
  QuestionnaireStatus: QuestionnaireStatus;
  SaveResponseDraftInput: SaveResponseDraftInput;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AnswerInput: AnswerInput;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Cluster: ClusterRef;
  LocalizedText: LocalizedText;
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  Question: QuestionRecord;
  Boolean: Scalars['Boolean']['output'];
  Float: Scalars['Float']['output'];
  Int: Scalars['Int']['output'];
  QuestionOption: QuestionOption;
  Questionnaire: QuestionnaireRecord;
  QuestionnaireAnswer: AnswerRecord;
  QuestionnaireResponse: ResponseRecord;
  QuestionnaireSection: SectionRecord;
  SaveResponseDraftInput: SaveResponseDraftInput;
};

export type ClusterResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Cluster'] = ResolversParentTypes['Cluster'], FederationReferenceType extends FederationReferenceTypes['Cluster'] = FederationReferenceTypes['Cluster']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Cluster']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  questionnaireStatus?: Resolver<ResolversTypes['QuestionnaireStatus'], ParentType, ContextType>;
};

export type LocalizedTextResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LocalizedText'] = ResolversParentTypes['LocalizedText']> = {
  en?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ru?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  saveResponseDraft?: Resolver<ResolversTypes['QuestionnaireResponse'], ParentType, ContextType, RequireFields<MutationSaveResponseDraftArgs, 'input'>>;
  submitResponse?: Resolver<ResolversTypes['QuestionnaireResponse'], ParentType, ContextType, RequireFields<MutationSubmitResponseArgs, 'clusterId' | 'questionnaireId'>>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  currentQuestionnaire?: Resolver<Maybe<ResolversTypes['Questionnaire']>, ParentType, ContextType, RequireFields<QueryCurrentQuestionnaireArgs, 'kind'>>;
  questionnaire?: Resolver<Maybe<ResolversTypes['Questionnaire']>, ParentType, ContextType, RequireFields<QueryQuestionnaireArgs, 'id'>>;
  questionnaireResponse?: Resolver<Maybe<ResolversTypes['QuestionnaireResponse']>, ParentType, ContextType, RequireFields<QueryQuestionnaireResponseArgs, 'clusterId' | 'questionnaireId'>>;
  questionnaires?: Resolver<Array<ResolversTypes['Questionnaire']>, ParentType, ContextType, Partial<QueryQuestionnairesArgs>>;
};

export type QuestionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Question'] = ResolversParentTypes['Question']> = {
  help?: Resolver<Maybe<ResolversTypes['LocalizedText']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  integer?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  maxLength?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  min?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  options?: Resolver<Array<ResolversTypes['QuestionOption']>, ParentType, ContextType>;
  required?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['QuestionType'], ParentType, ContextType>;
};

export type QuestionOptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QuestionOption'] = ResolversParentTypes['QuestionOption']> = {
  exclusive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QuestionnaireResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Questionnaire'] = ResolversParentTypes['Questionnaire'], FederationReferenceType extends FederationReferenceTypes['Questionnaire'] = FederationReferenceTypes['Questionnaire']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Questionnaire']> | FederationReferenceType, FederationReferenceType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['LocalizedText']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['QuestionnaireKind'], ParentType, ContextType>;
  sections?: Resolver<Array<ResolversTypes['QuestionnaireSection']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QuestionnaireAnswerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QuestionnaireAnswer'] = ResolversParentTypes['QuestionnaireAnswer']> = {
  questionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QuestionnaireResponseResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QuestionnaireResponse'] = ResolversParentTypes['QuestionnaireResponse']> = {
  answers?: Resolver<Array<ResolversTypes['QuestionnaireAnswer']>, ParentType, ContextType>;
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  questionnaire?: Resolver<ResolversTypes['Questionnaire'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['QuestionnaireResponseStatus'], ParentType, ContextType>;
  submittedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QuestionnaireSectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QuestionnaireSection'] = ResolversParentTypes['QuestionnaireSection']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  questions?: Resolver<Array<ResolversTypes['Question']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['LocalizedText'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Cluster?: ClusterResolvers<ContextType>;
  LocalizedText?: LocalizedTextResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Question?: QuestionResolvers<ContextType>;
  QuestionOption?: QuestionOptionResolvers<ContextType>;
  Questionnaire?: QuestionnaireResolvers<ContextType>;
  QuestionnaireAnswer?: QuestionnaireAnswerResolvers<ContextType>;
  QuestionnaireResponse?: QuestionnaireResponseResolvers<ContextType>;
  QuestionnaireSection?: QuestionnaireSectionResolvers<ContextType>;
};

