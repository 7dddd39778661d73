import type { DetectorHit } from '../../../core/units/detector.js';
import { type FlowEvent, KeptEvents, flowEvidence, FT } from '../../../core/network-events.js';
import { defineDetector } from '../../../core/units/detector.js';
import { NO_HITS, FIX_T0, flowEvent, subject, subjectNum } from './network-helpers.js';

export interface VolumeOptions {
  maxKeys?: number;
  /** Hours of history before a resource's baseline is trusted. */
  minHours?: number;
  /** An hour must exceed the baseline mean by this many standard deviations … */
  sigmas?: number;
  /** … and this many times the mean … */
  factor?: number;
  /** … and at least this many bytes. */
  minBytes?: number;
}

interface Baseline {
  /** Its key (`subject`) and subject number (-1: none). */
  key: string;
  sn: number;
  hour: number;
  bytes: number;
  /** Peer (IPv4 as a number, else text) → bytes this hour. */
  peers: PeerBytes;
  /** The smallest bytes among the evidence once it holds 10 records. */
  evMin: number;
  /**
   * The hour's evidence, its largest `evN` records: their bytes at 0..EVIDENCE-1 (finding the smallest
   * reads no event), their places in the `EvidenceRing` after those — one array, one cache miss less.
   * The hour's first SCAN peers follow (`PeerBytes`, from EV_PEERS): most hours have no more.
   */
  ev: Float64Array;
  evN: number;
  n: number;
  mean: number;
  m2: number;
}

const HOUR = 3_600_000;
/** Records kept as evidence per hour: its largest. */
const EVIDENCE = 10;
const MAX_PEERS = 1000;
/** Peers of an hour found by a scan before a hash table is built. */
const SCAN = 8;
/** Where a baseline's `ev` holds its first peers. */
const EV_PEERS = 2 * EVIDENCE;

/**
 * Bytes per peer for one hour, in first-seen order, at most MAX_PEERS. IPv4 peers are numbers up
 * to 2^32: as Map keys they are boxed and hashed as doubles, which was most of this detector's cost
 * per record, so they go in typed arrays (each peer's number and bytes side by side, emptied in place
 * for the next hour); text peers (IPv6) use a Map to the same first-seen slots. An hour of a resource
 * has a few peers: up to SCAN of them are found by a scan, more through an open-addressing table
 * (grown by doubling) — the table was one more array to miss in cache per record.
 */
class PeerBytes {
  size = 0;
  /**
   * Per first-seen slot, from `o`: the peer's number (NaN: a text peer) and its bytes. Up to SCAN
   * peers sit in a block of the array the caller reads anyway (the baseline's evidence), not in
   * arrays of their own: the record reads no other line; an hour with more moves them to its own.
   */
  private kb: Float64Array;
  private o: number;
  /** Slot + 1 by hash (0: empty); built once an hour has more than SCAN peers. */
  private slots: Int32Array | undefined;
  private texts: (string | undefined)[] = [];
  private byText: Map<string, number> | undefined;

  /** `home` has room for SCAN peers from `at`. */
  constructor(home: Float64Array, at: number) {
    this.kb = home;
    this.o = at;
  }

  add(peer: number | string, n: number): void {
    const kb = this.kb;
    const o = this.o;
    if (typeof peer === 'string') {
      const i = this.byText?.get(peer);
      if (i !== undefined) kb[o + 2 * i + 1] = (kb[o + 2 * i + 1] as number) + n;
      else if (this.size < MAX_PEERS) {
        (this.byText ??= new Map()).set(peer, this.size);
        this.push(Number.NaN, peer, n);
      }
      return;
    }
    const slots = this.slots;
    if (!slots) {
      const end = o + 2 * this.size;
      for (let k = o; k < end; k += 2)
        if (kb[k] === peer) {
          kb[k + 1] = (kb[k + 1] as number) + n;
          return;
        }
      if (this.size >= MAX_PEERS) return;
      this.push(peer, undefined, n);
      if (this.size > SCAN) this.rehash(4 * SCAN);
      return;
    }
    const mask = slots.length - 1;
    let h = Math.imul(peer | 0, 0x9e3779b1) >>> 0;
    for (;;) {
      const at = h & mask;
      const i = (slots[at] as number) - 1;
      if (i < 0) {
        if (this.size >= MAX_PEERS) return;
        slots[at] = this.size + 1;
        this.push(peer, undefined, n);
        if (this.size * 2 > slots.length) this.rehash(slots.length * 2);
        return;
      }
      if (kb[o + 2 * i] === peer) {
        kb[o + 2 * i + 1] = (kb[o + 2 * i + 1] as number) + n;
        return;
      }
      h++;
    }
  }

