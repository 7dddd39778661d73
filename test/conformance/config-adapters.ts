/**
 * Adapters from public labelled data to Skywatch's resource model (docs/resource-model.md), and the
 * tables that say which Skywatch check has the same intent as which external rule. A mapping names
 * one or more checks: the external "compliant" verdict must equal "none of them fails".
 *
 * Only rules whose intent matches a check are mapped; see docs/checks.md for the ones left out and why.
 * Deliberately not mapped although a check sounds alike: Panther's S3 PublicRead / PublicWrite (each
 * looks at one permission; the check flags any public grant), S3 PublicAccessBlock (Panther accepts
 * the two ACL settings; CIS 2.1.4 and the check want all four), CloudTrail CloudWatchLogs (Panther
 * also wants a delivery in the last day, which is operational state, not configuration).
 */
import type { ResourceRecord } from '../../src/core/resource.js';

type Json = Record<string, any>;

export interface Case {
  /** Where the labelled row came from, for the disagreement list. */
  source: string;
  name: string;
  checks: readonly string[];
  resource: ResourceRecord;
  /** Labelled verdict: true = compliant (no mapped check may fail). */
  compliant: boolean;
  params?: Record<string, Record<string, unknown>>;
}

const rec = (type: string, id: string, config: Json, extra: Partial<ResourceRecord> = {}): ResourceRecord => ({
  id,
  type,
  provider: 'aws',
  account: '123456789012',
  region: 'us-east-1',
  name: id.split(/[/:]/).pop() ?? id,
  tags: {},
  config,
  ...extra,
});

const parsePolicy = (p: unknown): unknown => {
  if (p === null || p === undefined || p === '') return null;
  if (typeof p !== 'string') return p;
  try {
    return JSON.parse(p);
  } catch {
    return null;
  }
};

/** Panther's S3 bucket snapshot → `aws.s3.bucket` with hydrated keys. */
function pantherBucket(e: Json): ResourceRecord {
  const versioning: Json = {};
  if (e.Versioning) versioning.Status = e.Versioning;
  if (e.MFADelete) versioning.MFADelete = e.MFADelete;
  return rec(
    'aws.s3.bucket',
    `arn:aws:s3:::${e.Name ?? 'bucket'}`,
    {
      Name: e.Name,
      CreationDate: e.CreationDate,
      Region: e.Location ?? e.Region,
      policy: parsePolicy(e.Policy),
      acl: { Owner: e.Owner ?? null, Grants: e.Grants ?? [] },
      publicAccessBlock: e.PublicAccessBlockConfiguration ?? null,
      encryption: e.EncryptionRules ? { Rules: e.EncryptionRules } : null,
      versioning,
      // Panther's vectors stub an enabled logging policy as the string "enabled".
      logging: e.LoggingPolicy ? (typeof e.LoggingPolicy === 'object' ? e.LoggingPolicy : { TargetBucket: `(panther: ${e.LoggingPolicy})` }) : null,
      lifecycle: e.LifecycleRules ?? null,
      objectLock: e.ObjectLockConfiguration ?? null,
      ownershipControls: null,
      replication: null,
    },
    { region: e.Location ?? e.Region ?? 'us-east-1' },
  );
}

/** Panther's snapshots are the API item plus Panther bookkeeping keys; those are dropped. */
const PANTHER_KEYS = ['AccountId', 'ResourceID', 'ResourceId', 'ResourceType', 'TimeCreated', 'ARN'];
const strip = (e: Json): Json => Object.fromEntries(Object.entries(e).filter(([k]) => !PANTHER_KEYS.includes(k)));

function pantherTrail(e: Json): ResourceRecord {
  const { Status, EventSelectors, ...rest } = strip(e);
  return rec('aws.cloudtrail.trail', e.TrailARN ?? 'arn:aws:cloudtrail:us-east-1:123456789012:trail/t', {
    ...rest,
    status: Status ?? null,
    eventSelectors: { EventSelectors: EventSelectors ?? [], AdvancedEventSelectors: null },
  });
}

function pantherPasswordPolicy(e: Json): ResourceRecord {
  const { AnyExist, ...policy } = e;
  return rec('aws.iam.password-policy', 'arn:aws:iam::123456789012:account-password-policy', AnyExist === false ? (null as any) : policy, {
    region: 'global',
  });
}

