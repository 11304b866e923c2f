import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Each test starts with an empty document and no remembered language or session.
afterEach(() => {
  cleanup();
  localStorage.clear();
});
