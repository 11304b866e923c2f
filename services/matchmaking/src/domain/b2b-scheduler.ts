/**
 * The B2B meeting scheduler: places accepted meeting requests into (slot, table) pairs so that nobody is in two
 * meetings at once and no table is used twice in a slot, each side only when available. Pure and deterministic
 * (same input, same output); no I/O, so the domain, the tests and bench/b2b-scheduler.mjs run exactly this code.
 * docs/workshops.md explains the algorithm:
 *
 * 1. Chronological pass: slot by slot, a greedy matching among the requests both sides can still meet in, best
 *    first by (a) last chance (no later common slot left), (b) one side without slack (fewer free slots left than
 *    meetings to place) before two such sides (which would spend two scarce slots on one meeting) before none,
 *    (c) the side with fewer meetings so far, (d) fewer remaining options, (e) request order.
 * 2. Repair: ejection chains (a request takes a slot by moving at most one meeting per step elsewhere, found
 *    breadth-first) and Kempe chains (two slots swap along the path alternating them, as in edge colouring); then a
 *    bounded swap walk from a fixed seed that ends in the best state it saw.
 * 3. Fairness swaps: a request of someone with no meeting yet replaces a meeting whose two sides both have at
 *    least two, and the replaced one is offered the chains again: everyone gets a first meeting before anyone
 *    keeps a second, where the requests allow it.
 * 4. Fill: whatever still fits anywhere takes the earliest such slot, so the result is maximal.
 *
 * Passes 2–4 run twice, after pass 1 and after plain first fit, and the better schedule wins (more meetings,
 * then fewer people without one): never fewer meetings than first fit.
 */

/** A time window in epoch milliseconds, [startsAt, endsAt). */
export interface TimeWindow {
  startsAt: number;
  endsAt: number;
}

export interface SchedulerParticipant {
  id: string;
  /** When the participant can meet; null or absent means in every slot. */
  availability?: readonly TimeWindow[] | null;
}

export interface SchedulerRequest {
  id: string;
  /** The two participants who meet. */
  between: readonly [string, string];
}

/** A meeting in a slot (index into `slots`) at a table (1-based). */
export interface Placement {
  requestId: string;
  slot: number;
  table: number;
}

export interface SchedulerInput {
  /** The meeting slots, chronological and not overlapping. */
  slots: readonly TimeWindow[];
  tables: number;
  participants: readonly SchedulerParticipant[];
  /** In priority order (earlier requests win ties). */
  requests: readonly SchedulerRequest[];
  /** Placements to keep as they are (already announced); one that no longer fits is placed again. */
  keep?: readonly Placement[];
}

export type UnplacedReason =
  /** A side is not among the participants, or both sides are the same. */
  | 'invalid'
  /** The two sides share no available slot. */
  | 'no-common-slot'
  /** Every common slot is taken by other meetings of a side or has no free table. */
  | 'no-room';

export interface SchedulerResult {
  /** Every placed request, kept ones included, ordered by slot and table. */
  placements: Placement[];
  unplaced: { requestId: string; reason: UnplacedReason }[];
  /** How many of `keep` stayed where they were. */
  kept: number;
}

/** How many meetings one ejection-chain search may visit: bounds the time on large, saturated instances. */
const CHAIN_SEARCH_LIMIT = 4000;
const CHAIN_DEPTH = 5;
/** Rounds of ejection and Kempe chains while they still place something. */
const REPAIR_ROUNDS = 6;
/** The swap walk's bounds: steps per unplaced request, in all, and how many recent moves it does not undo. */
const WALK_STEPS_PER_REQUEST = 50;
const WALK_STEPS_MAX = 20_000;
const WALK_TABU = 8;
const WALK_SEED = 0x5eed;

/** mulberry32: a small seeded generator, so the walk's choices are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The mutable state of one run: occupancy by participant × slot and slot × table. */
class Board {
  readonly slotOf: Int32Array;
  readonly tableOf: Int32Array;
  readonly count: Int32Array;
  private readonly busy: Int32Array;
  private readonly seat: Int32Array;
  private readonly used: Int32Array;

