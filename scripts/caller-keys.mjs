#!/usr/bin/env node
// Creates the gateway's caller-token key pair (ES256) once; later runs reuse it.
// Usage: node scripts/caller-keys.mjs [dir]   (default: .data/keys at the repository root)
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Ensures `caller-private.pem` (PKCS8) and `caller-public.pem` (SPKI) exist in `dir`; returns their paths. */
export async function ensureCallerKeys(dir = join(root, '.data', 'keys')) {
  const privateKeyPath = join(dir, 'caller-private.pem');
  const publicKeyPath = join(dir, 'caller-public.pem');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hasPrivate = existsSync(privateKeyPath);
  const hasPublic = existsSync(publicKeyPath);
  if (hasPrivate && !hasPublic) {
    // The public half can be derived, so a lost public key needs no new pair (running subgraphs keep working).
    const spki = createPublicKey(readFileSync(privateKeyPath, 'utf8')).export({
      type: 'spki',
      format: 'pem',
    });
    writeFileSync(publicKeyPath, String(spki).trimEnd(), { mode: 0o644 });
  } else if (!hasPrivate && hasPublic) {
    throw new Error(`${publicKeyPath} exists without ${privateKeyPath}: delete it to create a new pair`);
  } else if (!hasPrivate) {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(privateKeyPath, await exportPKCS8(privateKey), { mode: 0o600 });
    writeFileSync(publicKeyPath, await exportSPKI(publicKey), { mode: 0o644 });
  }
  return { privateKeyPath, publicKeyPath };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { privateKeyPath, publicKeyPath } = await ensureCallerKeys(
      process.argv[2] ? resolve(process.argv[2]) : undefined,
    );
    console.log(`CALLER_PRIVATE_KEY_FILE=${privateKeyPath}`);
    console.log(`CALLER_PUBLIC_KEY_FILE=${publicKeyPath}`);
  } catch (err) {
    console.error(`caller-keys: ${err.message}`);
    process.exitCode = 1;
  }
}
