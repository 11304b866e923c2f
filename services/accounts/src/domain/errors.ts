export const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;