  constructor(
    readonly participants: number,
    readonly slots: number,
    readonly tables: number,
    readonly a: Int32Array,
    readonly b: Int32Array,
  ) {
    const requests = a.length;
    this.slotOf = new Int32Array(requests).fill(-1);
    this.tableOf = new Int32Array(requests).fill(-1);
    this.count = new Int32Array(participants);
    this.busy = new Int32Array(participants * slots).fill(-1);
    this.seat = new Int32Array(slots * tables).fill(-1);
    this.used = new Int32Array(slots);
  }

  /** The request participant `p` meets in slot `s`, or -1. */
  meetingOf(p: number, s: number): number {
    return this.busy[p * this.slots + s] as number;
  }

  /** Meetings placed in all: a chain can only end at a free table, so none helps once every table is taken. */
  placedTotal = 0;

  usedIn(s: number): number {
    return this.used[s] as number;
  }

  tableFree(s: number): boolean {
    return (this.used[s] as number) < this.tables;
  }

  meetingsIn(s: number): number[] {
    const found: number[] = [];
    for (let t = 0; t < this.tables; t++) {
      const r = this.seat[s * this.tables + t] as number;
      if (r >= 0) found.push(r);
    }
    return found;
  }

  fits(r: number, s: number): boolean {
    return this.meetingOf(this.a[r] as number, s) < 0 && this.meetingOf(this.b[r] as number, s) < 0 && this.tableFree(s);
  }

  /** Places `r` in slot `s` at `table` (0-based) or the lowest free one; the caller checked `fits`. */
  place(r: number, s: number, table = -1): void {
    let t = table;
    if (t < 0) {
      t = 0;
      while (this.seat[s * this.tables + t] !== -1) t++;
    }
    const a = this.a[r] as number;
    const b = this.b[r] as number;
    this.seat[s * this.tables + t] = r;
    this.busy[a * this.slots + s] = r;
    this.busy[b * this.slots + s] = r;
    this.used[s] = (this.used[s] as number) + 1;
    this.placedTotal++;
    this.count[a] = (this.count[a] as number) + 1;
    this.count[b] = (this.count[b] as number) + 1;
    this.slotOf[r] = s;
    this.tableOf[r] = t;
  }

  remove(r: number): void {
    const s = this.slotOf[r] as number;
    if (s < 0) return;
    const a = this.a[r] as number;
    const b = this.b[r] as number;
    this.seat[s * this.tables + (this.tableOf[r] as number)] = -1;
    this.busy[a * this.slots + s] = -1;
    this.busy[b * this.slots + s] = -1;
    this.used[s] = (this.used[s] as number) - 1;
    this.placedTotal--;
    this.count[a] = (this.count[a] as number) - 1;
    this.count[b] = (this.count[b] as number) - 1;
    this.slotOf[r] = -1;
    this.tableOf[r] = -1;
  }
}

/** Whether a window set covers the slot entirely (null: always available). */
function covers(windows: readonly TimeWindow[] | null | undefined, slot: TimeWindow): boolean {
  if (!windows) return true;
  return windows.some((w) => w.startsAt <= slot.startsAt && slot.endsAt <= w.endsAt);
}

interface Prepared {
  board: Board;
  /** The slots each participant is available in, ascending. */
  availableSlots: number[][];
  /** Participant × slot: 1 when available. */
  available: Uint8Array;
  /** The slots both sides of a request are available in, ascending; empty for invalid ones. */
  common: number[][];
  invalid: Uint8Array;
  fixed: Uint8Array;
  kept: number;
}

