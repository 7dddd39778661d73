import { cis, nist, pci } from '../../../../../compliance/index.js';
import type { CisAws50Control } from '../../../../../compliance/index.js';
import type { ResourceRecord } from '../../../../../core/resource.js';
import { type CheckOutcome, checkError, defineCheckFamily, fail, pass } from '../../../../../core/units/check.js';
import type { Severity } from '../../../../../core/severity.js';
import { type Cfg, asArray, memoOnLists } from '../../../checks-common.js';

/**
 * CIS AWS 5.0 section 4: for each monitored event class, a multi-region logging trail delivers to a
 * CloudWatch Logs group that has a metric filter matching the events and an alarm (with an action)
 * on the filter's metric. Judged once per account on the account summary. A filter "matches" when
 * its pattern names every token the class requires (event names, error codes, userIdentity type):
 * the same test an auditor makes by reading the pattern, without evaluating CloudWatch syntax.
 */
interface Monitor {
  key: string;
  cis: CisAws50Control;
  label: string;
  severity: Severity;
  tokens: RegExp[];
  /** The filter pattern the CIS remediation gives (used as the passing fixture). */
  example: string;
}

const MONITORS: Monitor[] = [
  {
    key: 'unauthorized-api-calls',
    cis: '4.1',
    label: 'unauthorized API calls',
    severity: 'low',
    example:
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    tokens: [/UnauthorizedOperation/, /AccessDenied/],
  },
  {
    key: 'console-sign-in-without-mfa',
    cis: '4.2',
    label: 'console sign-in without MFA',
    severity: 'low',
    example: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
    tokens: [/ConsoleLogin/, /MFAUsed/],
  },
  {
    key: 'root-usage',
    cis: '4.3',
    label: 'use of the root user',
    severity: 'medium',
    example: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    tokens: [/userIdentity\.type\s*=\s*"?Root/],
  },
  {
    key: 'iam-policy-changes',
    cis: '4.4',
    label: 'IAM policy changes',
    severity: 'low',
    example:
      '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
    tokens: [/PutUserPolicy/, /AttachRolePolicy/, /CreatePolicyVersion/, /DeleteGroupPolicy/],
  },
  {
    key: 'cloudtrail-changes',
    cis: '4.5',
    label: 'CloudTrail configuration changes',
    severity: 'medium',
    example:
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    tokens: [/CreateTrail/, /UpdateTrail/, /DeleteTrail/, /StopLogging/],
  },
  {
    key: 'console-authentication-failures',
    cis: '4.6',
    label: 'console authentication failures',
    severity: 'low',
    example: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    tokens: [/ConsoleLogin/, /Failed authentication/],
  },
  {
    key: 'cmk-disable-or-deletion',
    cis: '4.7',
    label: 'disabling or scheduled deletion of KMS keys',
    severity: 'low',
    example: '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    tokens: [/kms\.amazonaws\.com/, /DisableKey/, /ScheduleKeyDeletion/],
  },
  {
    key: 's3-bucket-policy-changes',
    cis: '4.8',
    label: 'S3 bucket policy changes',
    severity: 'low',
    example:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    tokens: [/PutBucketPolicy/, /DeleteBucketPolicy/, /PutBucketAcl/],
  },
  {
    key: 'config-changes',
    cis: '4.9',
    label: 'AWS Config configuration changes',
    severity: 'low',
    example:
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
    tokens: [/StopConfigurationRecorder/, /DeleteDeliveryChannel/, /PutConfigurationRecorder/],
  },
  {
    key: 'security-group-changes',
    cis: '4.10',
    label: 'security group changes',
    severity: 'low',
    example:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    tokens: [/AuthorizeSecurityGroupIngress/, /RevokeSecurityGroupIngress/, /CreateSecurityGroup/, /DeleteSecurityGroup/],
  },
  {
    key: 'network-acl-changes',
    cis: '4.11',
    label: 'network ACL changes',
    severity: 'low',
    example:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    tokens: [/CreateNetworkAcl/, /DeleteNetworkAclEntry/, /ReplaceNetworkAclAssociation/],
  },
  {
    key: 'network-gateway-changes',
    cis: '4.12',
    label: 'network gateway changes',
    severity: 'low',
    example:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
    tokens: [/CreateCustomerGateway/, /AttachInternetGateway/, /DeleteInternetGateway/],
  },
  {
    key: 'route-table-changes',
    cis: '4.13',
    label: 'route table changes',
    severity: 'low',
    example:
      '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
    tokens: [/CreateRoute/, /ReplaceRoute\b/, /DeleteRouteTable/],
  },
  {
    key: 'vpc-changes',
    cis: '4.14',
    label: 'VPC changes',
    severity: 'low',
    example:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) }',
    tokens: [/CreateVpc\b/, /DeleteVpc\b/, /ModifyVpcAttribute/],
  },
  {
    key: 'organizations-changes',
    cis: '4.15',
    label: 'AWS Organizations changes',
    severity: 'low',
    example:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    tokens: [/organizations\.amazonaws\.com/, /CreateAccount|LeaveOrganization|AttachPolicy/],
  },
];

const logGroupName = (arn: unknown) => /:log-group:([^:]+)/.exec(String(arn ?? ''))?.[1];

const MEMOS = new Map<Monitor, WeakMap<object, { deps: readonly object[]; value: CheckOutcome }>>();

/**
 * The account's answer for one monitor, computed once per account's lists (every account summary of
 * the account asks the same). All three lists are asked every time, so an unloaded one is always heard.
 */
