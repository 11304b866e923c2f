#!/usr/bin/env node
// The B2B meeting scheduler on a 300-participant workshop with 1,000 accepted meeting requests (3 session windows
// × N slots × T tables), beside a baseline (first fit in request order), in one run: time, requests placed against
// an upper bound no scheduler can beat, conflicts (must be 0), meetings per participant (min–max, how many with
// requests got none, Jain's index) and the mean slot of participants' first meeting. Also with fewer and more
// tables, and a dense case (everyone asks everyone, exactly enough slots and tables). Deterministic instances
// (seeded); pure computation, no database: it runs services/matchmaking/src/domain/b2b-scheduler.ts itself,
// transpiled on the fly, so the figures are always those of the current source. Prints a Markdown table.
//   node bench/b2b-scheduler.mjs [--participants 300] [--requests 1000] [--slots 9] [--tables 40] [--seed 7] [--runs 5]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { root } from '../scripts/stack.mjs';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '300' },
    requests: { type: 'string', default: '1000' },
    slots: { type: 'string', default: '9' },
    tables: { type: 'string', default: '40' },
    seed: { type: 'string', default: '7' },
    runs: { type: 'string', default: '5' },
  },
});

const source = readFileSync(join(root, 'services/matchmaking/src/domain/b2b-scheduler.ts'), 'utf8');
const { outputText } = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const dir = mkdtempSync(join(tmpdir(), 'b2b-bench-'));
writeFileSync(join(dir, 'b2b-scheduler.mjs'), outputText);
const { scheduleB2bMeetings, firstFitSchedule, scheduleConflicts } = await import(pathToFileURL(join(dir, 'b2b-scheduler.mjs')).href);
rmSync(dir, { recursive: true });

/** mulberry32: a small seeded generator, so every run measures the same instances. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;

/**
 * A workshop like the seed's: three half-day sessions of `slotsPerSession` 20-minute slots; a fifth of the
 * participants attend only two of the three sessions; requests go to popular participants more often (weights
 * ∝ 1/rank^0.8), so a few are asked more often than there are slots, as at real matchmaking events.
 */
export function workshopInstance({ participants, requests, slotsPerSession, tables, seed }) {
  const rnd = random(seed);
  const day = Date.UTC(2031, 2, 10, 1, 0);
  const sessionsStart = [day, day + 5 * 60 * MINUTE, day + 24 * 60 * MINUTE];
  const sessions = sessionsStart.map((start) => ({ startsAt: start, endsAt: start + slotsPerSession * 20 * MINUTE }));
  const slots = sessions.flatMap((s) =>
    Array.from({ length: slotsPerSession }, (_, i) => ({ startsAt: s.startsAt + i * 20 * MINUTE, endsAt: s.startsAt + (i + 1) * 20 * MINUTE })),
  );
  const people = Array.from({ length: participants }, (_, i) => {
    if (rnd() >= 0.2) return { id: `p${i}` };
    const skip = Math.floor(rnd() * 3);
    return { id: `p${i}`, availability: sessions.filter((_, k) => k !== skip) };
  });
  const weights = people.map((_, i) => 1 / (i + 1) ** 0.8);
  const total = weights.reduce((x, y) => x + y, 0);
  const pick = () => {
    let x = rnd() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x <= 0) return i;
    }
    return weights.length - 1;
  };
  const pairs = new Set();
  const list = [];
  while (list.length < requests) {
    const from = Math.floor(rnd() * participants);
    const to = pick();
    const key = from < to ? `${from}:${to}` : `${to}:${from}`;
    if (from === to || pairs.has(key)) continue;
    pairs.add(key);
    list.push({ id: `r${list.length}`, between: [`p${from}`, `p${to}`] });
  }
  return { slots, tables, participants: people, requests: list };
}

/**
 * An upper bound on what any scheduler can place: a participant meets at most once per slot they attend, so the
 * placed requests form a b-matching (b = the participant's available slots); its fractional optimum is half the
 * max flow on the bipartite double cover (Dinic), capped by slots × tables.
 */
function upperBound(input) {
  const ids = input.participants.map(p => p.id); const idx = new Map(ids.map((id, i) => [id, i]));
  const covers = (w, s) => !w || w.some(x => x.startsAt <= s.startsAt && s.endsAt <= x.endsAt);
  const b = input.participants.map(p => input.slots.filter(s => covers(p.availability, s)).length);
  const n = ids.length, N = 2 * n + 2, S = 2 * n, T = 2 * n + 1;
  const head = new Int32Array(N).fill(-1); const to = [], cap = [], nxt = [];
  const add = (u, v, c) => { to.push(v); cap.push(c); nxt.push(head[u]); head[u] = to.length - 1; to.push(u); cap.push(0); nxt.push(head[v]); head[v] = to.length - 1; };
  for (let i = 0; i < n; i++) { add(S, i, b[i]); add(n + i, T, b[i]); }
  for (const r of input.requests) {
    const a = idx.get(r.between[0]), c = idx.get(r.between[1]);
    const common = input.slots.some(s => covers(input.participants[a].availability, s) && covers(input.participants[c].availability, s));
    if (!common) continue;
    add(a, n + c, 1); add(c, n + a, 1);
  }
  let flow = 0;
  for (;;) {
    const level = new Int32Array(N).fill(-1); level[S] = 0; const q = [S];
    for (let i = 0; i < q.length; i++) { const u = q[i]; for (let e = head[u]; e >= 0; e = nxt[e]) if (cap[e] > 0 && level[to[e]] < 0) { level[to[e]] = level[u] + 1; q.push(to[e]); } }
    if (level[T] < 0) break;
    const it = Int32Array.from(head);
    const dfs = (u, f) => { if (u === T) return f; for (; it[u] >= 0; it[u] = nxt[it[u]]) { const e = it[u]; if (cap[e] > 0 && level[to[e]] === level[u] + 1) { const d = dfs(to[e], Math.min(f, cap[e])); if (d > 0) { cap[e] -= d; cap[e ^ 1] += d; return d; } } } return 0; };
    let f; while ((f = dfs(S, 1e9)) > 0) flow += f;
  }
  return Math.min(Math.floor(flow / 2), input.slots.length * input.tables);
}

