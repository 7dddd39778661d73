import { describe, expect, it } from 'vitest';
import { actionDeclarationProblems, declaresAction, defineDetector, runDetector, startDetector } from './detector.js';

interface Ev {
  time: number;
  src: string;
  port: number;
}

const scan = defineDetector<Ev>({
  id: 'test-port-scan',
  title: 'Port scan',
  description: 'many distinct ports from one source',
  source: 'test',
  severity: 'medium',
  attack: ['T1046'],
  logic: { kind: 'window', filter: () => true, key: (e) => e.src, time: (e) => e.time, seconds: 60, threshold: 5, distinct: (e) => String(e.port) },
  fixtures: { hit: [], miss: [] },
});

describe('window detectors', () => {
  it('fires once per burst when distinct values reach the threshold within the window', () => {
    const events = [1, 2, 3, 4, 5, 6, 7].map((p, i) => ({ time: i * 1000, src: 'a', port: p }));
    const hits = runDetector(scan, events);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.details).toMatchObject({ count: 5 });
    expect(hits[0]?.evidence).toHaveLength(5);
  });

  it('does not fire when the events are spread beyond the window, or repeat one value', () => {
    expect(
      runDetector(
        scan,
        [1, 2, 3, 4, 5].map((p, i) => ({ time: i * 61_000, src: 'a', port: p })),
      ),
    ).toEqual([]);
    expect(
      runDetector(
        scan,
        [1, 2, 3, 4, 5].map((_, i) => ({ time: i, src: 'a', port: 22 })),
      ),
    ).toEqual([]);
  });

  it('keeps at most maxKeys keys', () => {
    const state = startDetector(scan, { maxKeys: 2, maxEvidence: 3 });
    for (let i = 0; i < 1000; i++) state.push({ time: i, src: `s${i}`, port: 1 });
    // Only the last two sources are remembered: four more ports from the first source do not fire.
    const hits = [2, 3, 4, 5].flatMap((p) => state.push({ time: 2000, src: 's0', port: p }));
    expect(hits).toEqual([]);
  });
});

describe('declared actions', () => {
  interface Call {
    id: string;
    time: number;
    service: string;
    action: string;
  }
  const call = (i: number, service: string, action: string): Call => ({ id: `e${i}`, time: i * 1000, service, action });
  /** Three distinct calls by anyone within a minute: it reads every call, whatever it declares. */
  const burst = (actions?: readonly string[]) =>
    defineDetector<Call>({
      id: 'test-burst',
      title: 'Burst',
      description: 'three calls',
      source: 'test',
      severity: 'low',
      attack: ['T1078'],
      ...(actions && { actions }),
      logic: { kind: 'window', filter: () => true, key: () => 'k', time: (e) => e.time, seconds: 60, threshold: 3 },
      fixtures: {
        hit: [{ name: 'mixed calls', events: [call(1, 'iam', 'CreateUser'), call(2, 'ec2', 'DescribeVpcs'), call(3, 'iam', 'CreateUser')] }],
        miss: [],
      },
    });

  it('matches service:Action patterns with a wildcard on either side', () => {
    expect(declaresAction(['iam:CreateUser'], 'iam', 'CreateUser')).toBe(true);
    expect(declaresAction(['iam:CreateUser'], 'iam', 'DeleteUser')).toBe(false);
    expect(declaresAction(['ssm:*'], 'ssm', 'SendCommand')).toBe(true);
    expect(declaresAction(['*:ConsoleLogin'], 'signin', 'ConsoleLogin')).toBe(true);
    expect(declaresAction(['*:ConsoleLogin'], 'signin', 'ConsoleLogout')).toBe(false);
  });

  it('rejects a declaration that hides events the fixtures need, and bad patterns', () => {
    expect(actionDeclarationProblems(burst(['iam:CreateUser']))).toEqual([
      'hit fixture "mixed calls" judges differently with only its declared actions (iam:CreateUser)',
    ]);
    expect(actionDeclarationProblems(burst(['iam:*', 'ec2:*']))).toEqual([]);
    expect(actionDeclarationProblems(burst(['*:*']))[0]).toMatch(/bad action pattern/);
    expect(actionDeclarationProblems(burst(['iam']))[0]).toMatch(/bad action pattern/);
    expect(actionDeclarationProblems(burst()).length).toBe(0);
  });
});