function prepare(input: SchedulerInput): Prepared {
  const { slots, participants, requests } = input;
  if (!Number.isInteger(input.tables) || input.tables < 1) throw new RangeError('tables must be a positive integer');
  const index = new Map<string, number>();
  for (const p of participants) if (!index.has(p.id)) index.set(p.id, index.size);
  const available = participants
    .filter((p, i) => index.get(p.id) === i)
    .map((p) => slots.map((slot) => covers(p.availability, slot)));
  const availableSlots = available.map((row) => row.flatMap((ok, s) => (ok ? [s] : [])));
  const availableFlat = new Uint8Array(available.length * slots.length);
  available.forEach((row, i) => {
    row.forEach((ok, s) => {
      if (ok) availableFlat[i * slots.length + s] = 1;
    });
  });
  const a = new Int32Array(requests.length);
  const b = new Int32Array(requests.length);
  const invalid = new Uint8Array(requests.length);
  const common: number[][] = [];
  requests.forEach((req, r) => {
    const pa = index.get(req.between[0]);
    const pb = index.get(req.between[1]);
    if (pa === undefined || pb === undefined || pa === pb) {
      invalid[r] = 1;
      common.push([]);
      return;
    }
    a[r] = pa;
    b[r] = pb;
    const both: number[] = [];
    for (let s = 0; s < slots.length; s++) if (available[pa]?.[s] && available[pb]?.[s]) both.push(s);
    common.push(both);
  });
  const board = new Board(index.size, slots.length, input.tables, a, b);
  const fixed = new Uint8Array(requests.length);
  const requestIndex = new Map(requests.map((req, r) => [req.id, r]));
  let kept = 0;
  for (const k of input.keep ?? []) {
    const r = requestIndex.get(k.requestId);
    const s = k.slot;
    const t = k.table - 1;
    if (r === undefined || invalid[r] || fixed[r] || !Number.isInteger(s) || s < 0 || s >= slots.length) continue;
    if (!Number.isInteger(t) || t < 0 || t >= input.tables || !board.fits(r, s)) continue;
    if (board.meetingsIn(s).some((other) => board.tableOf[other] === t)) continue;
    board.place(r, s, t);
    fixed[r] = 1;
    kept++;
  }
  return { board, availableSlots, available: availableFlat, common, invalid, fixed, kept };
}

/** The request indices still to place, in request order. */
const unplacedOf = (p: Prepared) =>
  p.common.flatMap((slots, r) => (slots.length > 0 && (p.board.slotOf[r] as number) < 0 ? [r] : []));

/** Pass 1: slot by slot, a greedy matching of the most urgent and then the least served requests. */
function chronologicalPass(p: Prepared): void {
  const { board, common } = p;
  const remaining = new Int32Array(board.participants);
  const pending = new Set(unplacedOf(p));
  const bump = (participant: number, by: number) => {
    remaining[participant] = (remaining[participant] as number) + by;
  };
  for (const r of pending) {
    bump(board.a[r] as number, 1);
    bump(board.b[r] as number, 1);
  }
  const freeFrom = new Int32Array(board.participants);
  for (let s = 0; s < board.slots; s++) {
    p.availableSlots.forEach((own, participant) => {
      let free = 0;
      for (const x of own) if (x >= s && board.meetingOf(participant, x) < 0) free++;
      freeFrom[participant] = free;
    });
    const candidates: { r: number; key: number[] }[] = [];
    for (const r of pending) {
      const slotsOfPair = common[r] as number[];
      if (!slotsOfPair.includes(s) || !board.fits(r, s)) continue;
      const a = board.a[r] as number;
      const b = board.b[r] as number;
      let options = 0;
      for (const x of slotsOfPair) if (x >= s && board.fits(r, x)) options++;
      // Slack: the free slots a side has left minus the meetings it still has to place.
      const slackA = (freeFrom[a] as number) - (remaining[a] as number);
      const slackB = (freeFrom[b] as number) - (remaining[b] as number);
      // A side without slack wastes this slot unless it meets now; two such sides spend two scarce slots on one meeting.
      const critical = Number(slackA <= 0) + Number(slackB <= 0);
      const scarcity = critical === 1 ? 0 : critical === 2 ? 1 : 2;
      const ca = board.count[a] as number;
      const cb = board.count[b] as number;
      candidates.push({ r, key: [options === 1 ? 0 : 1, scarcity, Math.min(ca, cb), Math.max(ca, cb), options, r] });
    }
    candidates.sort((x, y) => {
      for (let i = 0; i < x.key.length; i++) {
        const d = (x.key[i] as number) - (y.key[i] as number);
        if (d !== 0) return d;
      }
      return 0;
    });
    for (const { r } of candidates) {
      if (!board.tableFree(s)) break;
      if (!board.fits(r, s)) continue;
      board.place(r, s);
      pending.delete(r);
      bump(board.a[r] as number, -1);
      bump(board.b[r] as number, -1);
    }
  }
}

