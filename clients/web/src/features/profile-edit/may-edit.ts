/** A grant as `me { grants { role clusterId economyCode } }` gives it. */
export interface EditGrant {
  role: string;
  clusterId?: string | null;
  economyCode?: string | null;
}

/**
 * Whether these grants may edit the cluster's profile: its managers, its economy's coordinators and the
 * secretariat (the registry enforces the same rule; this only decides what the pages offer).
 */
export function mayEdit(
  grants: readonly EditGrant[],
  cluster: { id: string; economyCode: string },
): boolean {
  return grants.some(
    (g) =>
      g.role === 'SECRETARIAT' ||
      (g.role === 'CLUSTER_MANAGER' && g.clusterId === cluster.id) ||
      (g.role === 'ECONOMY_COORDINATOR' && g.economyCode === cluster.economyCode),
  );
}
