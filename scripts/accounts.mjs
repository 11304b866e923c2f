// Accounts for local runs and tests: the first secretariat account (made with accounts' own CLI, as an
// operator would) and sign-in through the gateway's /auth/login.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root } from './stack.mjs';

/**
 * Creates (idempotently) a secretariat account in `<databasePrefix>_accounts`; the password is generated
 * once into `passwordFile` (mode 600) and reused.
 */
export function ensureSecretariat({
  databasePrefix = 'ccp',
  email = 'secretariat@demo.apec-ccp.org',
  name = 'APEC Secretariat (demo)',
  passwordFile = join(root, '.data', 'keys', 'demo-secretariat-password'),
  env = {},
} = {}) {
  mkdirSync(dirname(passwordFile), { recursive: true });
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const r = spawnSync(
    process.execPath,
    [join(root, 'services', 'accounts', 'dist', 'cli', 'create-secretariat.js'), '--email', email, '--name', name, '--password-file', passwordFile, '--organization', 'APEC'],
    { env: { ...process.env, LOG_LEVEL: 'warn', MONGODB_DATABASE: `${databasePrefix}_accounts`, ...env }, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`create-secretariat failed (${r.status}): ${r.stderr}`);
  return { email, password: readFileSync(passwordFile, 'utf8').trim() };
}

/** Signs in through the gateway; returns the access token (the refresh token stays in the cookie jar). */
export async function signIn(gatewayGraphqlUrl, { email, password }) {
  const origin = new URL(gatewayGraphqlUrl).origin;
  const res = await fetch(`${origin}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  return { accessToken: body.accessToken, cookie: res.headers.get('set-cookie'), user: body.user };
}
