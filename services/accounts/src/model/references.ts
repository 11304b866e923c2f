/** A cluster as accounts knows it: a reference the registry resolves. */
export interface ClusterRef {
  __typename: 'Cluster';
  id: string;
}

/** An economy as accounts knows it: a reference the economies subgraph resolves. */
export interface EconomyRef {
  __typename: 'Economy';
  code: string;
}

export const clusterRef = (id: string): ClusterRef => ({ __typename: 'Cluster', id });
export const economyRef = (code: string): EconomyRef => ({ __typename: 'Economy', code });
