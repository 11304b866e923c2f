import { referenceSpecializations, type SpecializationReference } from '@ccp/kit';
import { suppliesByIsic } from './value-chain.js';

/** How two specialization codes relate, strongest first; see docs/matching.md. */
export type Kinship = 'same' | 'parent' | 'sibling' | 'isic' | null;

const KINDS: readonly Kinship[] = [null, 'same', 'parent', 'sibling', 'isic'];

export const KINSHIP_SIMILARITY: Record<Exclude<Kinship, null>, number> = {
  same: 1,
  parent: 0.7,
  sibling: 0.5,
  isic: 0.3,
};

/** One ISIC code is the other's prefix: C20 (chemicals) and C2011 (basic chemicals) are one class. */
const isicOverlap = (a: readonly string[], b: readonly string[]) =>
  a.some((x) => b.some((y) => x.startsWith(y) || y.startsWith(x)));

/**
 * The specialization taxonomy as the scorer needs it: codes interned as small integers, and every pair's
 * kinship and supplier relation precomputed, so scoring a pair is a few array reads. Codes outside the
 * taxonomy (older data, tests) get integers of their own and relate only to themselves.
 */
export class Taxonomy {
  private readonly ids = new Map<string, number>();
  private readonly codes: string[] = [];
  private readonly kin: Uint8Array;
  private readonly sim: Float64Array;
  private readonly supply: Uint8Array;
  private readonly link: Uint8Array;
  private readonly size: number;
  private readonly entries: SpecializationReference[];

  constructor(entries: SpecializationReference[]) {
    this.entries = entries;
    this.size = entries.length;
    for (const e of entries) this.intern(e.code);
    const n = this.size;
    this.kin = new Uint8Array(n * n);
    this.sim = new Float64Array(n * n);
    this.supply = new Uint8Array(n * n);
    this.link = new Uint8Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const a = entries[i]!;
        const b = entries[j]!;
        const kind = this.kinshipOf(a, b);
        this.kin[i * n + j] = KINDS.indexOf(kind);
        this.sim[i * n + j] = kind ? KINSHIP_SIMILARITY[kind] : 0;
        // A supplier link inside one family (a code, its parent, its siblings) is similarity, not complement.
        const family = kind === 'same' || kind === 'parent' || kind === 'sibling';
        this.supply[i * n + j] = !family && suppliesByIsic(a.isic, b.isic) ? 1 : 0;
      }
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) this.link[i * n + j] = this.supply[i * n + j]! | this.supply[j * n + i]!;
  }

  private kinshipOf(a: SpecializationReference, b: SpecializationReference): Kinship {
    if (a.code === b.code) return 'same';
    if (a.parent === b.code || b.parent === a.code) return 'parent';
    if (a.parent && a.parent === b.parent) return 'sibling';
    if (isicOverlap(a.isic, b.isic)) return 'isic';
    return null;
  }

  /** The code's integer; a code outside the taxonomy gets a new one. */
  intern(code: string): number {
    let id = this.ids.get(code);
    if (id === undefined) {
      id = this.codes.length;
      this.ids.set(code, id);
      this.codes.push(code);
    }
    return id;
  }

  codeOf(id: number): string {
    return this.codes[id] ?? '';
  }

  /** The English label of a code, or the code itself outside the taxonomy. */
  label(id: number): string {
    return id < this.size ? this.entries[id]!.name.en : this.codeOf(id);
  }

  kinship(a: number, b: number): Kinship {
    if (a === b) return 'same';
    if (a >= this.size || b >= this.size) return null;
    return KINDS[this.kin[a * this.size + b]!] ?? null;
  }

  similarity(a: number, b: number): number {
    if (a === b) return 1;
    if (a >= this.size || b >= this.size) return 0;
    return this.sim[a * this.size + b]!;
  }

  /** `a`'s industry supplies `b`'s (value-chain table on their ISIC codes), outside one family. */
  supplies(a: number, b: number): boolean {
    if (a >= this.size || b >= this.size) return false;
    return this.supply[a * this.size + b] === 1;
  }

  /** One supplies the other, either way. */
  linked(a: number, b: number): boolean {
    if (a >= this.size || b >= this.size) return false;
    return this.link[a * this.size + b] === 1;
  }

  /** Same code, or one is the other's parent: what an offer's sector must be to meet another's. */
  related(a: number, b: number): boolean {
    const kind = this.kinship(a, b);
    return kind === 'same' || kind === 'parent';
  }
}

let shared: Taxonomy | undefined;

/** The platform's taxonomy, read once from the reference data. */
export function taxonomy(): Taxonomy {
  shared ??= new Taxonomy(referenceSpecializations());
  return shared;
}