/**
 * Pass 2: places `start` by an ejection chain — it takes a slot, moving out at most one meeting, which takes
 * another slot the same way — found breadth-first and applied only if the whole chain is valid.
 */
function ejectionChain(p: Prepared, start: number): boolean {
  const { board, common, fixed } = p;
  if (board.placedTotal >= board.slots * board.tables) return false;
  interface Step {
    r: number;
    slot: number;
    evicts: number;
    parent: number;
  }
  const steps: Step[] = [];
  const seen = new Set<number>([start]);
  let frontier: { r: number; parent: number }[] = [{ r: start, parent: -1 }];
  for (let depth = 0; depth < CHAIN_DEPTH && frontier.length > 0 && seen.size < CHAIN_SEARCH_LIMIT; depth++) {
    const next: { r: number; parent: number }[] = [];
    for (const node of frontier) {
      for (const s of common[node.r] as number[]) {
        if (s === board.slotOf[node.r]) continue;
        const a = board.a[node.r] as number;
        const b = board.b[node.r] as number;
        const blockers = new Set([board.meetingOf(a, s), board.meetingOf(b, s)].filter((m) => m >= 0 && m !== node.r));
        if (blockers.size === 0 && board.tableFree(s)) {
          steps.push({ r: node.r, slot: s, evicts: -1, parent: node.parent });
          if (applyChain(p, steps, steps.length - 1)) return true;
          steps.pop();
          continue;
        }
        const victims = blockers.size === 1 ? [...blockers] : blockers.size === 0 ? board.meetingsIn(s) : [];
        for (const v of victims) {
          if (fixed[v] || seen.has(v)) continue;
          seen.add(v);
          steps.push({ r: node.r, slot: s, evicts: v, parent: node.parent });
          next.push({ r: v, parent: steps.length - 1 });
        }
      }
    }
    frontier = next;
  }
  return false;

  /** Applies the chain ending at `last` from its start; undoes everything if a step no longer fits. */
  function applyChain(prep: Prepared, all: Step[], last: number): boolean {
    const chain: Step[] = [];
    for (let i = last; i >= 0; i = (all[i] as Step).parent) chain.unshift(all[i] as Step);
    const before = chain.map((step) => ({ r: step.r, slot: prep.board.slotOf[step.r] as number, table: prep.board.tableOf[step.r] as number }));
    const evicted = chain.filter((step) => step.evicts >= 0).map((step) => step.evicts);
    const evictedBefore = evicted.map((r) => ({ r, slot: prep.board.slotOf[r] as number, table: prep.board.tableOf[r] as number }));
    for (const step of chain) prep.board.remove(step.r);
    for (const r of evicted) prep.board.remove(r);
    let ok = true;
    for (const step of chain) {
      if (!prep.board.fits(step.r, step.slot)) {
        ok = false;
        break;
      }
      prep.board.place(step.r, step.slot);
    }
    if (ok) return true;
    for (const step of chain) prep.board.remove(step.r);
    for (const x of [...before, ...evictedBefore]) if (x.slot >= 0) prep.board.place(x.r, x.slot, x.table);
    return false;
  }
}

function chainPass(p: Prepared, requests: readonly number[]): number {
  let placed = 0;
  for (const r of requests) if ((p.board.slotOf[r] as number) < 0 && ejectionChain(p, r)) placed++;
  return placed;
}

/**
 * Pass 2b, Kempe chains (as in edge colouring): `r` = (u, v) cannot take slot α because v meets someone there.
 * The meetings along the path that alternates α and another slot β, starting at v's α meeting, swap the two
 * slots; v is then free at α (it was free at β). Valid when the path does not reach u, moves no kept meeting,
 * every moved meeting's sides are available in its new slot and neither slot runs out of tables.
 */