/** Everyone asks everyone: 28 participants, 378 requests, 27 slots of 14 tables, each slot a perfect matching. */
function completeInstance() {
  const n = 28;
  const participants = Array.from({ length: n }, (_, i) => ({ id: `p${i}` }));
  const requests = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) requests.push({ id: `r${i}-${j}`, between: [`p${i}`, `p${j}`] });
  const day = Date.UTC(2031, 2, 10, 1, 0);
  const slots = Array.from({ length: n - 1 }, (_, s) => ({ startsAt: day + s * 20 * MINUTE, endsAt: day + (s + 1) * 20 * MINUTE }));
  return { slots, tables: n / 2, participants, requests };
}

function measure(schedule, input, runs) {
  let result;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = schedule(input);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((x, y) => x - y);
  const conflicts = scheduleConflicts(input, result.placements).length;
  const requested = new Set(input.requests.flatMap((r) => r.between));
  const meetings = new Map([...requested].map((p) => [p, 0]));
  const firstSlot = new Map();
  const byId = new Map(input.requests.map((r) => [r.id, r]));
  for (const pl of result.placements) {
    for (const p of byId.get(pl.requestId).between) {
      meetings.set(p, meetings.get(p) + 1);
      firstSlot.set(p, Math.min(firstSlot.get(p) ?? Number.POSITIVE_INFINITY, pl.slot));
    }
  }
  const counts = [...meetings.values()];
  const firsts = [...firstSlot.values()];
  const sumSq = counts.reduce((s, c) => s + c * c, 0);
  const sum = counts.reduce((s, c) => s + c, 0);
  return {
    ms: times[Math.floor(times.length / 2)],
    placed: result.placements.length,
    share: result.placements.length / input.requests.length,
    conflicts,
    min: Math.min(...counts),
    max: Math.max(...counts),
    withoutMeeting: counts.filter((c) => c === 0).length,
    // Jain's index over meetings per participant who asked or was asked: 1 = perfectly even.
    jain: sum === 0 ? 1 : (sum * sum) / (counts.length * sumSq),
    firstSlotMean: firsts.reduce((s, x) => s + x, 0) / firsts.length,
    unplacedNoCommon: result.unplaced.filter((u) => u.reason === 'no-common-slot').length,
  };
}

const runs = Number(values.runs);
const base = {
  participants: Number(values.participants),
  requests: Number(values.requests),
  slotsPerSession: Number(values.slots),
  tables: Number(values.tables),
  seed: Number(values.seed),
};
const scenarios = [
  { name: `${base.tables} tables`, ...base },
  { name: `${Math.round(base.tables * 0.75)} tables (tight)`, ...base, tables: Math.round(base.tables * 0.75) },
  { name: `${base.tables * 2} tables (roomy)`, ...base, tables: base.tables * 2 },
];

console.log(
  `Workshop: ${base.participants} participants, ${base.requests} accepted requests, 3 sessions × ${base.slotsPerSession} slots of 20 min, seed ${base.seed}; time = median of ${runs} runs (node ${process.version}).\n`,
);
console.log('| scenario | scheduler | time (ms) | placed (upper bound) | share | conflicts | min–max per participant | with requests but no meeting | Jain index | mean first slot |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
scenarios.push({ name: 'everyone asks everyone: 28 participants, 378 requests, 27 slots', complete: true });
for (const sc of scenarios) {
  const input = sc.complete ? completeInstance() : workshopInstance(sc);
  const capacity = input.slots.length * input.tables;
  const bound = upperBound(input);
  for (const [name, fn] of [
    ['b2b-scheduler', scheduleB2bMeetings],
    ['first fit (baseline)', firstFitSchedule],
  ]) {
    const m = measure(fn, input, runs);
    console.log(
      `| ${sc.name}, capacity ${capacity} | ${name} | ${m.ms.toFixed(1)} | ${m.placed} (${bound}) | ${(m.share * 100).toFixed(1)} % | ${m.conflicts} | ${m.min}–${m.max} | ${m.withoutMeeting} | ${m.jain.toFixed(3)} | ${m.firstSlotMean.toFixed(1)} |`,
    );
    if (m.conflicts !== 0) process.exitCode = 1;
  }
}
