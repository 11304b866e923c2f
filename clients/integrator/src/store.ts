import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { emptyMirror, type MirroredCluster, type MirrorState } from './mirror.js';

const FORMAT = 'ccp-mirror/1';

/** The file as written: clusters as a list sorted by id, so two mirrors of the same platform are byte-equal. */
interface MirrorFile {
  format: typeof FORMAT;
  savedAt: string;
  cursor: string | null;
  clusters: MirroredCluster[];
  removed: Record<string, number>;
}

/** The mirror saved in `file`, or null when there is none yet. A file that is not a mirror is an error, never overwritten. */
export async function readMirror(file: string): Promise<MirrorState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const saved = JSON.parse(text) as Partial<MirrorFile>;
  if (saved.format !== FORMAT || !Array.isArray(saved.clusters)) {
    throw new Error(`${file} is not a ccp-mirror file (format ${FORMAT}); move it away or choose another --out`);
  }
  const state = emptyMirror();
  state.cursor = typeof saved.cursor === 'string' ? saved.cursor : null;
  for (const cluster of saved.clusters) state.clusters[cluster.id] = cluster;
  state.removed = { ...(saved.removed ?? {}) };
  return state;
}

const sortedRecord = (record: Record<string, number>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Writes the mirror and its cursor together: a temporary file beside it, fsynced, renamed over the old one,
 * and the directory fsynced. A crash leaves either the old mirror or the new one, never half of one.
 */
export async function writeMirror(file: string, state: MirrorState, now = new Date()): Promise<void> {
  const body: MirrorFile = {
    format: FORMAT,
    savedAt: now.toISOString(),
    cursor: state.cursor,
    clusters: Object.values(state.clusters).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    removed: sortedRecord(state.removed),
  };
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(temp, file);
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
