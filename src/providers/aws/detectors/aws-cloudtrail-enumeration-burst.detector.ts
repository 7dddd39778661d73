import { actionKey } from '../../../core/events.js';
import { defineDetector, type DetectorHit } from '../../../core/units/detector.js';
import { NO_HITS, ct, denied, type Ev, finiteOrNull, type Held, hold, orNegInf, series, trimLru, unhold } from './common.js';

const ID = 'aws-cloudtrail-enumeration-burst';
const WINDOW_MS = 10 * 60_000;
/** Distinct read calls per window that look like mapping an account rather than using it. */
const DISTINCT_READS = 25;
/** Denied calls per window, and the share of calls they must be. */
const DENIED = 10;
const DENIED_RATIO = 0.5;

const isRead = (e: Ev) => e.readOnly || /^(Describe|List|Get|Search|Lookup|Scan)/.test(e.action);

/** Dropped windows kept for reuse (a bound on the spare list, not on the windows). */
const MAX_SPARE = 10_000;

/** Distinct read actions a window keeps (its sample and count stop growing there). */
const MAX_ACTIONS = 500;

/**
 * One identity's tumbling window. The distinct read actions are `first` alone until a second one
 * shows up, and a Set only then: most windows see one call, and a Set per window (a new table on
 * every `clear`) outlived young collections with the window and was most of what this detector
 * promoted.
 */
interface Win {
  start: number;
  calls: number;
  denied: number;
  first: string | undefined;
  more: Set<string> | undefined;
  /** Held flat (`hold`): a window's evidence outlives young collections, and most windows never fire. */
  evidence: Held[];
  quietUntil: number;
}

const distinct = (w: Win): number => (w.more ? w.more.size : w.first === undefined ? 0 : 1);
const actionList = (w: Win): string[] => (w.more ? [...w.more] : w.first === undefined ? [] : [w.first]);

function addAction(w: Win, a: string): void {
  if (w.more) {
    if (w.more.size < MAX_ACTIONS) w.more.add(a);
  } else if (w.first === undefined) w.first = a;
  else if (w.first !== a) w.more = new Set([w.first, a]);
}

function fromList(list: readonly string[]): Pick<Win, 'first' | 'more'> {
  return list.length > 1 ? { first: list[0], more: new Set(list) } : { first: list[0], more: undefined };
}

/**
 * Discovery: an identity calls many distinct Describe/List/Get APIs, or gets AccessDenied on most
 * of its calls, within ten minutes: the signature of enumeration tools (pacu, ScoutSuite run by an
 * intruder, `enumerate-iam`) and of stolen keys probing their permissions. Tumbling windows per
 * identity keep the state to a few numbers and a capped action set.
 */
