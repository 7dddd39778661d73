import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  ageDays,
  allowingStatements,
  grantsAdmin,
  memoOnLists,
  naclAdmitsWorld,
  principalAccounts,
  publicStatements,
  ruleCoversPort,
  secretLikeVariables,
  securityGroupIngress,
  tlsPolicyOutdated,
  trailLogsS3Objects,
  unknownAccounts,
} from './checks-common.js';

describe('policy documents', () => {
  it('finds public statements, unless a condition pins the caller down', () => {
    const doc = (extra: object) => ({ Statement: [{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 's3:GetObject', Resource: '*', ...extra }] });
    expect(publicStatements(doc({}))).toHaveLength(1);
    expect(publicStatements(JSON.stringify(doc({})))).toHaveLength(1);
    expect(publicStatements(doc({ Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }))).toHaveLength(0);
    // A wildcard value or an IfExists operator does not narrow anything.
    expect(publicStatements(doc({ Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } } }))).toHaveLength(1);
    expect(publicStatements(doc({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } }))).toHaveLength(1);
    expect(publicStatements({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] })).toHaveLength(0);
    expect(publicStatements(null)).toEqual([]);
  });

  it('globs actions case-insensitively and honours NotAction', () => {
    expect(actionMatches('s3:Get*', 's3:GetObject')).toBe(true);
    expect(actionMatches('S3:GETOBJECT', 's3:GetObject')).toBe(true);
    expect(actionMatches('s3:Get*', 's3:PutObject')).toBe(false);
    expect(actionMatches('iam:Attach?olePolicy', 'iam:AttachRolePolicy')).toBe(true);
    expect(allowingStatements({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }, 's3:GetObject')).toHaveLength(1);
    expect(allowingStatements({ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }, 'iam:PassRole')).toHaveLength(0);
  });

  it('recognises *:* only on Resource "*"', () => {
    expect(grantsAdmin({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } })).toBe(true);
    expect(grantsAdmin({ Statement: { Effect: 'Allow', Action: '*:*', Resource: ['*'] } })).toBe(true);
    expect(grantsAdmin({ Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' } })).toBe(false);
  });

  it('extracts trusted accounts from ids and ARNs, across partitions', () => {
    expect(principalAccounts({ AWS: ['111122223333', 'arn:aws:iam::444455556666:role/x', 'arn:aws-us-gov:iam::777788889999:root'] })).toEqual([
      '111122223333',
      '444455556666',
      '777788889999',
    ]);
    expect(principalAccounts({ Service: 'ec2.amazonaws.com' })).toEqual([]);
    expect(unknownAccounts(['1', '2', '3'], '1', ['2'])).toEqual(['3']);
  });
});

describe('network rules', () => {
  it('flattens security group permissions; protocol -1 covers every port whatever FromPort says', () => {
    const rules = securityGroupIngress({ IpPermissions: [{ IpProtocol: '-1', FromPort: 30, ToPort: 45, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
    expect(rules).toEqual([{ protocol: '-1', from: 0, to: 65535, source: '0.0.0.0/0', family: 'ipv4' }]);
    expect(ruleCoversPort({ protocol: 'tcp', from: 20, to: 25 }, 22)).toBe(true);
    expect(ruleCoversPort({ protocol: 'udp', from: 20, to: 25 }, 22, 'tcp')).toBe(false);
    expect(ruleCoversPort({ protocol: '6', from: 22, to: 22 }, 22)).toBe(true);
  });

  it('evaluates NACL entries in rule order: the first match decides', () => {
    const entry = (RuleNumber: number, RuleAction: string, From?: number, To?: number) => ({
      RuleNumber,
      RuleAction,
      Egress: false,
      Protocol: From === undefined ? '-1' : '6',
      CidrBlock: '0.0.0.0/0',
      ...(From !== undefined && { PortRange: { From, To: To ?? From } }),
    });
    expect(naclAdmitsWorld({ Entries: [entry(200, 'allow'), entry(100, 'deny', 22)] }, 22, 'ipv4')).toBeUndefined();
    expect(naclAdmitsWorld({ Entries: [entry(100, 'allow', 0, 1024), entry(200, 'deny', 22)] }, 22, 'ipv4')?.RuleNumber).toBe(100);
    expect(naclAdmitsWorld({ Entries: [entry(100, 'allow')] }, 22, 'ipv6')).toBeUndefined();
  });
});

describe('odds and ends', () => {
  it('knows outdated TLS policies', () => {
    expect(tlsPolicyOutdated('ELBSecurityPolicy-2016-08')).toBe(true);
    expect(tlsPolicyOutdated('ELBSecurityPolicy-TLS-1-1-2017-01')).toBe(true);
    expect(tlsPolicyOutdated('ELBSecurityPolicy-TLS13-1-2-2021-06')).toBe(false);
    expect(tlsPolicyOutdated('ELBSecurityPolicy-TLS-1-2-Ext-2018-06')).toBe(false);
    expect(tlsPolicyOutdated(undefined)).toBe(true);
  });

  it('measures ages in whole days and ignores N/A', () => {
    const now = new Date('2026-11-27T00:00:00Z');
    expect(ageDays('2026-11-17T12:00:00Z', now)).toBe(9);
    expect(ageDays('N/A', now)).toBeUndefined();
    expect(ageDays(undefined, now)).toBeUndefined();
  });

  it('flags secret-looking variables by name or value, never references or flags', () => {
    expect(
      secretLikeVariables({
        DB_PASSWORD: 'correct-horse-battery',
        API_TOKEN: 'true',
        SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:x',
        URL: 'postgres://app:pw123@db:5432/x',
        KEY: 'AKIAIOSFODNN7EXAMPLE',
        LOG_LEVEL: 'debug',
      }).sort(),
    ).toEqual(['DB_PASSWORD', 'KEY', 'URL']);
  });

  it('reads S3 data-event selectors, basic and advanced', () => {
    const basic = { EventSelectors: [{ ReadWriteType: 'WriteOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::logs/'] }] }] };
    expect(trailLogsS3Objects(basic, 'logs', 'write')).toBe(true);
    expect(trailLogsS3Objects(basic, 'logs', 'read')).toBe(false);
    expect(trailLogsS3Objects(basic, 'other', 'write')).toBe(false);
    const advanced = {
      AdvancedEventSelectors: [
        {
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'readOnly', Equals: ['true'] },
          ],
        },
      ],
    };
    expect(trailLogsS3Objects(advanced, 'any', 'read')).toBe(true);
    expect(trailLogsS3Objects(advanced, 'any', 'write')).toBe(false);
  });

  it('answers once per set of graph lists, and recomputes for unanswered (fresh) lists', () => {
    const memo = new WeakMap<object, { deps: readonly object[]; value: number }>();
    let computed = 0;
    const compute = () => ++computed;
    const a = Object.freeze([]);
    const b = Object.freeze([]);
    expect(memoOnLists(memo, [a, b], compute)).toBe(1);
    expect(memoOnLists(memo, [a, b], compute)).toBe(1);
    // a different second list (another batch, another account) is another question
    expect(memoOnLists(memo, [a, Object.freeze([])], compute)).toBe(2);
    // an unanswered list (the graph has not loaded it yet) is never remembered
    const fresh: never[] = [];
    expect(memoOnLists(memo, [fresh], compute)).toBe(3);
    expect(memoOnLists(memo, [fresh], compute)).toBe(4);
  });
});