/** A credential-report row in the CSV's own column names, from Panther's parsed report. */
function reportRow(c: Json): Record<string, string> {
  const date = (v: unknown) => (typeof v === 'string' && !v.startsWith('0001-') ? v : 'N/A');
  return {
    user: String(c.UserName),
    arn: String(c.ARN),
    user_creation_time: date(c.UserCreationTime),
    password_enabled: String(Boolean(c.PasswordEnabled)),
    password_last_used: date(c.PasswordLastUsed),
    password_last_changed: date(c.PasswordLastChanged),
    mfa_active: String(Boolean(c.MfaActive)),
    access_key_1_active: String(Boolean(c.AccessKey1Active)),
    access_key_1_last_rotated: date(c.AccessKey1LastRotated),
    access_key_1_last_used_date: date(c.AccessKey1LastUsedDate),
    access_key_2_active: String(Boolean(c.AccessKey2Active)),
    access_key_2_last_rotated: date(c.AccessKey2LastRotated),
    access_key_2_last_used_date: date(c.AccessKey2LastUsedDate),
  };
}

function pantherCredentialReport(e: Json): ResourceRecord {
  return rec('aws.iam.credential-report', 'arn:aws:iam::123456789012:credential-report', { rows: [reportRow(e.CredentialReport ?? {})] }, { region: 'global' });
}

/** Panther's IAM user (with its credential-report row) → `aws.iam.user` with hydrated keys. */
function pantherUser(e: Json): ResourceRecord {
  const c: Json = e.CredentialReport ?? {};
  const keys: Json[] = [];
  for (const n of [1, 2])
    if (c[`AccessKey${n}Active`])
      keys.push({
        AccessKeyId: `AKIA${n}`,
        Status: 'Active',
        CreateDate: c[`AccessKey${n}LastRotated`],
        LastUsed: { LastUsedDate: String(c[`AccessKey${n}LastUsedDate`]).startsWith('0001-') ? null : c[`AccessKey${n}LastUsedDate`] },
      });
  return rec(
    'aws.iam.user',
    e.Arn ?? e.ARN ?? 'arn:aws:iam::123456789012:user/u',
    {
      UserName: e.UserName,
      Arn: e.Arn ?? e.ARN,
      CreateDate: e.CreateDate,
      loginProfile: c.PasswordEnabled ? { CreateDate: c.PasswordLastChanged } : null,
      mfaDevices: c.MfaActive || e.VirtualMFA ? [{ SerialNumber: 'mfa' }] : [],
      accessKeys: keys,
      attachedPolicies: [],
      inlinePolicies: [],
      groups: e.Groups ?? [],
    },
    { region: 'global' },
  );
}

const plain = (type: string, idKey: string) => (e: Json) => rec(type, String(e[idKey] ?? e.ARN ?? e.Arn ?? `${type}/x`), strip(e));

function pantherLambda(e: Json): ResourceRecord {
  const { Policy, ...rest } = strip(e);
  return rec('aws.lambda.function', e.Arn ?? 'arn:aws:lambda:us-east-1:123456789012:function:f', {
    ...rest,
    FunctionArn: e.Arn,
    FunctionName: e.Name,
    policy: parsePolicy(Policy?.Policy ?? null),
    urlConfig: null,
  });
}

function pantherKey(e: Json): ResourceRecord {
  const { KeyRotationEnabled, Policy, ...rest } = strip(e);
  return rec('aws.kms.key', e.Arn ?? 'arn:aws:kms:us-east-1:123456789012:key/k', {
    ...rest,
    rotationEnabled: KeyRotationEnabled ?? false,
    policy: parsePolicy(Policy),
  });
}

function pantherVpc(e: Json): ResourceRecord {
  const { FlowLogs, ...rest } = strip(e);
  return rec('aws.ec2.vpc', `arn:aws:ec2:us-east-1:123456789012:vpc/${e.VpcId ?? 'vpc'}`, { ...rest, flowLogs: FlowLogs ?? [] });
}

/** Panther's log group is PascalCase; DescribeLogGroups itself answers in camelCase (`kmsKeyId`, …). */
function pantherLogGroup(e: Json): ResourceRecord {
  return rec('aws.logs.log-group', e.Arn ?? 'arn:aws:logs:us-east-1:123456789012:log-group:g', {
    logGroupName: e.LogGroupName ?? e.Name,
    arn: e.Arn,
    creationTime: e.CreationTime,
    metricFilterCount: e.MetricFilterCount,
    storedBytes: e.StoredBytes,
    ...(e.RetentionInDays !== null && e.RetentionInDays !== undefined && { retentionInDays: e.RetentionInDays }),
    ...(e.KmsKeyId && { kmsKeyId: e.KmsKeyId }),
    metricFilters: [],
  });
}

