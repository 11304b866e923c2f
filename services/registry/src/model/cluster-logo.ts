import { type Connection, type Model, Schema } from 'mongoose';

/** A logo weighs at most 512 KB. */
export const LOGO_MAX_BYTES = 512 * 1024;
/** Width and height, in pixels, each within these bounds. */
export const LOGO_MIN_SIDE = 16;
export const LOGO_MAX_SIDE = 4096;
/** Raster types only: SVG can carry script. */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];
/** How many hex digits of the SHA-256 version a logo URL (`?v=`). */
export const LOGO_VERSION_LENGTH = 12;

/** A logo's facts, as the cluster document keeps them (its bytes are in `cluster_logos`). */
export interface ClusterLogoFacts {
  sha256: string;
  contentType: LogoType;
  size: number;
  width: number;
  height: number;
  updatedAt: Date;
}

/**
 * A logo's bytes, one document per cluster and content: the cluster points at `${clusterId}:${sha256}`, so
 * bytes written before their cluster change are never served until that change is written.
 */
export interface ClusterLogoDocument extends ClusterLogoFacts {
  _id: string;
  clusterId: string;
  data: Buffer;
}

const clusterLogoSchema = new Schema<ClusterLogoDocument>(
  {
    _id: { type: String, required: true },
    clusterId: { type: String, required: true },
    sha256: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    data: { type: Buffer, required: true },
  },
  // Only `_id` lookups: no secondary index to keep.
  { collection: 'cluster_logos', versionKey: false, autoIndex: false },
);

export type ClusterLogoModel = Model<ClusterLogoDocument>;

export function clusterLogoModel(conn: Connection): ClusterLogoModel {
  return (
    (conn.models.ClusterLogo as ClusterLogoModel | undefined) ??
    conn.model<ClusterLogoDocument>('ClusterLogo', clusterLogoSchema)
  );
}

export const logoBlobId = (clusterId: string, sha256: string) => `${clusterId}:${sha256}`;

/** The logo's URL on the gateway, versioned by its content so that caches may keep it forever; null without one. */
export function logoUrlOf(
  clusterId: string,
  logo: Pick<ClusterLogoFacts, 'sha256'> | null | undefined,
): string | null {
  if (!logo) return null;
  return `/clusters/${encodeURIComponent(clusterId)}/logo?v=${logo.sha256.slice(0, LOGO_VERSION_LENGTH)}`;
}

/** Lean reads give a BSON Binary (whose `buffer` may run past its content) rather than a Buffer. */
export function bytesOf(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  const binary = data as { value?: () => Uint8Array };
  if (typeof binary.value !== 'function') throw new Error('stored logo data is not binary');
  const content = binary.value();
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}
