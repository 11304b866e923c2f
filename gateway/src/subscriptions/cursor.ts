import { GraphQLError } from 'graphql';

/** A position in one topic: the next offset to read in every partition. */
export interface TopicCursor {
  topic: string;
  offsets: number[];
}

const PREFIX = 'c1.';

/** Opaque to clients, versioned for us: `c1.` + base64url JSON of the topic and its partitions' next offsets. */
export function encodeCursor(cursor: TopicCursor): string {
  return PREFIX + Buffer.from(JSON.stringify({ t: cursor.topic, o: cursor.offsets })).toString('base64url');
}

function badCursor(reason: string): GraphQLError {
  return new GraphQLError(`after: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
}

/** The cursor a client passed back as `after`; refuses one that is malformed or of another topic. */
export function decodeCursor(value: string, topic: string, partitions: number): TopicCursor {
  if (!value.startsWith(PREFIX)) throw badCursor('not a cursor given by this API');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw badCursor('not a cursor given by this API');
  }
  const { t, o } = (parsed ?? {}) as { t?: unknown; o?: unknown };
  if (t !== topic) throw badCursor('a cursor of another subscription');
  if (!Array.isArray(o) || o.length !== partitions || !o.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw badCursor('not a cursor given by this API');
  }
  return { topic, offsets: o as number[] };
}

export function cursorExpired(): GraphQLError {
  return new GraphQLError(
    'after: the cursor is older than the events this gateway can replay; catch up with a query, then subscribe without a cursor',
    { extensions: { code: 'CURSOR_EXPIRED', field: 'after' } },
  );
}

/** Retryable: the client subscribes again (with its cursor) a little later. */
export function hubUnavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE' } });
}
