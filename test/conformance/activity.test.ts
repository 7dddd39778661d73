import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/core/events.js';
import { type GeoLookup, NO_INTEL } from '../../src/core/intel.js';
import { ActivityEngine, bindDetectors } from '../../src/engine/activity/engine.js';
import { SigmaRunner, sigmaRuleId } from '../../src/engine/activity/sigma/engine.js';
import { type SigmaSet, loadSigmaDirs } from '../../src/engine/activity/sigma/load.js';
import { loadUnits } from '../../src/engine/units.js';
import { normaliseCloudTrail } from '../../src/providers/aws/logs/aws-cloudtrail.source.js';
import { testData } from '../support/stores.js';

/**
 * Conformance of the activity detectors against labelled public data:
 * - Stratus Red Team detonation logs: each technique's events must produce a finding;
 * - Panther's CloudTrail test vectors: for the Panther rules whose intent one of our detectors or a
 *   SigmaHQ rule shares, our verdict on each labelled event must agree with Panther's label.
 * Baselines are off (a cold start has no behaviour to compare with); no geo or intel lookups.
 */
const units = loadUnits();
const noGeo: GeoLookup = { lookup: () => undefined };
let sigma: SigmaSet;

function engine(): ActivityEngine {
  return new ActivityEngine(bindDetectors(units.detectors, { intel: NO_INTEL, geo: noGeo }), new SigmaRunner(sigma));
}

/** The SigmaHQ rule "AWS STS AssumeRole Misuse" matches every role session: not evidence of a technique. */
const GENERIC = new Set([sigmaRuleId('905d389b-b853-46d0-9d3d-dea0d3a3cd49')]);

beforeAll(async () => {
  sigma = await loadSigmaDirs([testData('sigma-cloud-rules/rules/cloud/aws')]);
});

describe('Stratus Red Team detonations', () => {
  it('at least 30 of 35 techniques produce a finding', () => {
    const dir = testData('stratus-red-team/docs/detonation-logs');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    const results: { technique: string; rules: string[] }[] = [];
    for (const f of files) {
      const records = JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown[];
      const events = records.map((r) => normaliseCloudTrail(r)).sort((a, b) => a.time - b.time);
      const e = engine();
      const rules = new Set<string>();
      for (const ev of events) for (const h of e.push(ev)) if (!GENERIC.has(h.detectorId)) rules.add(h.detectorId);
      for (const h of e.flush()) rules.add(h.detectorId);
      results.push({ technique: basename(f, '.json'), rules: [...rules].sort() });
    }
    const hit = results.filter((r) => r.rules.length > 0);
    const titleOf = (id: string) => sigma.rules.find((r) => sigmaRuleId(r.id) === id)?.title;
    console.log(
      `\nStratus Red Team: ${hit.length}/${results.length} techniques detected\n${results
        .map((r) => `  ${r.rules.length ? 'HIT ' : 'MISS'} ${r.technique.padEnd(58)} ${r.rules.map((id) => titleOf(id) ?? id).join('; ')}`)
        .join('\n')}\n  misses: ${
        results
          .filter((r) => !r.rules.length)
          .map((r) => r.technique)
          .join(', ') || 'none'
      }\n`,
    );
    expect(results).toHaveLength(35);
    expect(hit.length).toBeGreaterThanOrEqual(30);
  });
});