function kempeChain(p: Prepared, r: number): boolean {
  const { board, common, fixed, available } = p;
  const S = board.slots;
  const isAvailable = (x: number, s: number) => available[x * S + s] === 1;
  const ra = board.a[r] as number;
  const rb = board.b[r] as number;
  for (const [u, v] of [
    [ra, rb],
    [rb, ra],
  ] as const) {
    for (const alpha of common[r] as number[]) {
      if (board.meetingOf(u, alpha) >= 0 || board.meetingOf(v, alpha) < 0) continue;
      for (let beta = 0; beta < S; beta++) {
        if (beta === alpha || !isAvailable(v, beta) || board.meetingOf(v, beta) >= 0) continue;
        const path: number[] = [];
        let x = v;
        let color = alpha;
        let ok = true;
        for (;;) {
          const m = board.meetingOf(x, color);
          if (m < 0) break;
          const next = color === alpha ? beta : alpha;
          const y = board.a[m] === x ? (board.b[m] as number) : (board.a[m] as number);
          if (fixed[m] || y === u || path.includes(m) || !isAvailable(x, next) || !isAvailable(y, next)) {
            ok = false;
            break;
          }
          path.push(m);
          x = y;
          color = next;
        }
        if (!ok) continue;
        const fromAlpha = path.filter((m) => board.slotOf[m] === alpha).length;
        const fromBeta = path.length - fromAlpha;
        if (board.usedIn(alpha) - fromAlpha + fromBeta + 1 > board.tables) continue;
        if (board.usedIn(beta) - fromBeta + fromAlpha > board.tables) continue;
        const before = path.map((m) => ({ m, slot: board.slotOf[m] as number, table: board.tableOf[m] as number }));
        for (const m of path) board.remove(m);
        let placed = true;
        for (const { m, slot } of before) {
          const target = slot === alpha ? beta : alpha;
          if (!board.fits(m, target)) {
            placed = false;
            break;
          }
          board.place(m, target);
        }
        if (placed && board.fits(r, alpha)) {
          board.place(r, alpha);
          return true;
        }
        for (const { m } of before) board.remove(m);
        for (const { m, slot, table } of before) board.place(m, slot, table);
      }
    }
  }
  return false;
}

function kempePass(p: Prepared, requests: readonly number[]): number {
  let placed = 0;
  for (const r of requests) if ((p.board.slotOf[r] as number) < 0 && kempeChain(p, r)) placed++;
  return placed;
}

/**
 * Pass 2c, a swap walk for what the chains could not place (dense instances, e.g. everyone asking everyone): an
 * unplaced request takes a slot from the meetings blocking it there (one if possible, else two), which become the
 * ones to place, by a chain or by further swaps. Recently moved meetings are not taken again; the walk is bounded
 * and ends in the best state it saw, so it never places fewer. Random choices from a fixed seed: deterministic.
 */
function swapWalk(p: Prepared): number {
  const { board, common, fixed } = p;
  // A side that meets someone in every slot it attends cannot meet more: its requests are left to the chains.
  const saturated = (x: number) => (board.count[x] as number) >= (p.availableSlots[x] as number[]).length;
  const initial = unplacedOf(p).filter((r) => !saturated(board.a[r] as number) && !saturated(board.b[r] as number));
  // With every table taken, swaps can only exchange meetings, never add one.
  if (initial.length === 0 || board.placedTotal >= board.slots * board.tables) return 0;
  const placedNow = () => board.placedTotal;
  const snapshot = () => ({ slot: Int32Array.from(board.slotOf), table: Int32Array.from(board.tableOf) });
  const startCount = placedNow();
  let best = { count: startCount, state: snapshot() };
  let budget = Math.min(WALK_STEPS_MAX, WALK_STEPS_PER_REQUEST * initial.length);
  const recent: number[] = [];
  const random = seededRandom(WALK_SEED);
  const todo = [...initial];
  while (budget-- > 0 && todo.length > 0) {
    const pick = Math.floor(random() * todo.length);
    const r = todo[pick] as number;
    if ((board.slotOf[r] as number) >= 0 || ejectionChain(p, r) || kempeChain(p, r)) {
      todo.splice(pick, 1);
    } else {
      const ra = board.a[r] as number;
      const rb = board.b[r] as number;
      const single: { slot: number; evict: number[] }[] = [];
      const double: { slot: number; evict: number[] }[] = [];
      for (const s of common[r] as number[]) {
        const blockers = [...new Set([board.meetingOf(ra, s), board.meetingOf(rb, s)].filter((m) => m >= 0))];
        if (blockers.some((m) => fixed[m] || recent.includes(m))) continue;
        if (blockers.length === 1) single.push({ slot: s, evict: blockers });
        else if (blockers.length === 2) double.push({ slot: s, evict: blockers });
      }
      const moves = single.length > 0 && random() < 0.9 ? single : double.length > 0 ? double : single;
      if (moves.length === 0) {
        todo.splice(pick, 1);
        continue;
      }
      const move = moves[Math.floor(random() * moves.length)] as { slot: number; evict: number[] };
      const table = board.tableOf[move.evict[0] as number] as number;
      for (const m of move.evict) board.remove(m);
      board.place(r, move.slot, table);
      todo.splice(pick, 1, ...move.evict);
      recent.push(r);
      if (recent.length > WALK_TABU) recent.shift();
    }
    if (placedNow() > best.count) best = { count: placedNow(), state: snapshot() };
  }
  if (placedNow() < best.count) restore(board, best.state);
  return best.count - startCount;
}

