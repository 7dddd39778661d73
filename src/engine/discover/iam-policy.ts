import { type CollectorUnit, collectorPermissions } from '../../core/units/collector.js';
import type { RemediationUnit } from '../../core/units/remediation.js';

/** What discovery itself calls, beyond the collectors: identity, organisation, regions, roles, events. */
export const PROVIDER_PERMISSIONS = [
  'sts:GetCallerIdentity',
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
  'organizations:ListRoots',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListChildren',
  'organizations:ListTagsForResource',
  'ec2:DescribeRegions',
] as const;

/** Read-only verbs; anything else a collector declares is flagged, because a scan must never change an account. */
const READ_ONLY = /^(Describe|Get|List|BatchGet|Search|Lookup|Select|Head|View|Check|Query|Scan)|^GET$/;
/** API Gateway's actions are HTTP verbs: `apigateway:GET` is its read. */
/** Non-read verbs that still change nothing in the account and that discovery legitimately needs. */
const ALLOWED_NON_READ = new Set(['iam:GenerateCredentialReport', 'sts:AssumeRole']);

export interface IamPolicyResult {
  policy: { Version: string; Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[] };
  actions: string[];
  /** Declared actions that are not read-only (should be none). */
  suspicious: string[];
  /** Which collectors need each service prefix (for the report). */
  byService: Record<string, string[]>;
  /** Characters IAM counts (whitespace excluded): inline policies of one role may total 10 240. */
  size: number;
}

/**
 * The least-privilege policy: the union of every collector's declared permissions and the
 * provider's own. One statement per service keeps the document readable and diffable.
 */
export function buildIamPolicy(collectors: readonly CollectorUnit<any>[]): IamPolicyResult {
  const units = collectors.filter((c) => c.provider === 'aws').map((c) => ({ id: c.id, permissions: collectorPermissions(c) }));
  const r = policyOf(PROVIDER_PERMISSIONS, units, 'Read');
  r.suspicious = r.actions.filter((a) => !READ_ONLY.test(a.split(':')[1] ?? '') && !ALLOWED_NON_READ.has(a));
  return r;
}

/**
 * The write policy remediation needs: the union of the remediations' declared permissions. It is
 * a separate role (or policy) from the read-only one on purpose, so an organisation can scan
 * everywhere and remediate only where it attaches this one. Verification re-collects through the
 * read-only permissions, so the acting role needs both.
 */
export function buildRemediationPolicy(remediations: readonly RemediationUnit[]): IamPolicyResult {
  return policyOf(['sts:GetCallerIdentity'], remediations, 'Remediate');
}

function policyOf(extra: readonly string[], units: readonly { id: string; permissions: readonly string[] }[], sidPrefix: string): IamPolicyResult {
  const all = new Set<string>(extra);
  const byService: Record<string, Set<string>> = {};
  for (const u of units) {
    for (const p of u.permissions) {
      all.add(p);
      const svc = p.split(':')[0] as string;
      (byService[svc] ??= new Set()).add(u.id);
    }
  }
  const actions = [...all].sort();
  const groups = new Map<string, string[]>();
  for (const a of actions) {
    const svc = a.split(':')[0] as string;
    (groups.get(svc) ?? groups.set(svc, []).get(svc))?.push(a);
  }
  const sid = (svc: string) => `${sidPrefix}${svc.replace(/(^|[-_])([a-z0-9])/g, (_m, _s, ch: string) => ch.toUpperCase())}`;
  const result: IamPolicyResult = {
    policy: {
      Version: '2012-10-17',
      Statement: [...groups].map(([svc, acts]) => ({ Sid: sid(svc), Effect: 'Allow' as const, Action: acts, Resource: '*' as const })),
    },
    actions,
    suspicious: [],
    byService: Object.fromEntries(Object.entries(byService).map(([k, v]) => [k, [...v].sort()])),
    size: 0,
  };
  result.size = JSON.stringify(result.policy).length;
  return result;
}

export interface RoleOptions {
  roleName: string;
  /** The account whose scanner assumes the role (the management or security account). */
  trustedAccount: string;
  externalId?: string;
  /** Which role the template describes: the read-only scanner (default) or the remediation writer. */
  purpose?: 'discovery' | 'remediation';
}

function names(o: RoleOptions) {
  return o.purpose === 'remediation'
    ? {
        what: 'Skywatch remediation role (write actions the remediations declare)',
        logical: 'SkywatchRemediationRole',
        policy: 'skywatch-remediation',
        tf: 'skywatch_remediation',
      }
    : { what: 'Skywatch read-only discovery role', logical: 'SkywatchDiscoveryRole', policy: 'skywatch-discovery-read-only', tf: 'skywatch_discovery' };
}

function trustPolicy(o: RoleOptions) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${o.trustedAccount}:root` },
        Action: 'sts:AssumeRole',
        ...(o.externalId && { Condition: { StringEquals: { 'sts:ExternalId': o.externalId } } }),
      },
    ],
  };
}

/** A CloudFormation template (JSON) for the cross-account role; deploy it to members with a StackSet. */
export function cloudFormationRole(policy: IamPolicyResult['policy'], o: RoleOptions): string {
  const n = names(o);
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${n.what} (generated by \`skywatch iam-policy --format cloudformation\`)`,
    Resources: {
      [n.logical]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: o.roleName,
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: trustPolicy(o),
          Policies: [{ PolicyName: n.policy, PolicyDocument: policy }],
        },
      },
    },
    Outputs: { RoleArn: { Value: { 'Fn::GetAtt': [n.logical, 'Arn'] } } },
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}

/** Terraform (HCL) for the same role, with the policy inlined through `jsonencode`. */
export function terraformRole(policy: IamPolicyResult['policy'], o: RoleOptions): string {
  const statements = policy.Statement.map(
    (s) =>
      `      {\n        Sid      = "${s.Sid}"\n        Effect   = "Allow"\n        Action   = [\n${s.Action.map((a) => `          "${a}",`).join('\n')}\n        ]\n        Resource = "*"\n      },`,
  ).join('\n');
  const condition = o.externalId ? `\n      Condition = { StringEquals = { "sts:ExternalId" = "${o.externalId}" } }` : '';
  const n = names(o);
  return `# ${n.what} (generated by \`skywatch iam-policy --format terraform\`)
resource "aws_iam_role" "${n.tf}" {
  name                 = "${o.roleName}"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${o.trustedAccount}:root" }
      Action    = "sts:AssumeRole"${condition}
    }]
  })
}

resource "aws_iam_role_policy" "${n.tf}" {
  name = "${n.policy}"
  role = aws_iam_role.${n.tf}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
${statements}
    ]
  })
}
`;
}
