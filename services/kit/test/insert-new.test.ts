import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNew, isDuplicateKey } from '../src/index.js';
import { freshDatabase } from '../src/testing/index.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  db = await freshDatabase('kit_insert_new');
});

afterAll(async () => {
  await db?.drop();
});

describe('insertNew', () => {
  it('When some documents are already stored, then the others are inserted and the positions of those are returned', async () => {
    const coll = db.collection('facts');
    await coll.insertMany([
      { _id: 'b' as never, n: 0 },
      { _id: 'd' as never, n: 0 },
    ]);

    const duplicates = await insertNew(coll, [
      { _id: 'a', n: 1 },
      { _id: 'b', n: 1 },
      { _id: 'c', n: 1 },
      { _id: 'd', n: 1 },
    ]);

    expect([...duplicates].sort()).toEqual([1, 3]);
    const stored = await coll.find({}).sort({ _id: 1 }).toArray();
    expect(stored.map((d) => [d._id, d.n])).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', 1],
      ['d', 0],
    ]);
  });

  it('When every document is new, or there are none, then nothing is reported', async () => {
    const coll = db.collection('fresh');
    expect((await insertNew(coll, [{ _id: 'x' }, { _id: 'y' }])).size).toBe(0);
    expect((await insertNew(coll, [])).size).toBe(0);
    expect(await coll.countDocuments()).toBe(2);
  });

  it('When a batch repeats an id, then the repetition is reported like a stored one', async () => {
    const coll = db.collection('repeats');
    expect([...(await insertNew(coll, [{ _id: 'x' }, { _id: 'x' }]))]).toEqual([1]);
  });

  it('When the write fails for another reason, then it throws', async () => {
    await expect(
      insertNew(db.collection('bad'), [{ _id: 'ok' }, { _id: 'bad', $where: 1 }]),
    ).rejects.toBeTruthy();
  });

  it('When a unique key is violated, then isDuplicateKey says so; other errors and non-errors it does not', async () => {
    const coll = db.collection('dup');
    await coll.insertOne({ _id: 'z' as never });
    const err = await coll.insertOne({ _id: 'z' as never }).catch((e: unknown) => e);

    expect(isDuplicateKey(err)).toBe(true);
    expect(isDuplicateKey(new Error('other'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});
