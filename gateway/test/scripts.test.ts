import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCallerSigner, createCallerVerifier, readSchemaFile } from '@ccp/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../src/config.js';

const compose = fileURLToPath(new URL('../../scripts/compose.mjs', import.meta.url));
const callerKeys = fileURLToPath(new URL('../../scripts/caller-keys.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ccp-scripts-'));

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: res.status, out: res.stdout + res.stderr };
}

/** A schemas folder holding only the real registry SDL. */
function schemasWithRegistry(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'registry.graphql'), readSchemaFile('registry.graphql'));
  return dir;
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('scripts/compose.mjs', () => {
  it('When a subgraph SDL is missing, then composition fails naming it unless --allow-missing is given', () => {
    const dir = schemasWithRegistry('missing');

    const strict = run(compose, [], { SCHEMAS_DIR: dir });

    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/missing subgraph SDL: .*economies\.graphql.*accounts\.graphql/);
    expect(run(compose, ['--allow-missing'], { SCHEMAS_DIR: dir }).code).toBe(0);
  });

  it('When composed twice, then the supergraph is byte-identical and --check passes', () => {
    const dir = schemasWithRegistry('stable');

    expect(run(compose, ['--allow-missing'], { SCHEMAS_DIR: dir }).code).toBe(0);
    const first = readFileSync(join(dir, 'supergraph.graphql'), 'utf8');
    expect(run(compose, ['--allow-missing'], { SCHEMAS_DIR: dir }).code).toBe(0);

    expect(readFileSync(join(dir, 'supergraph.graphql'), 'utf8')).toBe(first);
    expect(first).toContain('@join__graph(name: "registry", url: "http://127.0.0.1:4001/graphql")');
    expect(run(compose, ['--check', '--allow-missing'], { SCHEMAS_DIR: dir }).code).toBe(0);
  });

  it('When a subgraph SDL changes after composing, then --check fails and says to run compose', () => {
    const dir = schemasWithRegistry('drift');
    run(compose, ['--allow-missing'], { SCHEMAS_DIR: dir });
    appendFileSync(join(dir, 'registry.graphql'), '\nextend type Query { clusterCount: Int! }\n');

    const check = run(compose, ['--check', '--allow-missing'], { SCHEMAS_DIR: dir });

    expect(check.code).toBe(1);
    expect(check.out).toContain('supergraph.graphql is out of date: run npm run compose');
  });

  it('When subgraphs conflict, then composition fails with the error code and the file and line at fault', () => {
    const dir = schemasWithRegistry('conflict');
    // PageInfo without @shareable clashes with the registry's shareable one.
    writeFileSync(
      join(dir, 'economies.graphql'),
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n' +
        'type PageInfo { hasNextPage: Boolean! endCursor: String }\ntype Query { economyCount: Int! }\n',
    );

    const res = run(compose, ['--allow-missing'], { SCHEMAS_DIR: dir });

    expect(res.code).toBe(1);
    expect(res.out).toContain('[INVALID_FIELD_SHARING]');
    expect(res.out).toMatch(/economies\.graphql:2:\d+/);
  });
});

describe('scripts/caller-keys.mjs', () => {
  it('When run twice, then the same key pair is kept and the gateway signs tokens its public key verifies', async () => {
    const dir = join(tmp, 'keys');

    const first = run(callerKeys, [dir]);
    const privateKey = readFileSync(join(dir, 'caller-private.pem'), 'utf8');
    const second = run(callerKeys, [dir]);

    expect(first.code).toBe(0);
    expect(second.out).toBe(first.out);
    expect(first.out).toContain(`CALLER_PRIVATE_KEY_FILE=${join(dir, 'caller-private.pem')}`);
    expect(readFileSync(join(dir, 'caller-private.pem'), 'utf8')).toBe(privateKey);
    const config = loadGatewayConfig({ CALLER_PRIVATE_KEY_FILE: join(dir, 'caller-private.pem') });
    const token = await (await createCallerSigner(config.callerPrivateKeyPem)).sign({
      subject: 'anonymous',
      kind: 'anonymous',
      grants: [],
    });
    const verifier = await createCallerVerifier(readFileSync(join(dir, 'caller-public.pem'), 'utf8'));
    await expect(verifier.verify(token)).resolves.toMatchObject({ kind: 'anonymous' });
  });

  it('When only the public key is left, then it refuses rather than create a pair running subgraphs would reject', () => {
    const dir = join(tmp, 'orphan');
    run(callerKeys, [dir]);
    rmSync(join(dir, 'caller-private.pem'));

    const res = run(callerKeys, [dir]);

    expect(res.code).toBe(1);
    expect(res.out).toContain('exists without');
  });
});
