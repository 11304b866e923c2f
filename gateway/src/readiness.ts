import type { SubgraphEndpoint } from './supergraph.js';

export interface ReadinessReport {
  ready: boolean;
  subgraphs: Record<string, 'up' | 'down'>;
  /** The subscription hub: ready only while it follows Kafka (absent when subscriptions are off). */
  subscriptions?: 'starting' | 'ready' | 'stopped';
}

const PROBE_TIMEOUT_MS = 1500;

async function isUp(endpoint: SubgraphEndpoint): Promise<boolean> {
  try {
    const res = await fetch(new URL('/health', endpoint.url), {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Probes every subgraph's `/health`; one probe round serves all callers for `cacheMs` (load balancers poll often).
 * With `subscriptions`, the gateway is ready only once its subscription hub is (not cached: it flips on a crash).
 */
export function createReadinessCheck(
  endpoints: SubgraphEndpoint[],
  cacheMs = 2000,
  subscriptions?: () => NonNullable<ReadinessReport['subscriptions']>,
): () => Promise<ReadinessReport> {
  let last: { at: number; report: Promise<ReadinessReport> } | undefined;
  const probe = async (): Promise<ReadinessReport> => {
    const states = await Promise.all(
      endpoints.map(async (e) => [e.name, (await isUp(e)) ? 'up' : 'down'] as const),
    );
    return { ready: states.every(([, state]) => state === 'up'), subgraphs: Object.fromEntries(states) };
  };
  return async () => {
    if (!last || Date.now() - last.at >= cacheMs) last = { at: Date.now(), report: probe() };
    const report = await last.report;
    if (!subscriptions) return report;
    const hub = subscriptions();
    return { ...report, ready: report.ready && hub === 'ready', subscriptions: hub };
  };
}
