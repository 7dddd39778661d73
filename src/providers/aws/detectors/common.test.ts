import { describe, expect, it } from 'vitest';
import { runDetector } from '../../../core/units/detector.js';
import { evidenceEvent, findingResource } from '../../../engine/activity/engine.js';
import exfiltration from './aws-cloudtrail-instance-credentials-exfiltration.detector.js';
import { ct, hold, role, unhold, user } from './common.js';

describe('hold / unhold', () => {
  it('keeps what a finding shows of a held event', () => {
    const e = ct({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'StopInstances',
      sourceIPAddress: '203.0.113.60',
      errorCode: 'UnauthorizedOperation',
      userIdentity: role('mongo-app', 'i-0a1b2c3d4e5f60003'),
      requestParameters: { instancesSet: { items: [{ instanceId: 'i-0a1b2c3d4e5f60003' }] } },
    });
    const back = unhold(hold(e));
    expect(evidenceEvent(back)).toEqual(evidenceEvent(e));
    expect(findingResource(back)).toEqual(findingResource(e));
    expect(back.actor).toMatchObject({ type: 'assumed-role', identity: e.actor.identity, name: e.actor.name, sessionName: 'i-0a1b2c3d4e5f60003' });
    expect(back.raw).toEqual({});
  });

  it('reports a held instance session with its own event as evidence when a person shows up on its address', () => {
    const instance = ct({
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
      sourceIPAddress: '203.0.113.61',
      userIdentity: role('app', 'i-0a1b2c3d4e5f60004'),
    });
    const person = ct({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', sourceIPAddress: '203.0.113.61', userIdentity: user('mallory') });
    const hits = runDetector(exfiltration, [instance, person]);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.evidence.map(evidenceEvent)).toEqual([evidenceEvent(instance)]);
    expect(hits[0]?.details).toMatchObject({ reason: `address also used by ${person.actor.identity}`, instance: 'i-0a1b2c3d4e5f60004' });
  });
});
