import { createHash } from 'node:crypto';
import mongoose, { type Collection, type Connection } from 'mongoose';
import type { Logger } from './logger.js';
import { mongoCommands } from './metrics.js';

export interface MongoOptions {
  /** Overrides the pool size; by default 1 on FerretDB, 20 elsewhere. */
  maxPoolSize?: number;
}

async function open(uri: string, dbName: string, maxPoolSize: number): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    maxPoolSize,
    serverSelectionTimeoutMS: 10_000,
    // FerretDB has no multi-document transactions or retryable writes; our writes are single-document.
    retryWrites: false,
    autoIndex: true,
    // Command events let tests and /metrics count database round trips per request.
    monitorCommands: true,
  });
  await conn.asPromise();
  conn.getClient().on('commandStarted', (e) => mongoCommands.inc({ command: e.commandName }));
  return conn;
}

/** True when the server is FerretDB (its buildInfo names itself). */
export async function isFerretDB(conn: Connection): Promise<boolean> {
  const info = (await conn.db?.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: unknown } | undefined;
  return info?.ferretdbVersion !== undefined;
}

/**
 * One connection pool per service database. FerretDB 1.x (SQLite) does not make a filtered update atomic
 * across connections: two `updateOne({_id, version: n})` on two connections can both match. It runs one
 * connection's requests in order, so on FerretDB the pool is one connection (see docs/decisions.md).
 */
export async function connectMongo(
  uri: string,
  dbName: string,
  logger?: Logger,
  options: MongoOptions = {},
): Promise<Connection> {
  if (options.maxPoolSize) {
    const conn = await open(uri, dbName, options.maxPoolSize);
    logger?.info({ dbName, maxPoolSize: options.maxPoolSize }, 'connected to MongoDB');
    return conn;
  }
  const probe = await open(uri, dbName, 1);
  if (await isFerretDB(probe)) {
    logger?.info({ dbName, maxPoolSize: 1 }, 'connected to FerretDB (one connection: atomic guarded updates)');
    return probe;
  }
  await probe.close();
  const conn = await open(uri, dbName, 20);
  logger?.info({ dbName, maxPoolSize: 20 }, 'connected to MongoDB');
  return conn;
}

export async function pingMongo(conn: Connection): Promise<boolean> {
  try {
    await conn.db?.admin().ping();
    return true;
  } catch {
    return false;
  }
}

const DUPLICATE_KEY = 11000;

interface WriteError {
  index: number;
  code?: number;
}

/** A write refused because a unique index (the `_id` among them) already holds the value. */
export const isDuplicateKey = (err: unknown): boolean =>
  (err as { code?: number } | null)?.code === DUPLICATE_KEY;

/**
 * Inserts documents with one unordered `insertMany`: a document whose `_id` (or other unique key) is already
 * stored fails alone. Returns the positions (in `docs`) of those; any other failure is thrown.
 */
export async function insertNew(
  target: { collection: Collection } | Collection,
  docs: readonly object[],
): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  const collection = 'collection' in target ? target.collection : target;
  try {
    await collection.insertMany(docs as never[], { ordered: false });
    return new Set();
  } catch (err) {
    const writeErrors = (err as { writeErrors?: WriteError | WriteError[] }).writeErrors;
    const errors = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : null;
    if (!errors || errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
    return new Set(errors.map((e) => e.index));
  }
}

/**
 * A uuid-shaped id derived from its parts (SHA-256, version 8): the same parts always give the same id, so an
 * insert under it is its own dedupe (a retry or a redelivered event creates nothing new).
 */
export function derivedUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
