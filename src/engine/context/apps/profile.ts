import type { GraphView, ResourceRecord } from '../../../core/resource.js';
import type { StoredApplication } from '../../../store/repos/context.repo.js';
import { APPS, type AppSpec } from './catalogue.js';

/** Flow-observed listening ports (issue 6's `observedListeningPorts`), injected so profiling works without it. */
export interface ObservedPorts {
  listening(resourceId: string): Promise<{ port: number; protocol: string; lastSeen: string }[]>;
}
export const NO_OBSERVED_PORTS: ObservedPorts = { listening: async () => [] };

export const HOST_TYPES = ['aws.ec2.instance', 'aws.ecs.service', 'aws.ecs.task-definition', 'aws.lambda.function'] as const;

type Confidence = StoredApplication['confidence'];
interface Evidence {
  source: 'ssm-inventory' | 'scanner-packages' | 'container-image' | 'lambda-runtime' | 'ami-name' | 'tags' | 'observed-port' | 'security-group-port';
  detail: string;
  weight: Confidence;
  version?: string | undefined;
  port?: number;
}

export interface ProfileInput {
  graph: GraphView;
  resources: readonly ResourceRecord[];
  /** Package lists per resource id from scanner reports. */
  packages: Map<string, { name: string; version?: string | undefined }[]>;
  /** Flow-observed listening ports per resource id. */
  listening: Map<string, { port: number; protocol: string; lastSeen: string }[]>;
  /** Internet- or anywhere-open SG ports per resource id (from the exposure analysis or the SGs). */
  sgPorts?: Map<string, number[]>;
  now: string;
}

const o = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(o) : []);

/** Ports a host's security groups admit from any source (the weakest evidence: open is not listening). */
export function openSgPorts(host: ResourceRecord, graph: GraphView): number[] {
  const out = new Set<number>();
  for (const sg of graph.neighbours(host.id, { kind: 'uses-security-group', direction: 'out' })) {
    for (const p of arr(sg.config.IpPermissions)) {
      if (p.FromPort === undefined || String(p.IpProtocol) === '-1') continue;
      const from = Number(p.FromPort);
      const to = Number(p.ToPort);
      for (const app of APPS) for (const port of app.ports) if (from <= port && port <= to) out.add(port);
    }
  }
  return [...out];
}

/**
 * What runs on each host, each application with its evidence and a confidence: high when the
 * host itself says so (SSM inventory, scanner package lists, Lambda runtime), medium for what it
 * was built from (container image, AMI name) or a port seen listening in flow logs, low for tags
 * and security-group ports alone. Two independent medium signals make high.
 */
export function profileApplications(input: ProfileInput): StoredApplication[] {
  const out: StoredApplication[] = [];
  for (const host of input.resources) {
    if (!(HOST_TYPES as readonly string[]).includes(host.type)) continue;
    const ev = new Map<string, Evidence[]>();
    const add = (app: AppSpec, e: Evidence) => {
      const list = ev.get(app.id) ?? ev.set(app.id, []).get(app.id) ?? [];
      // The same package seen in a report's package list and in its vulnerabilities is one piece of evidence.
      if (!list.some((x) => x.source === e.source && x.detail === e.detail)) list.push(e);
    };
    const c = host.config;

    for (const ssm of input.graph.neighbours(host.id, { kind: 'is', direction: 'in' }).filter((x) => x.type === 'aws.ssm.managed-instance')) {
      for (const item of arr(ssm.config.inventory)) {
        const name = String(item.Name ?? '');
        for (const app of APPS)
          if (app.packages?.test(name))
            add(app, {
              source: 'ssm-inventory',
              detail: `${name} ${String(item.Version ?? '')}`.trim(),
              weight: 'high',
              version: item.Version as string | undefined,
            });
      }
    }
    for (const p of input.packages.get(host.id) ?? [])
      for (const app of APPS)
        if (app.packages?.test(p.name))
          add(app, { source: 'scanner-packages', detail: `${p.name} ${p.version ?? ''}`.trim(), weight: 'high', version: p.version });

    const images: string[] = [];
    const taskDefs = host.type === 'aws.ecs.task-definition' ? [host] : input.graph.neighbours(host.id, { kind: 'uses-task-definition', direction: 'out' });
    for (const td of taskDefs) for (const cd of arr(td.config.containerDefinitions)) if (typeof cd.image === 'string') images.push(cd.image);
    for (const img of images)
      for (const app of APPS)
        if (app.images?.test(img)) add(app, { source: 'container-image', detail: img, weight: 'medium', version: /:([\w.-]+)$/.exec(img)?.[1] });

    if (host.type === 'aws.lambda.function' && typeof c.Runtime === 'string')
      for (const app of APPS)
        if (app.runtime?.test(c.Runtime))
          add(app, { source: 'lambda-runtime', detail: c.Runtime, weight: 'high', version: /(\d+(\.\w+)?)/.exec(c.Runtime)?.[1] });

    if (host.type === 'aws.ec2.instance') {
      const amis = input.graph.neighbours(host.id, { kind: 'from-image', direction: 'out' }).map((i) => String(i.config.Name ?? i.name));
      const ownName = typeof c.ImageName === 'string' ? [c.ImageName] : [];
      for (const ami of [...amis, ...ownName])
        for (const app of APPS)
          if (app.words?.test(ami))
            add(app, { source: 'ami-name', detail: ami, weight: 'medium', version: new RegExp(`${app.id.slice(0, 5)}\\w*-([\\d.]+)`, 'i').exec(ami)?.[1] });
    }
    for (const [k, v] of Object.entries(host.tags))
      for (const app of APPS) if (app.words?.test(v)) add(app, { source: 'tags', detail: `${k}=${v}`, weight: 'low' });

    for (const l of input.listening.get(host.id) ?? [])
      for (const app of APPS)
        if (app.ports.includes(l.port))
          add(app, {
            source: 'observed-port',
            detail: `${l.protocol}/${l.port} listening (flow logs, last seen ${l.lastSeen})`,
            weight: 'medium',
            port: l.port,
          });
    for (const port of input.sgPorts?.get(host.id) ?? openSgPorts(host, input.graph))
      for (const app of APPS)
        if (app.ports.includes(port) && app.ports.length)
          add(app, { source: 'security-group-port', detail: `security group admits tcp/${port}`, weight: 'low', port });

    for (const [appId, list] of ev) {
      const app = APPS.find((a) => a.id === appId) as AppSpec;
      const sources = new Set(list.map((e) => e.source));
      const hasHigh = list.some((e) => e.weight === 'high');
      const mediums = new Set(list.filter((e) => e.weight === 'medium').map((e) => e.source)).size;
      // A bare conventional port (only SG) on a generic web port says little: keep it, but low.
      const confidence: Confidence = hasHigh || mediums >= 2 ? 'high' : mediums === 1 || sources.size >= 3 ? 'medium' : 'low';
      // Ports: seen listening, else the app's ports its security groups open, else its conventional ports.
      const observed = list.filter((e) => e.source === 'observed-port').map((e) => e.port as number);
      const sgOpen = list.filter((e) => e.source === 'security-group-port').map((e) => e.port as number);
      const ports = [...new Set(observed.length ? observed : sgOpen.length ? sgOpen : app.ports)];
      out.push({
        resourceId: host.id,
        resourceType: host.type,
        app: app.id,
        version: list.find((e) => e.version)?.version ?? null,
        confidence,
        ports,
        evidence: list.map((e) => ({ source: e.source, detail: e.detail })),
        computedAt: input.now,
      });
    }
  }
  return out;
}
