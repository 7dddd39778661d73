import { AuthorizeSecurityGroupIngressCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { defineRemediation } from '../../../../../core/units/remediation.js';
import portChecks from '../checks/aws-ec2-security-group-ports-not-open.check.js';

type Perm = {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string; Description?: string }[];
  Ipv6Ranges?: { CidrIpv6?: string; Description?: string }[];
};

/** Ports that are meant to face the internet on a web tier: never revoked automatically. */
const WEB = new Set([80, 443]);

/**
 * Revokes 0.0.0.0/0 and ::/0 from every ingress rule of the group except web ports 80 and 443,
 * port by port (each revoked rule is one change in the plan, so the diff reads "27017: 0.0.0.0/0 → removed").
 */
export default defineRemediation<{ GroupId?: string; IpPermissions?: Perm[] }>({
  id: 'aws-ec2-security-group-revoke-world-ingress',
  title: 'Revoke ingress from 0.0.0.0/0 and ::/0 (except 80/443)',
  resourceType: 'aws.ec2.security-group',
  // The port family's ids (`aws-ec2-security-group-<port>-not-open-ipv4|ipv6`) and the alerts' grouped rules.
  fixes: ['aws-ec2-security-group-no-world-ingress', 'aws-ec2-security-group-world-open-not-on-public-instance', ...portChecks.checks.map((c) => c.id)],
  permissions: ['ec2:RevokeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:DescribeSecurityGroups'],
  impact: 'Clients on the internet can no longer reach these ports; access from inside the VPC and from other groups is unchanged.',
  plan(r) {
    const revoke: Perm[] = [];
    for (const p of r.config.IpPermissions ?? []) {
      if (p.FromPort !== undefined && p.FromPort === p.ToPort && WEB.has(p.FromPort)) continue;
      const v4 = (p.IpRanges ?? []).filter((x) => x.CidrIp === '0.0.0.0/0');
      const v6 = (p.Ipv6Ranges ?? []).filter((x) => x.CidrIpv6 === '::/0');
      if (v4.length || v6.length)
        revoke.push({
          IpProtocol: p.IpProtocol ?? 'tcp',
          ...(p.FromPort !== undefined && { FromPort: p.FromPort }),
          ...(p.ToPort !== undefined && { ToPort: p.ToPort }),
          ...(v4.length && { IpRanges: v4 }),
          ...(v6.length && { Ipv6Ranges: v6 }),
        });
    }
    if (!revoke.length) return null;
    const port = (p: Perm) =>
      p.IpProtocol === '-1' ? 'all traffic' : p.FromPort === p.ToPort ? `${p.IpProtocol}/${p.FromPort}` : `${p.IpProtocol}/${p.FromPort}-${p.ToPort}`;
    return {
      remediationId: 'aws-ec2-security-group-revoke-world-ingress',
      resourceId: r.id,
      summary: `revoke internet ingress on ${revoke.map(port).join(', ')} from ${r.config.GroupId ?? r.name}`,
      changes: revoke.flatMap((p) => [
        ...(p.IpRanges ?? []).map(() => ({ field: `ingress ${port(p)}`, before: '0.0.0.0/0', after: null })),
        ...(p.Ipv6Ranges ?? []).map(() => ({ field: `ingress ${port(p)}`, before: '::/0', after: null })),
      ]),
      data: { groupId: r.config.GroupId ?? r.id.split('/').pop(), permissions: revoke },
    };
  },
  async apply(plan, ctx) {
    await ctx
      .client(EC2Client)
      .send(new RevokeSecurityGroupIngressCommand({ GroupId: String(plan.data.groupId), IpPermissions: plan.data.permissions as Perm[] }));
  },
  async rollback(plan, ctx) {
    await ctx
      .client(EC2Client)
      .send(new AuthorizeSecurityGroupIngressCommand({ GroupId: String(plan.data.groupId), IpPermissions: plan.data.permissions as Perm[] }));
  },
  fixtures: [
    {
      name: '5432 open to 0.0.0.0/0 and ::/0',
      resource: {
        config: {
          GroupId: 'sg-1',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
        },
      },
      expectChanges: 2,
    },
    {
      name: '443 open (a web tier) and 22 from the office',
      resource: {
        config: {
          GroupId: 'sg-1',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.0/24' }] },
          ],
        },
      },
      expectChanges: 0,
    },
  ],
});