interface PantherMapping {
  checks: string[];
  adapt: (e: Json) => ResourceRecord;
  params?: Record<string, Record<string, unknown>>;
}

/**
 * Panther config policies with the same intent as a Skywatch check. Keys are Panther policy ids;
 * values are the checks (all must pass for "compliant") and the adapter for Panther's snapshot.
 */
export const PANTHER_MAP: Record<string, PantherMapping> = {
  'AWS.S3.Bucket.Versioning': { checks: ['aws-s3-bucket-versioning-enabled'], adapt: pantherBucket },
  'AWS.S3.Bucket.MFADelete': { checks: ['aws-s3-bucket-mfa-delete-enabled'], adapt: pantherBucket },
  'AWS.S3.Bucket.Logging': { checks: ['aws-s3-bucket-access-logging-enabled'], adapt: pantherBucket },
  'AWS.S3.Bucket.Encryption': { checks: ['aws-s3-bucket-default-encryption-enabled'], adapt: pantherBucket },
  'AWS.S3.Bucket.SecureAccess': { checks: ['aws-s3-bucket-secure-transport-required'], adapt: pantherBucket },
  'AWS.EC2.Volume.Encryption': { checks: ['aws-ec2-volume-encrypted'], adapt: plain('aws.ec2.volume', 'ARN') },
  'AWS.EC2.Instance.DetailedMonitoring': { checks: ['aws-ec2-instance-detailed-monitoring-enabled'], adapt: plain('aws.ec2.instance', 'ARN') },
  'AWS.VPC.FlowLogs': { checks: ['aws-ec2-vpc-flow-logs-enabled'], adapt: pantherVpc },
  'AWS.SecurityGroup.AdministrativeIngress': {
    checks: [
      'aws-ec2-security-group-ssh-not-open-ipv4',
      'aws-ec2-security-group-rdp-not-open-ipv4',
      'aws-ec2-security-group-ssh-not-open-ipv6',
      'aws-ec2-security-group-rdp-not-open-ipv6',
    ],
    adapt: (e) => rec('aws.ec2.security-group', `arn:aws:ec2:us-east-1:123456789012:security-group/${e.GroupId}`, strip(e)),
  },
  'AWS.NetworkACL.RestrictedSSH': {
    checks: ['aws-ec2-network-acl-ssh-not-open-ipv4', 'aws-ec2-network-acl-ssh-not-open-ipv6'],
    adapt: plain('aws.ec2.network-acl', 'ARN'),
  },
  'AWS.CloudTrail.LogValidation': { checks: ['aws-cloudtrail-trail-log-file-validation-enabled'], adapt: pantherTrail },
  'AWS.CloudTrail.LogEncryption': { checks: ['aws-cloudtrail-trail-kms-encrypted'], adapt: pantherTrail },
  'AWS.PasswordPolicy.PasswordReuse': { checks: ['aws-iam-password-policy-prevents-reuse'], adapt: pantherPasswordPolicy },
  'AWS.PasswordPolicy.PasswordAgeLimit': { checks: ['aws-iam-password-policy-expires-90-days'], adapt: pantherPasswordPolicy },
  'AWS.RootAccount.MFA': { checks: ['aws-iam-root-mfa-enabled'], adapt: pantherCredentialReport },
  'AWS.RootAccount.AccessKeys': { checks: ['aws-iam-root-no-access-keys'], adapt: pantherCredentialReport },
  'AWS.IAM.User.MFA': { checks: ['aws-iam-user-console-mfa-enabled'], adapt: pantherUser },
  'AWS.RDS.Instance.PublicAccess': { checks: ['aws-rds-db-instance-not-public'], adapt: plain('aws.rds.db-instance', 'DBInstanceArn') },
  'AWS.RDS.Instance.Encryption': { checks: ['aws-rds-db-instance-storage-encrypted'], adapt: plain('aws.rds.db-instance', 'DBInstanceArn') },
  'AWS.RDS.InstanceBackup': { checks: ['aws-rds-db-instance-backups-enabled'], adapt: plain('aws.rds.db-instance', 'DBInstanceArn') },
  'AWS.RDS.Instance.AutoMinorVersionUpgradeEnabled': {
    checks: ['aws-rds-db-instance-auto-minor-version-upgrade'],
    adapt: plain('aws.rds.db-instance', 'DBInstanceArn'),
  },
  'AWS.RDS.InstanceHighAvailability': { checks: ['aws-rds-db-instance-multi-az'], adapt: plain('aws.rds.db-instance', 'DBInstanceArn') },
  'AWS.CMK.KeyRotation': { checks: ['aws-kms-key-rotation-enabled'], adapt: pantherKey },
  'AWS.Lambda.PublicAccess': { checks: ['aws-lambda-function-policy-not-public'], adapt: pantherLambda },
  'AWS.CloudWatchLogs.Encrypted': { checks: ['aws-logs-log-group-kms-encrypted'], adapt: pantherLogGroup },
  'AWS.CloudWatchLogs.DataRetention1Year': { checks: ['aws-logs-log-group-retention-at-least-365-days'], adapt: pantherLogGroup },
};

