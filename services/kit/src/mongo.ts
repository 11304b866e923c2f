import mongoose, { type Connection } from 'mongoose';
import type { Logger } from './logger.js';

/** One connection per service database; FerretDB and MongoDB both speak this wire protocol. */
export async function connectMongo(uri: string, dbName: string, logger?: Logger): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 10_000,
    // FerretDB has no multi-document transactions or retryable writes; our writes are single-document.
    retryWrites: false,
    autoIndex: true,
  });
  await conn.asPromise();
  logger?.info({ dbName }, 'connected to MongoDB');
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