function outcome(m: Monitor, account: string, graph: { byType(t: string, w?: { account?: string }): ResourceRecord[] }): CheckOutcome {
  const lists = [
    graph.byType('aws.cloudtrail.trail', { account }),
    graph.byType('aws.logs.log-group', { account }),
    graph.byType('aws.cloudwatch.alarm', { account }),
  ];
  const memo = MEMOS.get(m) ?? (MEMOS.set(m, new WeakMap()).get(m) as WeakMap<object, { deps: readonly object[]; value: CheckOutcome }>);
  return memoOnLists(memo, lists, () => judge(m, lists[0] ?? [], lists[1] ?? [], lists[2] ?? []));
}

/** The metric (namespace, name) of each filter on the trail log groups whose pattern covers the monitor. */
function judge(m: Monitor, trailList: readonly ResourceRecord[], groupList: readonly ResourceRecord[], alarmList: readonly ResourceRecord[]): CheckOutcome {
  const trails = trailList
    .map((t) => t.config as Cfg)
    .filter((c) => c.IsMultiRegionTrail === true && c.status?.IsLogging !== false && c.CloudWatchLogsLogGroupArn);
  if (!trails.length) return fail(`no multi-region logging trail delivers to CloudWatch Logs, so ${m.label} cannot be monitored`);
  const names = new Set(trails.map((c) => logGroupName(c.CloudWatchLogsLogGroupArn)));
  const groups = groupList.filter((g) => names.has(String((g.config as Cfg).logGroupName)));
  const unreadable = groups.find((g) => (g.config as Cfg).metricFilters === undefined);
  if (unreadable && groups.every((g) => (g.config as Cfg).metricFilters === undefined))
    return checkError(String((unreadable.config as Cfg)._errors?.metricFilters ?? 'missing-data'), 'metric filters of the trail log group could not be read');
  const metrics = groups.flatMap((g) =>
    asArray((g.config as Cfg).metricFilters as Cfg[])
      .filter((f) => m.tokens.every((t) => t.test(String(f.filterPattern ?? ''))))
      .flatMap((f) => asArray(f.metricTransformations as Cfg[]).map((t) => `${t.metricNamespace}/${t.metricName}`)),
  );
  if (!metrics.length) return fail(`no metric filter on the trail log group matches ${m.label}`, { logGroups: [...names] });
  const alarms = alarmList.filter(
    (a) => metrics.includes(`${(a.config as Cfg).Namespace}/${(a.config as Cfg).MetricName}`) && asArray((a.config as Cfg).AlarmActions as string[]).length > 0,
  );
  return alarms.length ? pass({ metrics, alarms: alarms.map((a) => a.id) }) : fail(`the ${m.label} metric has no alarm with an action`, { metrics });
}

const R = (type: string, id: string, config: Cfg): ResourceRecord => ({
  id,
  type,
  provider: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  name: id,
  tags: {},
  config,
});
const TRAIL = R('aws.cloudtrail.trail', 'trail', {
  IsMultiRegionTrail: true,
  status: { IsLogging: true },
  CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:ct-logs:*',
});
const group = (pattern: string | undefined) =>
  R('aws.logs.log-group', 'group', {
    logGroupName: 'ct-logs',
    ...(pattern === undefined
      ? { _errors: { metricFilters: 'access-denied' } }
      : { metricFilters: [{ filterName: 'f', filterPattern: pattern, metricTransformations: [{ metricName: 'M', metricNamespace: 'CIS' }] }] }),
  });
const ALARM = R('aws.cloudwatch.alarm', 'alarm', {
  AlarmName: 'a',
  MetricName: 'M',
  Namespace: 'CIS',
  AlarmActions: ['arn:aws:sns:us-east-1:123456789012:sec'],
});
const SUMMARY = { id: 'arn:aws:iam::123456789012:account-summary', config: {} };

export default defineCheckFamily({
  id: 'aws-cloudwatch-cis-monitoring-alarms',
  variants: MONITORS,
  check: (m) => ({
    id: `aws-cloudwatch-alarm-on-${m.key}`,
    title: `A metric filter and alarm watch for ${m.label}`,
    description:
      'Graph check per account: multi-region logging trail → CloudWatch Logs group → metric filter matching the events → alarm with an action on its metric.',
    provider: 'aws',
    resourceType: 'aws.iam.account-summary',
    severity: m.severity,
    scope: 'graph',
    risk: `Without an alarm, ${m.label} go unnoticed until someone happens to read the logs.`,
    remediation: {
      text: `Create a metric filter on the CloudTrail log group matching ${m.label} (see CIS AWS ${m.cis}) and a CloudWatch alarm on its metric that notifies an SNS topic with subscribers.`,
    },
    compliance: [cis(m.cis), nist('AU-6'), nist('SI-4'), nist('IR-5'), pci('10.4.1'), pci('10.4.1.1'), pci('10.7.2')],
    evaluate: (r, ctx) => outcome(m, r.account, ctx.graph),
    fixtures: [
      { name: 'filter and alarm in place', resource: SUMMARY, related: { resources: [TRAIL, group(m.example), ALARM] }, expect: 'pass' },
      { name: 'filter without an alarm', resource: SUMMARY, related: { resources: [TRAIL, group(m.example)] }, expect: 'fail' },
      { name: 'unrelated filter', resource: SUMMARY, related: { resources: [TRAIL, group('{ $.eventName = "Nothing" }'), ALARM] }, expect: 'fail' },
      { name: 'no trail to CloudWatch Logs', resource: SUMMARY, expect: 'fail' },
      { name: 'metric filters unreadable', resource: SUMMARY, related: { resources: [TRAIL, group(undefined), ALARM] }, expect: 'error' },
    ],
  }),
});