export interface PantherRow {
  kind: string;
  rule_id: string;
  test_name: string;
  expected_result: boolean;
  has_mocks: boolean;
  event: Json;
}

export function pantherCases(rows: readonly PantherRow[]): { cases: Case[]; unmappedRules: Set<string>; mockRows: number } {
  const cases: Case[] = [];
  const unmappedRules = new Set<string>();
  let mockRows = 0;
  for (const r of rows) {
    if (r.kind !== 'policy') continue;
    const m = PANTHER_MAP[r.rule_id];
    if (!m) {
      unmappedRules.add(r.rule_id);
      continue;
    }
    // Rows whose verdict depends on Panther's mocked look-ups cannot be reproduced from the snapshot.
    if (r.has_mocks) {
      mockRows++;
      continue;
    }
    cases.push({
      source: 'panther',
      name: `${r.rule_id}: ${r.test_name}`,
      checks: m.checks,
      resource: m.adapt(r.event),
      compliant: r.expected_result,
      ...(m.params && { params: m.params }),
    });
  }
  return { cases, unmappedRules, mockRows };
}

// ---------------------------------------------------------------- ScoutSuite

/** ScoutSuite's processed security group → DescribeSecurityGroups IpPermissions. */
function scoutPermissions(rules: Json | undefined): Json[] {
  const out: Json[] = [];
  for (const [proto, p] of Object.entries<Json>(rules?.protocols ?? {})) {
    for (const [ports, spec] of Object.entries<Json>(p.ports ?? {})) {
      const all = proto === 'ALL';
      const [from, to] = ports === 'N/A' ? [undefined, undefined] : ports.split('-').map(Number);
      out.push({
        IpProtocol: all ? '-1' : proto.toLowerCase(),
        ...(from !== undefined && { FromPort: from, ToPort: to ?? from }),
        IpRanges: (spec.cidrs ?? []).filter((c: Json) => !String(c.CIDR).includes(':')).map((c: Json) => ({ CidrIp: c.CIDR })),
        Ipv6Ranges: (spec.cidrs ?? []).filter((c: Json) => String(c.CIDR).includes(':')).map((c: Json) => ({ CidrIpv6: c.CIDR })),
        UserIdGroupPairs: (spec.security_groups ?? []).map((g: Json) => ({ GroupId: g.GroupId, UserId: g.UserId })),
      });
    }
  }
  return out;
}

interface ScoutMapping {
  checks: string[];
  /** Which of the config's objects the rule looks at, each as a resource plus its ScoutSuite path prefix. */
  extract: (config: Json) => { path: string; resource: ResourceRecord }[];
}

const scoutSecurityGroups = (config: Json) => {
  const out: { path: string; resource: ResourceRecord }[] = [];
  for (const [region, r] of Object.entries<Json>(config.services?.ec2?.regions ?? {}))
    for (const [vpc, v] of Object.entries<Json>(r.vpcs ?? {}))
      for (const [sgKey, sg] of Object.entries<Json>(v.security_groups ?? {}))
        out.push({
          path: `ec2.regions.${region}.vpcs.${vpc}.security_groups.${sgKey}`,
          resource: rec(
            'aws.ec2.security-group',
            `arn:aws:ec2:${region}:${config.account_id}:security-group/${sgKey}`,
            {
              GroupId: sgKey,
              GroupName: sg.name,
              Description: sg.description,
              VpcId: vpc,
              OwnerId: sg.owner_id,
              IpPermissions: scoutPermissions(sg.rules?.ingress),
              IpPermissionsEgress: scoutPermissions(sg.rules?.egress),
            },
            { region, account: String(config.account_id) },
          ),
        });
  return out;
};

