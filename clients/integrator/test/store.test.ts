import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChange, mirrorFromSnapshot } from '../src/mirror.js';
import { readMirror, writeMirror } from '../src/store.js';

const dir = () => mkdtemp(join(tmpdir(), 'ccp-mirror-'));

describe('the mirror file', () => {
  it('When there is no file yet, then there is no mirror (a first run)', async () => {
    expect(await readMirror(join(await dir(), 'none.json'))).toBeNull();
  });

  it('When a mirror is saved and read back, then clusters, removed versions and the cursor come back, clusters sorted by id', async () => {
    const file = join(await dir(), 'mirror.json');
    const state = mirrorFromSnapshot([
      { id: 'b', version: 1, status: 'PUBLISHED' },
      { id: 'a', version: 2, status: 'PUBLISHED' },
    ]);
    applyChange(state, { cursor: 'c1.x', eventId: 'e', type: 'ARCHIVED', clusterId: 'c', sequence: 7, status: 'ARCHIVED', cluster: null });
    await writeMirror(file, state);
    expect(await readMirror(file)).toEqual(state);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.clusters.map((c: { id: string }) => c.id)).toEqual(['a', 'b']);
    expect(saved.cursor).toBe('c1.x');
  });

  it('When the mirror is rewritten while someone reads it, then every read sees a whole mirror and no temporary file is left', async () => {
    const folder = await dir();
    const file = join(folder, 'mirror.json');
    const many = (n: number) =>
      mirrorFromSnapshot(Array.from({ length: 2000 }, (_, i) => ({ id: `c${i}`, version: n, status: 'PUBLISHED', name: 'x'.repeat(50) })));
    await writeMirror(file, many(0));
    let writing = true;
    const writes = (async () => {
      for (let n = 1; n <= 15; n++) await writeMirror(file, many(n));
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const state = await readMirror(file);
      expect(Object.keys(state?.clusters ?? {})).toHaveLength(2000);
      reads += 1;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
    expect(await readdir(folder)).toEqual(['mirror.json']);
    expect((await readMirror(file))?.clusters.c0?.version).toBe(15);
  });

  it('When --out names a file that is not a mirror, then it is refused rather than overwritten', async () => {
    const file = join(await dir(), 'notes.json');
    await writeFile(file, '{"hello": "world"}');
    await expect(readMirror(file)).rejects.toThrow(/not a ccp-mirror file/);
  });
});
