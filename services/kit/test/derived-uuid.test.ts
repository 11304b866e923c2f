import { describe, expect, it } from 'vitest';
import { derivedUuid } from '../src/index.js';

describe('derivedUuid', () => {
  it('When the same parts are given again, then the same uuid-shaped id comes back, and other parts give another', () => {
    const a = derivedUuid('match-request', 'r-1');

    expect(derivedUuid('match-request', 'r-1')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedUuid('match-request', 'r-2')).not.toBe(a);
    expect(derivedUuid('match-requestr', '-1')).not.toBe(a);
  });
});
