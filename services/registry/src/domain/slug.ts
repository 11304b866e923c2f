import type { ClusterDocument, ClusterModel } from '../model/cluster.js';

/** Lower-case ascii words joined by hyphens, accents folded: "Smart Technologies Tomsk" → "smart-technologies-tomsk". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'cluster';
}

/** The base slug if free, else the base with the lowest free suffix -2, -3, … */
export async function freeSlug(clusters: ClusterModel, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await clusters
        .find({ slug: { $regex: `^${base}(-[0-9]+)?$` } }, { slug: 1 })
        .lean<Pick<ClusterDocument, 'slug'>[]>()
    ).map((d) => d.slug),
  );
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/**
 * A unique-index violation on a registration's insert: its id is a fresh UUID, so it is the slug another
 * registration took between our read and our insert (FerretDB's message does not name the index).
 */
export const isDuplicateSlug = (err: unknown) => (err as { code?: number })?.code === 11000;

/**
 * Gives every document stored before slugs existed its slug, then builds the indexes (the unique slug index
 * needs every document to have one). Runs at start; finds nothing to do once done.
 */
export async function prepareClusterIndexes(clusters: ClusterModel): Promise<void> {
  const missing = await clusters
    .find({ $or: [{ slug: { $exists: false } }, { slug: null }] }, { names: 1 })
    .lean<Pick<ClusterDocument, '_id' | 'names'>[]>();
  for (const doc of missing) {
    const slug = await freeSlug(clusters, doc.names?.en ?? doc._id);
    await clusters.updateOne({ _id: doc._id }, { $set: { slug } });
  }
  await clusters.createIndexes();
}
