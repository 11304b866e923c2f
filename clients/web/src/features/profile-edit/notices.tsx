/** The loading and failure notices the account, profile-edit and coordination pages share. */
export function Loading({ text }: { text: string }) {
  return (
    <p className="notice" role="status">
      {text}
    </p>
  );
}

export function LoadFailed({ headline, error }: { headline: string; error: Error }) {
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__headline">{headline}</p>
      <p className="notice__detail">{error.message}</p>
    </div>
  );
}
