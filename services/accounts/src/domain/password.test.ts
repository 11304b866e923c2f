import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  PasswordHashFormatError,
  parsePasswordHash,
  verifyPassword,
} from './password.js';

// Cheap parameters keep the unit tests fast; one test uses the defaults.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('When a password is hashed with the defaults, then the hash carries scrypt N=2^17 r=8 p=1 and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');

    expect(stored).toMatch(/^\$scrypt\$N=131072,r=8,p=1\$/);
    expect(parsePasswordHash(stored).params).toEqual(DEFAULT_SCRYPT_PARAMS);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('When the same password is hashed twice, then the salts and hashes differ and neither contains the password', async () => {
    const a = await hashPassword('correct horse battery staple', FAST);
    const b = await hashPassword('correct horse battery staple', FAST);

    expect(a).not.toBe(b);
    expect(parsePasswordHash(a).salt.equals(parsePasswordHash(b).salt)).toBe(false);
    expect(a).not.toContain('correct horse');
    expect(Buffer.from(a.split('$').at(-1) ?? '', 'base64').toString('utf8')).not.toContain('correct horse');
  });

  it('When a wrong password is checked, then verification fails', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);

    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('When a password is typed in another Unicode normal form, then it still verifies', async () => {
    const stored = await hashPassword('pa\u0301ssword-élan-2024', FAST);

    expect(await verifyPassword('pássword-e\u0301lan-2024', stored)).toBe(true);
  });

  it('When a stored hash was made with other parameters, then it verifies with its own and needs a rehash', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);

    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(needsRehash(stored)).toBe(true);
    expect(needsRehash(await hashPassword('x', DEFAULT_SCRYPT_PARAMS))).toBe(false);
  });

  it('When a stored hash is malformed or asks for unbounded work, then verification refuses it', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);

    await expect(verifyPassword('x', 'plain-text-password')).rejects.toBeInstanceOf(PasswordHashFormatError);
    await expect(verifyPassword('x', stored.replace('N=1024', 'N=1000'))).rejects.toThrow(/out of bounds/);
    await expect(verifyPassword('x', stored.replace('N=1024', `N=${2 ** 24}`))).rejects.toThrow(
      /out of bounds/,
    );
    await expect(verifyPassword('x', stored.replace('p=1', 'p=0'))).rejects.toThrow(/out of bounds/);
  });
});
