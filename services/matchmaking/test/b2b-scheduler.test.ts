import { describe, expect, it } from 'vitest';
import {
  firstFitSchedule,
  type Placement,
  type SchedulerInput,
  type SchedulerRequest,
  type SchedulerResult,
  scheduleB2bMeetings,
  scheduleConflicts,
} from '../src/domain/b2b-scheduler.js';

/** mulberry32: fixed seeds make every "random" instance the same on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SLOT = 20 * 60_000;
const slotsOf = (n: number) => Array.from({ length: n }, (_, s) => ({ startsAt: s * SLOT, endsAt: (s + 1) * SLOT }));

/**
 * A random workshop: 8–80 participants, some available only in a window, requests skewed towards popular
 * participants (some asked more often than there are slots), 3–24 slots, 1–25 tables.
 */
function randomInstance(seed: number): SchedulerInput {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const n = int(8, 80);
  const slotCount = int(3, 24);
  const slots = slotsOf(slotCount);
  const participants = Array.from({ length: n }, (_, i) => {
    if (rnd() > 0.3) return { id: `p${i}` };
    const from = int(0, slotCount - 1);
    const to = int(from + 1, slotCount);
    return { id: `p${i}`, availability: [{ startsAt: from * SLOT, endsAt: to * SLOT }] };
  });
  const wanted = int(n, Math.min((n * (n - 1)) / 2, n * 6));
  const pairs = new Set<string>();
  const requests: SchedulerRequest[] = [];
  for (let tries = 0; requests.length < wanted && tries < wanted * 20; tries++) {
    const a = int(0, n - 1);
    const b = Math.floor(rnd() ** 2 * n);
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (a === b || pairs.has(key)) continue;
    pairs.add(key);
    requests.push({ id: `r${requests.length}`, between: [`p${a}`, `p${b}`] });
  }
  return { slots, tables: int(1, 25), participants, requests };
}

const SEEDS = Array.from({ length: 60 }, (_, i) => 1000 + i);

/** Meetings per participant in a result. */
function countsOf(input: SchedulerInput, result: SchedulerResult): Map<string, number> {
  const counts = new Map(input.participants.map((p) => [p.id, 0]));
  const byId = new Map(input.requests.map((r) => [r.id, r]));
  for (const pl of result.placements) {
    for (const side of byId.get(pl.requestId)?.between ?? []) counts.set(side, (counts.get(side) ?? 0) + 1);
  }
  return counts;
}

interface Occupancy {
  busy: Set<string>;
  tablesUsed: Map<number, number>;
  meetingAt: Map<string, string>;
}

function occupancy(input: SchedulerInput, placements: Placement[]): Occupancy {
  const byId = new Map(input.requests.map((r) => [r.id, r]));
  const busy = new Set<string>();
  const tablesUsed = new Map<number, number>();
  const meetingAt = new Map<string, string>();
  for (const pl of placements) {
    for (const side of byId.get(pl.requestId)?.between ?? []) {
      busy.add(`${side}@${pl.slot}`);
      meetingAt.set(`${side}@${pl.slot}`, pl.requestId);
    }
    tablesUsed.set(pl.slot, (tablesUsed.get(pl.slot) ?? 0) + 1);
  }
  return { busy, tablesUsed, meetingAt };
}

const availableIn = (input: SchedulerInput, id: string, slot: number) => {
  const p = input.participants.find((x) => x.id === id);
  const s = input.slots[slot];
  return !!s && (!p?.availability || p.availability.some((w) => w.startsAt <= s.startsAt && s.endsAt <= w.endsAt));
};

