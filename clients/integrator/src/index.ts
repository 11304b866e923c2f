export {
  applyChange,
  applyChanges,
  CLUSTER_FIELDS,
  type ClusterChangeEvent,
  emptyMirror,
  knownVersion,
  type MirroredCluster,
  type MirrorState,
  mirrorFromSnapshot,
} from './mirror.js';
export { fetchPublishedClusters, gatewayEndpoints } from './platform.js';
export { type MirrorEvent, type MirrorOptions, type MirrorResult, runMirror } from './run-mirror.js';
export { readMirror, writeMirror } from './store.js';
