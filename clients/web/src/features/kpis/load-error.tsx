/** A query that failed: what failed, the gateway's message and a retry (used by the economy and KPI pages). */
export function LoadError({
  headline,
  error,
  retry,
  onRetry,
}: {
  headline: string;
  error: Error;
  retry: string;
  onRetry: () => Promise<unknown>;
}) {
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__headline">{headline}</p>
      <p className="notice__detail">{error.message}</p>
      <button type="button" onClick={() => void onRetry().catch(() => undefined)}>
        {retry}
      </button>
    </div>
  );
}