export default defineDetector<Ev>({
  id: ID,
  title: 'Enumeration burst',
  description: `One identity made ${DISTINCT_READS}+ distinct read calls, or ${DENIED}+ denied calls making up at least half of its calls, within ten minutes.`,
  source: 'aws-cloudtrail',
  severity: 'medium',
  attack: ['T1580', 'T1087.004', 'T1526'],
  logic: {
    kind: 'stateful',
    create() {
      let wins = new Map<string, Win>();
      let seen = 0;
      // Windows the sweep dropped, reused for identities that come back: an identity calling once
      // every hour or so got a new window (and evidence list) each time, which lived long enough to
      // be promoted — most of what this detector promoted besides held evidence. Hits and
      // snapshots copy what they report, so a dropped window is referenced from nowhere else.
      const spare: Win[] = [];
      return {
        push(e): DetectorHit<Ev>[] {
          // Every 10k events, drop windows that ended long ago: their evidence is the bulk of the
          // state, and an idle identity needs none (memory then follows active identities only).
          if (++seen % 10_000 === 0)
            for (const [k, w] of wins)
              if (w.start < e.time - 2 * WINDOW_MS && w.quietUntil < e.time) {
                wins.delete(k);
                if (spare.length < MAX_SPARE) spare.push(w);
              }
          if (e.actor.type === 'aws-service' || e.actor.invokedBy) return NO_HITS;
          const k = e.actor.identity;
          let w = wins.get(k);
          // No LRU re-insert per event: a delete+set on every call churns the Map's table (a big
          // rehash every few thousand events); the sweep above and the cap bound it instead.
          if (!w) {
            w = spare.pop();
            if (w === undefined)
              w = { start: e.time, calls: 0, denied: 0, first: undefined, more: undefined, evidence: [], quietUntil: Number.NEGATIVE_INFINITY };
            else {
              restart(w, e.time);
              w.quietUntil = Number.NEGATIVE_INFINITY;
            }
            wins.set(k, w);
            trimLru(wins, 100_000);
          } else if (e.time - w.start >= WINDOW_MS) {
            // A new window reuses the old one's containers (a hit took copies of what it reports).
            restart(w, e.time);
          }
          w.calls++;
          const d = denied(e);
          if (d) w.denied++;
          const read = isRead(e);
          if (read) addAction(w, actionKey(e.service, e.action));
          // Evidence from the window's second call on: a burst needs ten calls or more, so a hit
          // still shows ten, while the many identities that make one call per window (most of
          // them) hold no event at all. Holding a copy of each of those calls until its window
          // closed outlived several young-generation collections and was most of this detector's
          // cost (promotion and GC time, ~2 µs per event on the bench).
          if ((d || read) && w.calls > 1 && w.evidence.length < 10) w.evidence.push(hold(e));
          if (e.time < w.quietUntil) return NO_HITS;
          const reads = distinct(w);
          const byReads = reads >= DISTINCT_READS;
          const byDenied = w.denied >= DENIED && w.denied / w.calls >= DENIED_RATIO;
          if (!byReads && !byDenied) return NO_HITS;
          const hit: DetectorHit<Ev> = {
            detectorId: ID,
            key: k,
            title: byDenied ? `Enumeration burst: ${w.denied} of ${w.calls} calls denied` : `Enumeration burst: ${reads} distinct read calls`,
            severity: byDenied && byReads ? 'high' : 'medium',
            start: w.start,
            end: e.time,
            evidence: w.evidence.map(unhold),
            details: { distinctReads: reads, calls: w.calls, denied: w.denied, sample: actionList(w).slice(0, 15) },
          };
          w.quietUntil = w.start + WINDOW_MS;
          return [hit];
        },
        flush: () => [],
        // Saved as before the split into first/more: `actions` lists them in order of first sight.
        snapshot: () =>
          [...wins].map(([k, w]) => ({
            k,
            start: w.start,
            calls: w.calls,
            denied: w.denied,
            actions: actionList(w),
            evidence: w.evidence.map(unhold),
            quietUntil: finiteOrNull(w.quietUntil),
          })),
        restore(saved) {
          type Saved = { k: string; start: number; calls: number; denied: number; actions: string[]; evidence: Ev[]; quietUntil: number | null };
          wins = new Map(
            (saved as Saved[]).map((w) => [
              w.k,
              {
                start: w.start,
                calls: w.calls,
                denied: w.denied,
                ...fromList(w.actions),
                evidence: w.evidence.map((e) => hold(e)),
                quietUntil: orNegInf(w.quietUntil),
              },
            ]),
          );
        },
      };
    },
  },
  fixtures: {
    hit: [
      {
        name: '30 distinct Describe/List calls in five minutes',
        events: series(30, 10, (i, t) =>
          ct({
            eventTime: t,
            eventSource: 'ec2.amazonaws.com',
            eventName: `Describe${['Instances', 'Vpcs', 'Subnets', 'Volumes', 'Images', 'Snapshots'][i % 6]}${i}`,
            readOnly: true,
          }),
        ),
      },
      {
        name: '12 denied calls',
        events: series(12, 5, (i, t) =>
          ct({ eventTime: t, eventSource: 'iam.amazonaws.com', eventName: i % 2 ? 'ListUsers' : 'ListRoles', readOnly: true, errorCode: 'AccessDenied' }),
        ),
      },
    ],
    miss: [
      {
        name: 'busy app repeating two calls',
        events: series(200, 2, (i, t) =>
          ct({ eventTime: t, eventSource: 's3.amazonaws.com', eventName: i % 2 ? 'GetObject' : 'PutObject', readOnly: i % 2 === 1 }),
        ),
      },
    ],
  },
});

/** Starts a window over in its own containers (its quiet period is the caller's to keep or clear). */
function restart(w: Win, time: number): void {
  w.start = time;
  w.calls = 0;
  w.denied = 0;
  w.first = undefined;
  w.more = undefined;
  if (w.evidence.length) w.evidence.length = 0;
}
