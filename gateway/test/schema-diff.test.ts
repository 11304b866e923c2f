import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without typings
import { apiSchemaOf, compareSchemas, releaseChangelog } from '../../scripts/schema-diff.mjs';

const script = fileURLToPath(new URL('../../scripts/schema-diff.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ccp-schema-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RELEASED = `
type Query {
  cluster(id: ID!): Cluster
  oldSearch(text: String): [Cluster!]! @deprecated(reason: "Use clusters.")
}
type Cluster {
  id: ID!
  name: String!
  legacyCode: String
}
`;

const UNRELEASED_ONLY = '# Changes\n\n## Unreleased\n\n## 0.1.0 — 2026-12-06\n';

describe('schema evolution check', () => {
  it('When a field is added, then the change is safe and nothing is refused', async () => {
    const current = RELEASED.replace('legacyCode: String', 'legacyCode: String\n  website: String');
    const result = await compareSchemas(RELEASED, current, UNRELEASED_ONLY);
    expect(result.refused).toEqual([]);
    expect(result.safe.map((c: { path: string }) => c.path)).toContain('Cluster.website');
  });

  it('When a field is removed without an announcement, then it is refused naming the field', async () => {
    const current = RELEASED.replace('  legacyCode: String\n', '');
    const { refused } = await compareSchemas(RELEASED, current, UNRELEASED_ONLY);
    expect(refused).toHaveLength(1);
    expect(refused[0].path).toBe('Cluster.legacyCode');
    expect(refused[0].reason).toMatch(/not announced/);
  });

  it('When an announced removal was not deprecated in the release, then it is still refused', async () => {
    const current = RELEASED.replace('  legacyCode: String\n', '');
    const changes = '## Unreleased\n\n- breaking: `Cluster.legacyCode` removed\n';
    const { refused } = await compareSchemas(RELEASED, current, changes);
    expect(refused.map((r: { reason: string }) => r.reason)).toEqual([
      'removed without a deprecation in the previous release',
    ]);
  });

  it('When a deprecated field is removed and announced, then the check passes', async () => {
    const current = RELEASED.replace(/ {2}oldSearch[^\n]*\n/, '');
    const changes = '## Unreleased\n\n- removed: `Query.oldSearch` (deprecated in 0.1.0)\n\n## 0.1.0\n';
    const { refused, breaking } = await compareSchemas(RELEASED, current, changes);
    expect(breaking).toHaveLength(1);
    expect(refused).toEqual([]);
  });

  it('When an argument changes type, then it is refused as breaking', async () => {
    const current = RELEASED.replace('cluster(id: ID!)', 'cluster(id: Int!)');
    const { refused } = await compareSchemas(RELEASED, current, UNRELEASED_ONLY);
    expect(refused.map((r: { path: string }) => r.path)).toEqual(['Query.cluster.id']);
  });

  it('When an announcement sits under an older release, then it does not count for the unreleased change', async () => {
    const current = RELEASED.replace(/ {2}oldSearch[^\n]*\n/, '');
    const changes = '## Unreleased\n\n## 0.1.0\n\n- removed: `Query.oldSearch`\n';
    const { refused } = await compareSchemas(RELEASED, current, changes);
    expect(refused).toHaveLength(1);
  });

  it('When the committed supergraph is checked against the last release, then the command passes', () => {
    const res = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(res.stdout).toMatch(/against release \d+\.\d+\.\d+/);
    expect(res.status).toBe(0);
  });

  it('When the command finds an unannounced breaking change, then it exits non-zero naming it', () => {
    const releases = join(tmp, 'releases');
    mkdirSync(join(releases, '0.1.0'), { recursive: true });
    writeFileSync(join(releases, '0.1.0', 'schema.graphql'), RELEASED);
    const current = join(tmp, 'current.graphql');
    writeFileSync(current, RELEASED.replace('  name: String!\n', ''));
    const changes = join(tmp, 'changes.md');
    writeFileSync(changes, UNRELEASED_ONLY);
    const res = spawnSync(
      process.execPath,
      [script, '--releases', releases, '--current', current, '--changes', changes],
      { encoding: 'utf8' },
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/refused: Cluster\.name/);
  });

  it('When a release is cut, then the snapshot is written and Unreleased moves under the version', () => {
    const releases = join(tmp, 'cut');
    const current = join(tmp, 'cut-current.graphql');
    writeFileSync(current, RELEASED);
    const changes = join(tmp, 'cut-changes.md');
    writeFileSync(changes, '# Changes\n\n## Unreleased\n\n- added `Cluster.website`\n');
    const res = spawnSync(
      process.execPath,
      [script, '--release', '0.2.0', '--releases', releases, '--current', current, '--changes', changes],
      { encoding: 'utf8' },
    );
    expect(res.status).toBe(0);
    expect(readFileSync(join(releases, '0.2.0', 'schema.graphql'), 'utf8')).toBe(RELEASED);
    const md = readFileSync(changes, 'utf8');
    expect(md).toMatch(/## Unreleased\n\n## 0\.2\.0 — \d{4}-\d{2}-\d{2}\n\n- added `Cluster.website`/);
    expect(releaseChangelog('## Unreleased\n', '1.0.0', '2027-01-01')).toBe('## Unreleased\n\n## 1.0.0 — 2027-01-01\n');
  });

  it('When the API schema is printed from the supergraph, then federation directives are gone', () => {
    const api = apiSchemaOf(readFileSync(fileURLToPath(new URL('../../schemas/supergraph.graphql', import.meta.url)), 'utf8'));
    expect(api).toMatch(/type Cluster \{/);
    expect(api).not.toMatch(/@join__|@link/);
  });
});