/** Panther rule → our rules with the same intent (single-event rules only; windowed ones are not comparable per event). */
const SIGMA_FILES: Record<string, string> = {
  'AWS.STS.GetCallerIdentity.TruffleHog': 'aws_sts_getcalleridentity_trufflehog.yml',
  'AWS.Console.GetSigninToken.Abuse': 'aws_console_getsignintoken.yml',
  'AWS.SecurityHub.Finding.Evasion': 'aws_securityhub_finding_evasion.yml',
  'AWS.RDS.PublicRestore': 'aws_rds_public_db_restore.yml',
  'AWS.RDS.MasterPasswordUpdated': 'aws_rds_change_master_password.yml',
  'AWS.EC2.EBS.Encryption.Disabled': 'aws_ec2_disable_encryption.yml',
  'AWS.S3.SuspendVersioning': 'aws_disable_bucket_versioning.yml',
  'AWS.STS.GetSessionToken.Misuse': 'aws_sts_getsessiontoken_misuse.yml',
  'AWS.CloudTrail.EnableRegion': 'aws_cloudtrail_region_enabled.yml',
  'AWS.S3.BucketDeleted': 'aws_cloudtrail_bucket_deleted.yml',
  'AWS.Suspicious.SAML.Activity': 'aws_susp_saml_activity.yml',
};
const BUILTIN: Record<string, string[]> = {
  'AWS.CloudTrail.Stopped': ['aws-cloudtrail-logging-tampered'],
  'AWS.CloudTrail.EventSelectorsDisabled': ['aws-cloudtrail-logging-tampered'],
  'AWS.CloudTrail.AttemptToLeaveOrg': ['aws-cloudtrail-leave-organization'],
  'AWS.CloudTrail.DNSLogsDeleted': ['aws-cloudtrail-network-logging-deleted'],
  'AWS.VPCFlow.LogsDeleted': ['aws-cloudtrail-network-logging-deleted'],
  'AWS.ConfigService.DisabledDeleted': ['aws-cloudtrail-security-service-disabled'],
  'AWS.Console.LoginWithoutMFA': ['aws-cloudtrail-console-login-without-mfa'],
  'AWS.Console.RootLogin': ['aws-cloudtrail-root-credential-use'],
  'AWS.Root.Activity': ['aws-cloudtrail-root-credential-use'],
  'AWS.IAM.Backdoor.User.Keys': ['aws-cloudtrail-iam-credentials-for-other-user'],
  'AWS.User.Login.Profile.Modified': ['aws-cloudtrail-iam-credentials-for-other-user'],
  'AWS.IAM.AttachAdminUserPolicy': ['aws-cloudtrail-iam-admin-policy-attached'],
  'AWS.IAM.AttachAdminRolePolicy': ['aws-cloudtrail-iam-admin-policy-attached'],
  'AWS.IAM.BackdoorRole': ['aws-cloudtrail-iam-trust-policy-opened'],
  'AWS.CloudTrail.SnapshotMadePublic': ['aws-cloudtrail-resource-shared-externally'],
  'AWS.CloudTrail.AMIModifiedForPublicAccess': ['aws-cloudtrail-resource-shared-externally'],
  'AWS.RDS.SnapshotShared': ['aws-cloudtrail-resource-shared-externally'],
  'AWS.S3.DeletePublicAccessBlock': ['aws-cloudtrail-s3-made-public'],
  'AWS.SecretsManager.BatchRetrieveSecrets': ['aws-cloudtrail-secrets-mass-retrieval'],
  'AWS.SSM.DistributedCommand': ['aws-cloudtrail-remote-access-across-instances'],
  'AWS.EC2.LaunchUnusualEC2Instances': ['aws-cloudtrail-gpu-instances-launched'],
  'AWS.Potential.Backdoor.Lambda': ['aws-cloudtrail-lambda-changed-by-unusual-actor'],
  'AWS.EC2.Startup.Script.Change': ['aws-cloudtrail-instance-user-data-modified'],
};

interface Row {
  rule_id: string;
  test_name: string;
  expected_result: boolean;
  has_mocks: boolean;
  log_type: string;
  event: Record<string, unknown>;
}

describe('Panther CloudTrail vectors', () => {
  it('agrees with at least 90% of the labelled rows of the rules whose intent a detector shares', () => {
    const mapping: Record<string, Set<string>> = {};
    for (const [p, ids] of Object.entries(BUILTIN)) mapping[p] = new Set(ids);
    for (const [p, file] of Object.entries(SIGMA_FILES)) {
      const r = sigma.rules.find((x) => basename(x.file) === file);
      if (!r) throw new Error(`sigma rule file ${file} not loaded`);
      mapping[p] = new Set([sigmaRuleId(r.id)]);
    }
    const rows = readFileSync(testData('panther-analysis/test_vectors.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row)
      .filter((r) => r.log_type === 'AWS.CloudTrail' && mapping[r.rule_id] && !r.has_mocks);
    const perRule = new Map<string, { agree: number; total: number }>();
    const disagreements: string[] = [];
    let agree = 0;
    for (const r of rows) {
      let ev: AuditEvent | undefined;
      try {
        // Panther's test events sometimes omit the time or id; the verdict does not depend on them.
        ev = normaliseCloudTrail({ eventTime: '2024-01-01T00:00:00Z', eventID: `panther-${r.test_name}`, ...r.event });
      } catch {
        ev = undefined;
      }
      const fired = ev
        ? engine()
            .push(ev)
            .some((h) => mapping[r.rule_id]?.has(h.detectorId))
        : false;
      const ok = fired === r.expected_result;
      const s = perRule.get(r.rule_id) ?? { agree: 0, total: 0 };
      s.total++;
      if (ok) {
        s.agree++;
        agree++;
      } else disagreements.push(`  ${r.rule_id} / "${r.test_name}": Panther ${r.expected_result}, ours ${fired}${ev ? '' : ' (event not normalisable)'}`);
      perRule.set(r.rule_id, s);
    }
    const ratio = agree / rows.length;
    console.log(
      `\nPanther CloudTrail: ${agree}/${rows.length} rows agree (${(ratio * 100).toFixed(1)}%) over ${perRule.size} mapped rules\n${[...perRule.entries()]
        .sort()
        .map(([id, s]) => `  ${s.agree === s.total ? 'ok  ' : 'DIFF'} ${id.padEnd(48)} ${s.agree}/${s.total}`)
        .join('\n')}\ndisagreements:\n${disagreements.join('\n') || '  none'}\n`,
    );
    expect(perRule.size).toBeGreaterThanOrEqual(30);
    expect(ratio).toBeGreaterThanOrEqual(0.9);
  });
});