/** Puts the board back into a snapshot of its placements. */
function restore(board: Board, state: { slot: Int32Array; table: Int32Array }): void {
  for (let r = 0; r < state.slot.length; r++) board.remove(r);
  for (let r = 0; r < state.slot.length; r++) {
    const slot = state.slot[r] as number;
    if (slot >= 0) board.place(r, slot, state.table[r] as number);
  }
}

/** Pass 3: someone without a meeting gets one in place of a meeting whose two sides keep at least one each. */
function fairnessPass(p: Prepared): void {
  const { board, common, fixed } = p;
  for (let round = 0; round < 4; round++) {
    let swapped = 0;
    for (const r of unplacedOf(p)) {
      const a = board.a[r] as number;
      const b = board.b[r] as number;
      if (Math.min(board.count[a] as number, board.count[b] as number) > 0) continue;
      let best = -1;
      let bestSlot = -1;
      let bestScore = -1;
      for (const s of common[r] as number[]) {
        if (board.fits(r, s)) {
          best = -1;
          bestSlot = s;
          break;
        }
        const blockers = new Set([board.meetingOf(a, s), board.meetingOf(b, s)].filter((m) => m >= 0));
        const victims = blockers.size === 1 ? [...blockers] : blockers.size === 0 ? board.meetingsIn(s) : [];
        for (const v of victims) {
          const va = board.count[board.a[v] as number] as number;
          const vb = board.count[board.b[v] as number] as number;
          if (fixed[v] || Math.min(va, vb) < 2) continue;
          const score = Math.min(va, vb) * 1000 + Math.max(va, vb);
          if (score > bestScore) {
            bestScore = score;
            best = v;
            bestSlot = s;
          }
        }
      }
      if (bestSlot < 0) continue;
      if (best >= 0) {
        const table = board.tableOf[best] as number;
        board.remove(best);
        board.place(r, bestSlot, table);
        chainPass(p, [best]);
      } else {
        board.place(r, bestSlot);
      }
      swapped++;
    }
    if (swapped === 0) return;
  }
}

/** Pass 4: anything that still fits somewhere takes the earliest such slot, in request order (the result is maximal). */
function fillPass(p: Prepared): void {
  for (const r of unplacedOf(p)) {
    for (const s of p.common[r] as number[]) {
      if (p.board.fits(r, s)) {
        p.board.place(r, s);
        break;
      }
    }
  }
}

function resultOf(input: SchedulerInput, p: Prepared): SchedulerResult {
  const placements: Placement[] = [];
  const unplaced: SchedulerResult['unplaced'] = [];
  input.requests.forEach((req, r) => {
    const slot = p.board.slotOf[r] as number;
    if (slot >= 0) placements.push({ requestId: req.id, slot, table: (p.board.tableOf[r] as number) + 1 });
    else if (p.invalid[r]) unplaced.push({ requestId: req.id, reason: 'invalid' });
    else if ((p.common[r] as number[]).length === 0) unplaced.push({ requestId: req.id, reason: 'no-common-slot' });
    else unplaced.push({ requestId: req.id, reason: 'no-room' });
  });
  placements.sort((x, y) => x.slot - y.slot || x.table - y.table);
  return { placements, unplaced, kept: p.kept };
}