const scoutEbsDefaults = (config: Json) =>
  Object.entries<Json>(config.services?.ec2?.regions ?? {}).flatMap(([region, r]) =>
    Object.entries<Json>(r.regional_settings ?? {}).map(([i, s]) => ({
      path: `ec2.regions.${region}.regional_settings.${i}`,
      resource: rec(
        'aws.ec2.ebs-default-encryption',
        `arn:aws:ec2:${region}:${config.account_id}:ebs-default-encryption`,
        { EbsEncryptionByDefault: s.ebs_encryption_default, KmsKeyId: s.ebs_default_encryption_key_id },
        { region, account: String(config.account_id) },
      ),
    })),
  );

const num = (v: unknown) => (v === false || v === undefined || v === null ? undefined : Number(v));
const scoutPasswordPolicy = (config: Json) => {
  const p: Json = config.services?.iam?.password_policy;
  if (!p) return [];
  const policy: Json = {
    MinimumPasswordLength: num(p.MinimumPasswordLength),
    RequireSymbols: p.RequireSymbols === true,
    RequireNumbers: p.RequireNumbers === true,
    RequireUppercaseCharacters: p.RequireUppercaseCharacters === true,
    RequireLowercaseCharacters: p.RequireLowercaseCharacters === true,
    ExpirePasswords: p.ExpirePasswords === true,
    ...(num(p.MaxPasswordAge) !== undefined && { MaxPasswordAge: num(p.MaxPasswordAge) }),
    ...(num(p.PasswordReusePrevention) !== undefined && { PasswordReusePrevention: num(p.PasswordReusePrevention) }),
  };
  return [
    {
      path: 'iam.password_policy',
      resource: rec('aws.iam.password-policy', `arn:aws:iam::${config.account_id}:account-password-policy`, policy, {
        region: 'global',
        account: String(config.account_id),
      }),
    },
  ];
};

/**
 * ScoutSuite rules with a Skywatch check of the same intent. ScoutSuite flags a path inside the
 * config; a resource is "non-compliant" when any flagged path lies under its own path.
 */
export const SCOUT_MAP: Record<string, ScoutMapping> = {
  'ec2-security-group-opens-all-ports-to-all': { checks: ['aws-ec2-security-group-all-ports-not-open-ipv4'], extract: scoutSecurityGroups },
  'ec2-security-group-opens-known-port-to-all': {
    checks: [
      'aws-ec2-security-group-mysql-not-open-ipv4',
      'aws-ec2-security-group-ssh-not-open-ipv4',
      'aws-ec2-security-group-rdp-not-open-ipv4',
      'aws-ec2-security-group-postgresql-not-open-ipv4',
    ],
    extract: scoutSecurityGroups,
  },
  'ec2-default-security-group-with-rules': { checks: ['aws-ec2-security-group-default-restricts-all'], extract: scoutSecurityGroups },
  'ec2-ebs-default-encryption-disabled': { checks: ['aws-ec2-ebs-default-encryption-enabled'], extract: scoutEbsDefaults },
  'iam-password-policy-minimum-length': { checks: ['aws-iam-password-policy-min-length-14'], extract: scoutPasswordPolicy },
  'iam-password-policy-no-lowercase-required': { checks: ['aws-iam-password-policy-requires-lowercase'], extract: scoutPasswordPolicy },
  'iam-password-policy-no-uppercase-required': { checks: ['aws-iam-password-policy-requires-uppercase'], extract: scoutPasswordPolicy },
  'iam-password-policy-no-number-required': { checks: ['aws-iam-password-policy-requires-numbers'], extract: scoutPasswordPolicy },
  'iam-password-policy-no-symbol-required': { checks: ['aws-iam-password-policy-requires-symbols'], extract: scoutPasswordPolicy },
  'iam-password-policy-reuse-enabled': { checks: ['aws-iam-password-policy-prevents-reuse'], extract: scoutPasswordPolicy },
  'iam-password-policy-no-expiration': { checks: ['aws-iam-password-policy-expires-90-days'], extract: scoutPasswordPolicy },
  'iam-password-policy-expiration-threshold': { checks: ['aws-iam-password-policy-expires-90-days'], extract: scoutPasswordPolicy },
  'iam-password-policy-lowercase-required': { checks: ['aws-iam-password-policy-requires-lowercase'], extract: scoutPasswordPolicy },
};

export function scoutCases(rule: string, config: Json, flagged: readonly string[]): Case[] {
  const m = SCOUT_MAP[rule];
  if (!m) return [];
  const base = rule.replace(/^.*\//, '');
  return m.extract(config).map(({ path, resource }) => ({
    source: 'scoutsuite',
    name: `${base}: ${path}`,
    checks: m.checks,
    resource,
    compliant: !flagged.some((f) => f === path || f.startsWith(`${path}.`)),
  }));
}
