import type { ResourceRecord } from '../../../core/resource.js';
import { shortId } from '../../context/inventory.js';
import { asArray, asObj, repositoryOf, str } from './normalise.js';
import type { VulnTarget } from './types.js';

export type MatchMethod = 'explicit' | 'resource-id' | 'instance-id' | 'lambda-arn' | 'image-digest' | 'repository' | 'hostname' | 'ip';

/** Lookup tables over the inventory for the identifiers scanners print. Built once per ingest. */
export interface MatchIndex {
  byId: Map<string, ResourceRecord>;
  instanceIds: Map<string, ResourceRecord>;
  lambdas: Map<string, ResourceRecord>;
  digests: Map<string, ResourceRecord>;
  repositories: Map<string, ResourceRecord>;
  hostnames: Map<string, ResourceRecord>;
  ips: Map<string, ResourceRecord>;
}

export function buildMatchIndex(resources: readonly ResourceRecord[], edges: readonly { from: string; to: string; kind: string }[] = []): MatchIndex {
  const idx: MatchIndex = {
    byId: new Map(),
    instanceIds: new Map(),
    lambdas: new Map(),
    digests: new Map(),
    repositories: new Map(),
    hostnames: new Map(),
    ips: new Map(),
  };
  const byId = idx.byId;
  for (const r of resources) byId.set(r.id, r);
  const addIp = (ip: unknown, r: ResourceRecord) => typeof ip === 'string' && ip && !idx.ips.has(ip) && idx.ips.set(ip, r);
  const addHost = (h: unknown, r: ResourceRecord) => typeof h === 'string' && h && idx.hostnames.set(h.toLowerCase(), r);
  for (const r of resources) {
    const c = r.config as Record<string, unknown>;
    switch (r.type) {
      case 'aws.ec2.instance': {
        idx.instanceIds.set(str(c.InstanceId) ?? shortId(r.id), r);
        addIp(c.PrivateIpAddress, r);
        addIp(c.PublicIpAddress, r);
        addHost(c.PrivateDnsName, r);
        addHost(c.PublicDnsName, r);
        if (r.tags.Name) addHost(r.tags.Name, r);
        for (const ni of asArray(c.NetworkInterfaces).map(asObj)) {
          for (const p of asArray(ni.PrivateIpAddresses).map(asObj)) {
            addIp(p.PrivateIpAddress, r);
            addIp(asObj(p.Association).PublicIp, r);
          }
          for (const v6 of asArray(ni.Ipv6Addresses).map(asObj)) addIp(v6.Ipv6Address, r);
        }
        break;
      }
      case 'aws.lambda.function':
        idx.lambdas.set(str(c.FunctionArn) ?? r.id, r);
        idx.lambdas.set(r.id, r);
        break;
      case 'aws.ecr.repository': {
        const name = str(c.RepositoryName);
        if (name) idx.repositories.set(name, r);
        const uri = str(c.RepositoryUri);
        if (uri) idx.repositories.set(uri, r);
        for (const img of asArray(c.images).map(asObj)) if (str(img.imageDigest)) idx.digests.set(img.imageDigest as string, r);
        break;
      }
      case 'aws.ssm.managed-instance': {
        // The managed instance `is` an EC2 instance: hostnames resolve to the instance itself.
        const inst = edges.find((e) => e.from === r.id && e.kind === 'is');
        const target = (inst && byId.get(inst.to)) ?? r;
        addHost(c.ComputerName, target);
        addIp(c.IPAddress, target);
        break;
      }
    }
  }
  // ENIs: their addresses belong to the attached instance when there is one.
  for (const r of resources) {
    if (r.type !== 'aws.ec2.network-interface') continue;
    const c = r.config as Record<string, unknown>;
    const att = str(asObj(c.Attachment).InstanceId);
    const owner = (att && idx.instanceIds.get(att)) || r;
    for (const p of asArray(c.PrivateIpAddresses).map(asObj)) {
      addIp(p.PrivateIpAddress, owner);
      addIp(asObj(p.Association).PublicIp, owner);
    }
    addIp(asObj(c.Association).PublicIp, owner);
  }
  return idx;
}

/** The inventory resource a report is about, and how it was recognised; undefined when unmatched. */
export function matchTarget(t: VulnTarget, idx: MatchIndex): { resource: ResourceRecord; method: MatchMethod } | undefined {
  const hit = (r: ResourceRecord | undefined, method: MatchMethod) => (r ? { resource: r, method } : undefined);
  if (t.resourceHint) {
    const direct = idx.byId.get(t.resourceHint) ?? idx.lambdas.get(t.resourceHint);
    if (direct) return { resource: direct, method: 'resource-id' };
  }
  if (t.instanceId) {
    const r = hit(idx.instanceIds.get(t.instanceId), 'instance-id');
    if (r) return r;
  }
  if (t.lambdaArn) {
    const unqualified = t.lambdaArn.split(':').slice(0, 7).join(':');
    const r = hit(idx.lambdas.get(t.lambdaArn) ?? idx.lambdas.get(unqualified), 'lambda-arn');
    if (r) return r;
  }
  for (const d of t.imageDigests ?? []) {
    const r = hit(idx.digests.get(d), 'image-digest');
    if (r) return r;
  }
  for (const repo of t.repositories ?? []) {
    const plain = repositoryOf(repo);
    const afterRegistry = plain.includes('.amazonaws.com/') ? plain.slice(plain.indexOf('.amazonaws.com/') + 15) : plain;
    const r = hit(idx.repositories.get(plain) ?? idx.repositories.get(afterRegistry), 'repository');
    if (r) return r;
  }
  if (t.hostname) {
    const r = hit(idx.hostnames.get(t.hostname.toLowerCase()), 'hostname');
    if (r) return r;
  }
  for (const ip of t.ips ?? []) {
    const r = hit(idx.ips.get(ip), 'ip');
    if (r) return r;
  }
  return undefined;
}

/** Stable key of a report's target: a newer report with the same key replaces the stored one. */
export function targetKey(format: string, t: VulnTarget, resourceId: string | null): string {
  if (resourceId) return `${format}|${resourceId}`;
  return `${format}|${t.kind}|${t.resourceHint ?? t.instanceId ?? t.lambdaArn ?? t.imageDigests?.[0] ?? t.name}`;
}