describe('the B2B scheduler on random workshops (60 fixed seeds)', () => {
  it('When it schedules, then nobody is in two meetings at once, no table is used twice and everyone meets only when available', () => {
    for (const seed of SEEDS) {
      const input = randomInstance(seed);
      const result = scheduleB2bMeetings(input);

      expect(scheduleConflicts(input, result.placements), `seed ${seed}`).toEqual([]);
      expect(result.placements.length + result.unplaced.length, `seed ${seed}`).toBe(input.requests.length);
      expect(new Set(result.placements.map((p) => p.requestId)).size, `seed ${seed}`).toBe(result.placements.length);
    }
  });

  it('When a request stays unplaced, then in every slot both sides share a side is busy or every table is taken', () => {
    for (const seed of SEEDS) {
      const input = randomInstance(seed);
      const result = scheduleB2bMeetings(input);
      const { busy, tablesUsed } = occupancy(input, result.placements);
      const byId = new Map(input.requests.map((r) => [r.id, r]));

      for (const u of result.unplaced) {
        const [a, b] = byId.get(u.requestId)?.between ?? ['', ''];
        input.slots.forEach((_, s) => {
          if (!availableIn(input, a, s) || !availableIn(input, b, s)) return;
          const free = !busy.has(`${a}@${s}`) && !busy.has(`${b}@${s}`) && (tablesUsed.get(s) ?? 0) < input.tables;
          expect(free, `seed ${seed}: ${u.requestId} fits in slot ${s}`).toBe(false);
        });
      }
    }
  });

  it('When someone with requests gets no meeting, then no meeting of two people with two meetings or more could have made room for them', () => {
    for (const seed of SEEDS) {
      const input = randomInstance(seed);
      const result = scheduleB2bMeetings(input);
      const counts = countsOf(input, result);
      const { meetingAt } = occupancy(input, result.placements);
      const byId = new Map(input.requests.map((r) => [r.id, r]));

      for (const u of result.unplaced) {
        const [a, b] = byId.get(u.requestId)?.between ?? ['', ''];
        if (Math.min(counts.get(a) ?? 0, counts.get(b) ?? 0) > 0) continue;
        input.slots.forEach((_, s) => {
          if (!availableIn(input, a, s) || !availableIn(input, b, s)) return;
          const blockers = [...new Set([meetingAt.get(`${a}@${s}`), meetingAt.get(`${b}@${s}`)].filter(Boolean))];
          if (blockers.length !== 1) return;
          const [x, y] = byId.get(blockers[0] as string)?.between ?? ['', ''];
          const bothRich = (counts.get(x) ?? 0) >= 2 && (counts.get(y) ?? 0) >= 2;
          expect(bothRich, `seed ${seed}: ${u.requestId} could replace ${blockers[0]} in slot ${s}`).toBe(false);
        });
      }
    }
  });

  it('When it schedules, then it places at least as many requests as first fit, and leaves no more people without a meeting', () => {
    let ours = 0;
    let baseline = 0;
    for (const seed of SEEDS) {
      const input = randomInstance(seed);
      const result = scheduleB2bMeetings(input);
      const ff = firstFitSchedule(input);
      const withoutMeeting = (r: SchedulerResult) => {
        const counts = countsOf(input, r);
        const asked = new Set(input.requests.flatMap((q) => q.between));
        return [...asked].filter((id) => counts.get(id) === 0).length;
      };

      expect(result.placements.length, `seed ${seed}`).toBeGreaterThanOrEqual(ff.placements.length);
      expect(withoutMeeting(result), `seed ${seed}`).toBeLessThanOrEqual(withoutMeeting(ff));
      ours += result.placements.length;
      baseline += ff.placements.length;
    }
    expect(ours).toBeGreaterThan(baseline);
  });

  it('When the same input is scheduled twice, then the schedules are identical', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const input = randomInstance(seed);

      expect(scheduleB2bMeetings(input)).toEqual(scheduleB2bMeetings(structuredClone(input)));
    }
  });
});