  private push(key: number, text: string | undefined, n: number): void {
    let at = this.o + 2 * this.size;
    if (at === this.kb.length || (this.o > 0 && this.size === SCAN)) {
      // Out of room (the shared block holds SCAN peers): an array of its own, kept for later hours.
      const kb = new Float64Array(Math.max(4 * SCAN, 4 * this.size));
      kb.set(this.kb.subarray(this.o, at));
      this.kb = kb;
      this.o = 0;
      at = 2 * this.size;
    }
    this.kb[at] = key;
    this.kb[at + 1] = n;
    if (text !== undefined || this.texts.length) this.texts[this.size] = text;
    this.size++;
  }

  private rehash(cap: number): void {
    const slots = new Int32Array(cap);
    for (let i = 0; i < this.size; i++) {
      const k = this.kb[this.o + 2 * i] as number;
      if (Number.isNaN(k)) continue;
      let h = Math.imul(k | 0, 0x9e3779b1) >>> 0;
      while (slots[h & (cap - 1)] !== 0) h++;
      slots[h & (cap - 1)] = i + 1;
    }
    this.slots = slots;
  }

  /** The peers and their bytes, in first-seen order. */
  entries(): [number | string, number][] {
    const out: [number | string, number][] = [];
    for (let i = 0; i < this.size; i++) out.push([this.texts[i] ?? (this.kb[this.o + 2 * i] as number), this.kb[this.o + 2 * i + 1] as number]);
    return out;
  }

  clear(): void {
    if (this.size === 0) return;
    // A busy hour's table goes: the next hours are scanned again until they too outgrow SCAN.
    this.slots = undefined;
    if (this.texts.length) this.texts.length = 0;
    this.byText = undefined;
    this.size = 0;
  }
}

/**
 * The open hours' evidence records of every baseline, kept as values (`KeptEvents`) and made events
 * only when an hour fires: nearly every record of a resource-hour is kept (an hour is a few records),
 * and copies per record were most of this detector's cost. The records go in one ring in arrival
 * order rather than in slots per baseline: writes to the next places of one array stay in cache,
 * where each record written into its own baseline's slots (a thousand resources apart) missed it.
 * A place is free once its record was replaced or its hour closed; the ring skips places still
 * held (a resource whose hour stays open) and doubles when half of it is held.
 */
class EvidenceRing {
  private kept = new KeptEvents<FlowEvent>(1024);
  private held = new Uint8Array(1024);
  private head = 0;
  private nHeld = 0;

  /** Keeps `e`; its place, held until `free`. */
  keep(e: FlowEvent): number {
    if (this.nHeld * 2 >= this.held.length) this.grow();
    const held = this.held;
    const size = held.length;
    let at = this.head;
    while (held[at] !== 0) at = at + 1 === size ? 0 : at + 1;
    this.kept.keep(at, e);
    held[at] = 1;
    this.nHeld++;
    this.head = at + 1 === size ? 0 : at + 1;
    return at;
  }

  free(at: number): void {
    this.held[at] = 0;
    this.nHeld--;
  }

  /** The record at `at` as a new event. */
  event(at: number): FlowEvent {
    return this.kept.event(at);
  }

  private grow(): void {
    const size = this.held.length * 2;
    this.kept = this.kept.grown(size);
    const held = new Uint8Array(size);
    held.set(this.held);
    // The new half is all free: continue there.
    this.head = this.held.length;
    this.held = held;
  }
}

