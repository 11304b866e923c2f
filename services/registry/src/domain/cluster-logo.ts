import { createHash } from 'node:crypto';
import { actorOf, type Caller, clusterPrivilege, notFoundError } from '@ccp/kit';
import { clusterUpdated } from '../events/cluster-events.js';
import { type ClusterDocument, type ClusterRecord, toClusterRecord } from '../model/cluster.js';
import {
  bytesOf,
  type ClusterLogoDocument,
  type ClusterLogoFacts,
  type ClusterLogoModel,
  logoBlobId,
} from '../model/cluster-logo.js';
import { type ClusterChange, clusterForChange, clusterRef, writeClusterChange } from './change-cluster.js';
import type { RegistryDeps } from './deps.js';
import { requestedId } from './input.js';
import { readableCluster } from './read-cluster.js';
import { inspectLogo, logoContentType } from './logo-image.js';

export interface LogoDeps extends RegistryDeps {
  logos: ClusterLogoModel;
}

/** An upload as it arrives: the declared Content-Type, and its body, read only once the caller may change the logo. */
export interface LogoUpload {
  contentType: string | undefined;
  bytes(): Promise<Buffer>;
}

/** Same rule as editing the profile: its managers, its economy's coordinator, the secretariat; not when archived. */
const logoChange = (id: string, action: string): ClusterChange => ({
  id,
  action,
  privilegeOf: (c, cluster) => clusterPrivilege(c, clusterRef(cluster)),
  from: ['draft', 'submitted', 'returned', 'published'],
});

/**
 * Sets a cluster's logo (PNG, JPEG or WebP, at most 512 KB, 16–4096 px a side). The bytes are written first
 * under their own hash and only then does the cluster point at them (version + 1, history line, updated event
 * naming `logo`), so a crash in between leaves an unused blob, never a broken logo; the previous blob is
 * deleted afterwards. The same bytes again change nothing.
 */
export async function setClusterLogo(
  deps: LogoDeps,
  caller: Caller,
  id: string,
  upload: LogoUpload,
): Promise<ClusterRecord> {
  const { current, privilege } = await clusterForChange(
    deps,
    caller,
    logoChange(id, "change this cluster's logo"),
  );
  const contentType = logoContentType(upload.contentType);
  const bytes = await upload.bytes();
  const { width, height } = inspectLogo(contentType, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (current.logo?.sha256 === sha256) return toClusterRecord(current);

  const logo: ClusterLogoFacts = {
    sha256,
    contentType,
    size: bytes.length,
    width,
    height,
    updatedAt: new Date(),
  };
  const blob: Omit<ClusterLogoDocument, '_id'> = { clusterId: current._id, ...logo, data: bytes };
  await deps.logos.replaceOne({ _id: logoBlobId(current._id, sha256) }, blob, { upsert: true });
  const next: ClusterDocument = { ...current, logo, version: current.version + 1 };
  try {
    await writeClusterChange(
      deps,
      current,
      next,
      { logo },
      clusterUpdated(next, actorOf(caller, privilege), ['logo']),
    );
  } catch (err) {
    await dropUnlessCurrent(deps, current._id, sha256);
    throw err;
  }
  if (current.logo) await dropBlob(deps, current._id, current.logo.sha256);
  return toClusterRecord(next);
}

/** Removes a cluster's logo (same rule as setting it); without one, nothing changes. */
export async function removeClusterLogo(deps: LogoDeps, caller: Caller, id: string): Promise<ClusterRecord> {
  const { current, privilege } = await clusterForChange(
    deps,
    caller,
    logoChange(id, "remove this cluster's logo"),
  );
  if (!current.logo) return toClusterRecord(current);
  const next: ClusterDocument = { ...current, logo: null, version: current.version + 1 };
  await writeClusterChange(
    deps,
    current,
    next,
    { logo: null },
    clusterUpdated(next, actorOf(caller, privilege), ['logo']),
  );
  await dropBlob(deps, current._id, current.logo.sha256);
  return toClusterRecord(next);
}

/**
 * The current logo's facts and whether it is public. A profile that is not published is read only by those
 * who may act on it (as `Query.cluster` does), so to anyone else its logo does not exist either: NOT_FOUND,
 * like a cluster that does not exist or has no logo.
 */
export async function currentLogo(
  deps: LogoDeps,
  caller: Caller,
  id: unknown,
): Promise<{ logo: ClusterLogoFacts; published: boolean }> {
  const clusterId = requestedId(id, 'id');
  // The in-memory read model: a logo request (or its 304) costs no database round trip for the cluster.
  const [stored] = await deps.readModel.byIds([clusterId]);
  const cluster = readableCluster(caller, stored ?? null);
  if (!cluster) throw notFoundError('Cluster', clusterId);
  if (!cluster.logo) throw notFoundError('Logo of cluster', clusterId);
  return { logo: cluster.logo, published: cluster.status === 'published' };
}

/** The bytes of a logo `currentLogo` returned. */
export async function logoBytes(deps: LogoDeps, clusterId: string, logo: ClusterLogoFacts): Promise<Buffer> {
  const blob = await deps.logos
    .findById(logoBlobId(clusterId, logo.sha256), { data: 1 })
    .lean<Pick<ClusterLogoDocument, 'data'>>();
  // Replaced between the two reads: the caller asks again and gets the new one.
  if (!blob) throw notFoundError('Logo of cluster', clusterId);
  return bytesOf(blob.data);
}

/** Old bytes go once nothing points at them; a failure only leaves an unused blob. */
async function dropBlob(deps: LogoDeps, clusterId: string, sha256: string): Promise<void> {
  await deps.logos.deleteOne({ _id: logoBlobId(clusterId, sha256) }).catch(() => {});
}

/** After a failed cluster write: drops the new bytes unless a concurrent upload of the same bytes won. */
async function dropUnlessCurrent(deps: LogoDeps, clusterId: string, sha256: string): Promise<void> {
  const now = await deps.clusters.findById(clusterId, { logo: 1 }).lean<Pick<ClusterDocument, 'logo'>>();
  if (now?.logo?.sha256 !== sha256) await dropBlob(deps, clusterId, sha256);
}