describe('the B2B scheduler on known cases', () => {
  it('When everyone asks everyone and there are exactly enough slots and tables, then every meeting is placed', () => {
    for (const n of [6, 10, 12, 14, 20, 28]) {
      const participants = Array.from({ length: n }, (_, i) => ({ id: `p${i}` }));
      const requests = participants.flatMap((a, i) =>
        participants.slice(i + 1).map((b) => ({ id: `${a.id}-${b.id}`, between: [a.id, b.id] as const })),
      );
      const input = { slots: slotsOf(n - 1), tables: n / 2, participants, requests };

      const result = scheduleB2bMeetings(input);

      expect(result.unplaced, `${n} participants`).toEqual([]);
      expect(scheduleConflicts(input, result.placements)).toEqual([]);
    }
  });

  it('When meetings are kept from an earlier run, then they stay at their slot and table and new ones go around them', () => {
    const input = randomInstance(4242);
    const first = scheduleB2bMeetings(input);
    const keep = first.placements.filter((_, i) => i % 2 === 0);
    const extra = { id: 'late', between: [input.participants[0]?.id ?? '', input.participants[1]?.id ?? ''] as const };
    const again = { ...input, requests: [...input.requests.filter((r) => r.id !== 'late'), extra], keep };

    const second = scheduleB2bMeetings(again);

    expect(second.kept).toBe(keep.length);
    for (const k of keep) expect(second.placements).toContainEqual(k);
    expect(scheduleConflicts(again, second.placements)).toEqual([]);
  });

  it('When a kept placement no longer fits (its table is gone), then it is placed again like any other', () => {
    const participants = [{ id: 'a' }, { id: 'b' }];
    const input = {
      slots: slotsOf(2),
      tables: 1,
      participants,
      requests: [{ id: 'r', between: ['a', 'b'] as const }],
      keep: [{ requestId: 'r', slot: 1, table: 3 }],
    };

    const result = scheduleB2bMeetings(input);

    expect(result.kept).toBe(0);
    expect(result.placements).toEqual([{ requestId: 'r', slot: 0, table: 1 }]);
  });

  it('When two participants share no available slot, or a side is unknown, then the request is unplaced with that reason', () => {
    const input = {
      slots: slotsOf(4),
      tables: 2,
      participants: [
        { id: 'morning', availability: [{ startsAt: 0, endsAt: 2 * SLOT }] },
        { id: 'afternoon', availability: [{ startsAt: 2 * SLOT, endsAt: 4 * SLOT }] },
      ],
      requests: [
        { id: 'never', between: ['morning', 'afternoon'] as const },
        { id: 'ghost', between: ['morning', 'nobody'] as const },
      ],
    };

    const result = scheduleB2bMeetings(input);

    expect(result.placements).toEqual([]);
    expect(result.unplaced).toEqual([
      { requestId: 'never', reason: 'no-common-slot' },
      { requestId: 'ghost', reason: 'invalid' },
    ]);
  });

  it('When one participant is asked by more people than there are slots, then they meet in every slot and each of the others still meets someone', () => {
    const star = { id: 'star' };
    const others = Array.from({ length: 8 }, (_, i) => ({ id: `o${i}` }));
    const requests = [
      ...others.map((o) => ({ id: `star-${o.id}`, between: ['star', o.id] as const })),
      ...others.map((o, i) => ({ id: `${o.id}-next`, between: [o.id, others[(i + 1) % others.length]?.id ?? ''] as const })),
    ];
    const input = { slots: slotsOf(4), tables: 4, participants: [star, ...others], requests };

    const result = scheduleB2bMeetings(input);
    const counts = countsOf(input, result);

    expect(counts.get('star')).toBe(4);
    for (const o of others) expect(counts.get(o.id), o.id).toBeGreaterThanOrEqual(1);
    expect(scheduleConflicts(input, result.placements)).toEqual([]);
  });

  it('When the checker is given a double booking, a shared table or an unavailable side, then it names each', () => {
    const input = {
      slots: slotsOf(2),
      tables: 2,
      participants: [{ id: 'a' }, { id: 'b' }, { id: 'c', availability: [{ startsAt: SLOT, endsAt: 2 * SLOT }] }],
      requests: [
        { id: 'ab', between: ['a', 'b'] as const },
        { id: 'ac', between: ['a', 'c'] as const },
        { id: 'bc', between: ['b', 'c'] as const },
      ],
    };

    const problems = scheduleConflicts(input, [
      { requestId: 'ab', slot: 0, table: 1 },
      { requestId: 'ac', slot: 0, table: 1 },
      { requestId: 'bc', slot: 1, table: 3 },
    ]);

    expect(problems).toEqual([
      'ac: table 1 of slot 0 is taken twice',
      'ac: a has two meetings in slot 0',
      'ac: c is not available in slot 0',
      'bc: table 3 does not exist',
    ]);
  });

  it('When a 300-participant workshop has 1,000 requests, then the schedule has no conflict, places more than first fit and comes within a second', () => {
    const rnd = random(7);
    const participants = Array.from({ length: 300 }, (_, i) => ({ id: `p${i}` }));
    const weights = participants.map((_, i) => 1 / (i + 1) ** 0.8);
    const total = weights.reduce((x, y) => x + y, 0);
    const pick = () => {
      let x = rnd() * total;
      for (let i = 0; i < weights.length; i++) {
        x -= weights[i] as number;
        if (x <= 0) return i;
      }
      return weights.length - 1;
    };
    const pairs = new Set<string>();
    const requests: SchedulerRequest[] = [];
    while (requests.length < 1000) {
      const a = Math.floor(rnd() * 300);
      const b = pick();
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      if (a === b || pairs.has(key)) continue;
      pairs.add(key);
      requests.push({ id: `r${requests.length}`, between: [`p${a}`, `p${b}`] });
    }
    const input = { slots: slotsOf(27), tables: 40, participants, requests };

    const started = performance.now();
    const result = scheduleB2bMeetings(input);
    const elapsed = performance.now() - started;

    expect(scheduleConflicts(input, result.placements)).toEqual([]);
    expect(result.placements.length).toBeGreaterThan(firstFitSchedule(input).placements.length);
    expect(elapsed).toBeLessThan(1000);
  });
});