const v4 = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** The first record with the fewest bytes, and its bytes. */
function smallest(bytes: Float64Array, n: number): number {
  let at = 0;
  for (let i = 1; i < n; i++) if ((bytes[i] as number) < (bytes[at] as number)) at = i;
  return at;
}

/**
 * Exfiltration: a resource sends far more to the internet in one hour than its own baseline (a
 * running mean and variance of its hourly outbound bytes, Welford). Silent until it has `minHours`
 * of history, so a new resource is not judged against nothing.
 */
export function createVolumeDetector(opts: VolumeOptions = {}) {
  const maxKeys = opts.maxKeys ?? 100_000;
  const minHours = opts.minHours ?? 6;
  const sigmas = opts.sigmas ?? 6;
  const factor = opts.factor ?? 10;
  const minBytes = opts.minBytes ?? 500_000_000;
  return defineDetector<FlowEvent>({
    id: 'aws-vpc-flow-outbound-volume-anomaly',
    title: 'Unusual outbound volume',
    description: "A resource's outbound bytes to the internet in one hour far exceed its own hourly baseline.",
    source: 'aws-vpc-flow',
    severity: 'high',
    attack: ['T1048', 'T1041'],
    // What every record this acts on has (checked on a bit mask before the logic runs).
    needs: FT.outbound | FT.external | FT.notRejected,
    logic: {
      kind: 'stateful',
      create() {
        const state = new Map<string, Baseline>();
        const ring = new EvidenceRing();
        /** The hour's evidence records are no longer needed. */
        const freeEvidence = (b: Baseline) => {
          for (let i = 0; i < b.evN; i++) ring.free(b.ev[EVIDENCE + i] as number);
          b.evN = 0;
        };
        /** The same baselines by subject number. */
        const bySn: (Baseline | undefined)[] = [];
        const close = (key: string, b: Baseline): DetectorHit<FlowEvent>[] => {
          let out: DetectorHit<FlowEvent>[] = NO_HITS;
          const std = b.n > 1 ? Math.sqrt(b.m2 / (b.n - 1)) : 0;
          if (b.n >= minHours && b.bytes >= minBytes && b.bytes > b.mean * factor && b.bytes > b.mean + sigmas * std) {
            const evidence: FlowEvent[] = [];
            for (let i = 0; i < b.evN; i++) evidence.push(ring.event(b.ev[EVIDENCE + i] as number));
            const top = b.peers
              .entries()
              .sort((x, y) => y[1] - x[1])
              .slice(0, 5);
            out = [];
            out.push({
              detectorId: 'aws-vpc-flow-outbound-volume-anomaly',
              key: `${key}|${new Date(b.hour).toISOString()}`,
              title: `Unusual outbound volume: ${(b.bytes / 1e9).toFixed(2)} GB in one hour (baseline ${(b.mean / 1e6).toFixed(1)} MB)`,
              severity: 'high',
              start: b.hour,
              end: b.hour + HOUR,
              evidence,
              details: {
                bytes: b.bytes,
                baselineMeanBytes: Math.round(b.mean),
                baselineStdBytes: Math.round(std),
                baselineHours: b.n,
                topPeers: top.map(([peer, bytes]) => ({ peer: typeof peer === 'number' ? v4(peer) : peer, bytes })),
                records: evidence.map(flowEvidence),
              },
            });
          }
          // Welford update with the closed hour.
          b.n++;
          const d = b.bytes - b.mean;
          b.mean += d / b.n;
          b.m2 += d * (b.bytes - b.mean);
          return out;
        };
        return {
          push(e) {
            if (e.direction !== 'outbound' || !e.remoteExternal || e.flow.action === 'REJECT' || (e.remoteV4 === undefined && !e.remote)) return NO_HITS;
            // By subject number where there is one (an array read), else by the subject's text.
            const sn = subjectNum(e);
            const hour = Math.floor(e.time / HOUR) * HOUR;
            let b = sn >= 0 ? bySn[sn] : state.get(subject(e));
            // Most records close no hour: no array for them.
            let out: DetectorHit<FlowEvent>[] = NO_HITS;
            if (!b) {
              if (state.size >= maxKeys) {
                const first = state.values().next().value as Baseline;
                state.delete(first.key);
                freeEvidence(first);
                if (first.sn >= 0) bySn[first.sn] = undefined;
              }
              const key = subject(e);
              const ev = new Float64Array(EV_PEERS + 2 * SCAN);
              b = {
                key,
                sn,
                hour,
                bytes: 0,
                peers: new PeerBytes(ev, EV_PEERS),
                ev,
                evN: 0,
                evMin: 0,
                n: 0,
                mean: 0,
                m2: 0,
              };
              state.set(key, b);
              if (sn >= 0) bySn[sn] = b;
            } else if (hour > b.hour) {
              const key = b.key;
              out = close(key, b);
              // Hours with no traffic at all count as zero-byte hours of the baseline.
              for (let h = b.hour + HOUR; h < hour && h < b.hour + 48 * HOUR; h += HOUR) {
                b.bytes = 0;
                close(key, b);
              }
              b.hour = hour;
              b.bytes = 0;
              // The containers are emptied and reused (one resource-hour is a few records, so new ones
              // per hour were most of this detector's garbage); a hit's evidence events are its own.
              b.peers.clear();
              freeEvidence(b);
              b.evMin = 0;
            }
            const bytes = e.flow.bytes ?? 0;
            b.bytes += bytes;
            // An hour closed with fewer than `minHours` behind it cannot fire (and `n` only moves when
            // an hour closes): its peers and evidence would never be read, so none are kept.
            if (b.n < minHours) return out;
            // Defined: the guard above returned without a peer.
            const peer = (e.remoteV4 ?? e.remote) as number | string;
            b.peers.add(peer, bytes);
            const n = b.evN;
            if (bytes > 0 && n < EVIDENCE) {
              b.ev[n] = bytes;
              b.ev[EVIDENCE + n] = ring.keep(e);
              b.evN = n + 1;
              if (n + 1 === EVIDENCE) b.evMin = b.ev[smallest(b.ev, EVIDENCE)] as number;
            } else if (n >= EVIDENCE && bytes > b.evMin) {
              // Keep the largest records as evidence (in the place of the smallest).
              const at = smallest(b.ev, EVIDENCE);
              ring.free(b.ev[EVIDENCE + at] as number);
              b.ev[EVIDENCE + at] = ring.keep(e);
              b.ev[at] = bytes;
              b.evMin = b.ev[smallest(b.ev, EVIDENCE)] as number;
            }
            return out;
          },
          flush() {
            const out: DetectorHit<FlowEvent>[] = [];
            for (const [key, b] of state) {
              out.push(...close(key, b));
              freeEvidence(b);
            }
            state.clear();
            bySn.length = 0;
            return out;
          },
        };
      },
    },
    fixtures: {
      hit: [
        {
          name: '12 quiet hours then 5 GB',
          events: [
            ...Array.from({ length: 12 }, (_, h) =>
              flowEvent({ direction: 'outbound', remote: '198.51.100.20', port: 443, at: FIX_T0 + h * HOUR, bytes: 20_000_000 + h * 1000 }),
            ),
            flowEvent({ direction: 'outbound', remote: '203.0.113.99', port: 443, at: FIX_T0 + 12 * HOUR, bytes: 5_000_000_000 }),
          ],
        },
      ],
      miss: [
        {
          name: 'steady traffic',
          events: Array.from({ length: 24 }, (_, h) =>
            flowEvent({ direction: 'outbound', remote: '198.51.100.20', port: 443, at: FIX_T0 + h * HOUR, bytes: 900_000_000 }),
          ),
        },
        { name: 'big hour without history', events: [flowEvent({ direction: 'outbound', remote: '203.0.113.99', port: 443, bytes: 5_000_000_000 })] },
      ],
    },
  });
}

export default createVolumeDetector();