/** Passes 2–4 on a board a first pass filled. */
function improve(p: Prepared): void {
  const byNeed = () =>
    unplacedOf(p).sort((x, y) => {
      const cx = Math.min(p.board.count[p.board.a[x] as number] as number, p.board.count[p.board.b[x] as number] as number);
      const cy = Math.min(p.board.count[p.board.a[y] as number] as number, p.board.count[p.board.b[y] as number] as number);
      return cx - cy || x - y;
    });
  const repair = () => {
    for (let round = 0; round < REPAIR_ROUNDS; round++) {
      if (chainPass(p, byNeed()) + kempePass(p, byNeed()) === 0) return;
    }
  };
  repair();
  if (swapWalk(p) > 0) repair();
  fairnessPass(p);
  repair();
  fillPass(p);
}

/** More placed first, then fewer people without a meeting, then the fewest meetings anyone has as high as can be. */
function better(x: Prepared, y: Prepared): boolean {
  const placed = x.board.placedTotal - y.board.placedTotal;
  if (placed !== 0) return placed > 0;
  // Someone without a meeting has all their requests unplaced, so the unplaced requests name them all.
  const withoutMeeting = (p: Prepared) => {
    const asked = new Set<number>();
    for (const r of unplacedOf(p)) asked.add(p.board.a[r] as number).add(p.board.b[r] as number);
    let zero = 0;
    for (const who of asked) if (p.board.count[who] === 0) zero++;
    return zero;
  };
  return withoutMeeting(x) < withoutMeeting(y);
}

/**
 * Schedules the requests (see the module comment); kept placements stay where they are. Passes 2–4 improve two
 * starts, the chronological pass and first fit in request order, and the better result is returned: never fewer
 * meetings than first fit.
 */
export function scheduleB2bMeetings(input: SchedulerInput): SchedulerResult {
  const chronological = prepare(input);
  chronologicalPass(chronological);
  improve(chronological);
  const firstFit = prepare(input);
  fillPass(firstFit);
  improve(firstFit);
  return resultOf(input, better(firstFit, chronological) ? firstFit : chronological);
}

/** The baseline the benchmark compares with: each request in order takes the earliest slot and table that fit. */
export function firstFitSchedule(input: SchedulerInput): SchedulerResult {
  const p = prepare(input);
  fillPass(p);
  return resultOf(input, p);
}

/**
 * What is wrong with a set of placements: a participant in two meetings of one slot, a table used twice, a slot
 * or table out of range, a side unavailable, a request placed twice. Empty when the schedule is sound; the domain
 * checks it before storing a schedule and the benchmark prints its length.
 */
export function scheduleConflicts(input: SchedulerInput, placements: readonly Placement[]): string[] {
  const problems: string[] = [];
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const participants = new Map(input.participants.map((p) => [p.id, p]));
  const kept = new Set((input.keep ?? []).map((k) => `${k.requestId}@${k.slot}#${k.table}`));
  const busy = new Set<string>();
  const tables = new Set<string>();
  const seen = new Set<string>();
  for (const pl of placements) {
    const req = requests.get(pl.requestId);
    const slot = input.slots[pl.slot];
    if (!req) {
      problems.push(`${pl.requestId}: not a request`);
      continue;
    }
    if (seen.has(pl.requestId)) problems.push(`${pl.requestId}: placed twice`);
    seen.add(pl.requestId);
    if (!slot) {
      problems.push(`${pl.requestId}: slot ${pl.slot} does not exist`);
      continue;
    }
    if (!Number.isInteger(pl.table) || pl.table < 1 || pl.table > input.tables) {
      problems.push(`${pl.requestId}: table ${pl.table} does not exist`);
    }
    const table = `${pl.slot}#${pl.table}`;
    if (tables.has(table)) problems.push(`${pl.requestId}: table ${pl.table} of slot ${pl.slot} is taken twice`);
    tables.add(table);
    for (const side of req.between) {
      const key = `${side}@${pl.slot}`;
      if (busy.has(key)) problems.push(`${pl.requestId}: ${side} has two meetings in slot ${pl.slot}`);
      busy.add(key);
      const wasKept = kept.has(`${pl.requestId}@${pl.slot}#${pl.table}`);
      if (!wasKept && !covers(participants.get(side)?.availability, slot)) {
        problems.push(`${pl.requestId}: ${side} is not available in slot ${pl.slot}`);
      }
    }
  }
  return problems;
}
