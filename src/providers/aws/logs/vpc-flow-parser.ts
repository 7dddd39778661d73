import type { FlowRecord } from '../../../core/events.js';

/**
 * A fast VPC / Transit Gateway flow-log parser. It scans a Buffer by index: no `split`, no
 * intermediate arrays, numbers parsed from the bytes, strings sliced only for fields that exist.
 * Which field sits where comes from a header line, a configured field list, or — for headerless
 * files in one of AWS's default layouts — the number of fields on the line.
 */

type Kind = 'int' | 'str' | 'action' | 'status' | 'direction';
export interface FlowField {
  key: keyof FlowRecord | null;
  kind: Kind;
}

/** Every documented VPC flow-log field (versions 2–8) and the Transit Gateway ones with a typed slot. */
const FIELDS: Record<string, FlowField> = {
  version: { key: 'version', kind: 'int' },
  'account-id': { key: 'account', kind: 'str' },
  'interface-id': { key: 'interfaceId', kind: 'str' },
  srcaddr: { key: 'srcAddr', kind: 'str' },
  dstaddr: { key: 'dstAddr', kind: 'str' },
  srcport: { key: 'srcPort', kind: 'int' },
  dstport: { key: 'dstPort', kind: 'int' },
  protocol: { key: 'protocol', kind: 'int' },
  packets: { key: 'packets', kind: 'int' },
  bytes: { key: 'bytes', kind: 'int' },
  start: { key: 'start', kind: 'int' },
  end: { key: 'end', kind: 'int' },
  action: { key: 'action', kind: 'action' },
  'log-status': { key: 'logStatus', kind: 'status' },
  'vpc-id': { key: 'vpcId', kind: 'str' },
  'subnet-id': { key: 'subnetId', kind: 'str' },
  'instance-id': { key: 'instanceId', kind: 'str' },
  'tcp-flags': { key: 'tcpFlags', kind: 'int' },
  type: { key: 'type', kind: 'str' },
  'pkt-srcaddr': { key: 'pktSrcAddr', kind: 'str' },
  'pkt-dstaddr': { key: 'pktDstAddr', kind: 'str' },
  region: { key: 'region', kind: 'str' },
  'az-id': { key: 'azId', kind: 'str' },
  'sublocation-type': { key: 'sublocationType', kind: 'str' },
  'sublocation-id': { key: 'sublocationId', kind: 'str' },
  'pkt-src-aws-service': { key: 'pktSrcAwsService', kind: 'str' },
  'pkt-dst-aws-service': { key: 'pktDstAwsService', kind: 'str' },
  'flow-direction': { key: 'flowDirection', kind: 'direction' },
  'traffic-path': { key: 'trafficPath', kind: 'int' },
  'ecs-cluster-arn': { key: 'ecsClusterArn', kind: 'str' },
  'ecs-cluster-name': { key: 'ecsClusterName', kind: 'str' },
  'ecs-container-instance-arn': { key: 'ecsContainerInstanceArn', kind: 'str' },
  'ecs-container-instance-id': { key: 'ecsContainerInstanceId', kind: 'str' },
  'ecs-container-id': { key: 'ecsContainerId', kind: 'str' },
  'ecs-second-container-id': { key: 'ecsSecondContainerId', kind: 'str' },
  'ecs-service-name': { key: 'ecsServiceName', kind: 'str' },
  'ecs-task-definition-arn': { key: 'ecsTaskDefinitionArn', kind: 'str' },
  'ecs-task-arn': { key: 'ecsTaskArn', kind: 'str' },
  'ecs-task-id': { key: 'ecsTaskId', kind: 'str' },
  'reject-reason': { key: 'rejectReason', kind: 'str' },
  'tgw-id': { key: 'tgwId', kind: 'str' },
  'tgw-attachment-id': { key: 'tgwAttachmentId', kind: 'str' },
};

export const V2_FIELDS = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'.split(' ');
const V3_EXTRA = 'vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr'.split(' ');
const V4_EXTRA = 'region az-id sublocation-type sublocation-id'.split(' ');
const V5_EXTRA = 'pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path'.split(' ');
const V7_EXTRA =
  'ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id'.split(
    ' ',
  );
/** Transit Gateway flow logs, all fields in AWS's default order. */
export const TGW_FIELDS =
  'version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service'.split(
    ' ',
  );

/** Headerless files: AWS's "all fields up to version N" layouts, told apart by field count. */
const DEFAULT_LAYOUTS = new Map<number, string[]>([
  [14, V2_FIELDS],
  [21, [...V2_FIELDS, ...V3_EXTRA]],
  [25, [...V2_FIELDS, ...V3_EXTRA, ...V4_EXTRA]],
  [29, [...V2_FIELDS, ...V3_EXTRA, ...V4_EXTRA, ...V5_EXTRA]],
  [39, [...V2_FIELDS, ...V3_EXTRA, ...V4_EXTRA, ...V5_EXTRA, ...V7_EXTRA]],
  [40, [...V2_FIELDS, ...V3_EXTRA, ...V4_EXTRA, ...V5_EXTRA, ...V7_EXTRA, 'reject-reason']],
]);

export const KNOWN_FLOW_FIELDS: readonly string[] = [...new Set([...Object.keys(FIELDS), ...TGW_FIELDS])];

export interface FlowFormat {
  readonly names: readonly string[];
  readonly fields: readonly FlowField[];
  /** Named fields without a typed slot: kept in `extra` (custom formats, TGW counters). */
  readonly extraNames: readonly (string | null)[];
}

/**
 * A format from a field list: a header line (`version account-id …`), AWS's LogFormat syntax
 * (`${version} ${account-id} …`), or an array. Unknown names are kept in `extra`.
 */
export function flowFormat(list: string | readonly string[]): FlowFormat {
  const names = (typeof list === 'string' ? list.trim().split(/\s+/) : [...list]).map((n) => n.replace(/^\$\{|\}$/g, '').trim()).filter(Boolean);
  if (!names.length) throw new Error('empty flow-log field list');
  const fields = names.map((n) => FIELDS[n] ?? { key: null, kind: 'str' as const });
  return { names, fields, extraNames: names.map((n) => (FIELDS[n] ? null : n)) };
}

const layoutCache = new Map<string, FlowFormat>();
function cachedFormat(key: string, names: string[]): FlowFormat {
  let f = layoutCache.get(key);
  if (!f) {
    f = flowFormat(names);
    layoutCache.set(key, f);
  }
  return f;
}

export class FlowParseError extends Error {}

/** True for a header line: it starts with `version` or is made only of field names. */
export function isHeaderLine(buf: Buffer, start: number, end: number): boolean {
  const c = buf[start];
  if (c === undefined || (c >= 48 && c <= 57) || c === 45) return false;
  const text = buf.toString('latin1', start, Math.min(end, start + 4096));
  if (text.startsWith('version ')) return true;
  const tokens = text.trim().split(/\s+/);
  return tokens.length > 1 && tokens.every((t) => KNOWN_FLOW_FIELDS.includes(t) || /^\$\{[a-z0-9-]+\}$/.test(t));
}

/** `buf.latin1Slice` skips `toString`'s argument handling; it is on every Node Buffer. */
type FastBuffer = Buffer & { latin1Slice(start: number, end: number): string };
const str = (buf: Buffer, s: number, e: number): string => (buf as FastBuffer).latin1Slice(s, e);

const SPACE = 32;
const TAB = 9;

function countTokens(buf: Buffer, start: number, end: number): number {
  let n = 0;
  let inTok = false;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    const sep = c === SPACE || c === TAB;
    if (!sep && !inTok) n++;
    inTok = !sep;
  }
  return n;
}

/** CloudWatch Logs exports put an ISO timestamp before each message: skip it. */
function skipExportTimestamp(buf: Buffer, start: number, end: number): number {
  // `2026-11-20T10:00:00.000Z ` — 4 digits, '-', and a 'T' at offset 10.
  if (end - start > 20 && buf[start + 4] === 45 && buf[start + 10] === 84 && buf[start + 7] === 45) {
    let i = start;
    while (i < end && buf[i] !== SPACE) i++;
    return i + 1;
  }
  return start;
}

function headerlessFormat(buf: Buffer, start: number, end: number): FlowFormat {
  const n = countTokens(buf, start, end);
  if (n === 36) {
    // TGW: the 4th field is a transit gateway id.
    let i = start;
    let tok = 0;
    while (i < end && tok < 3) {
      if (buf[i] === SPACE) tok++;
      i++;
    }
    if (buf.toString('latin1', i, i + 4) === 'tgw-') return cachedFormat('tgw', TGW_FIELDS);
  }
  const names = DEFAULT_LAYOUTS.get(n);
  if (!names) throw new FlowParseError(`a line of ${n} fields matches no default flow-log layout; give the header or the field list`);
  return cachedFormat(`n${n}`, names);
}

function parseInt10(buf: Buffer, s: number, e: number, name: string): number {
  let n = 0;
  for (let i = s; i < e; i++) {
    const d = (buf[i] as number) - 48;
    if (d < 0 || d > 9) throw new FlowParseError(`${name} "${buf.toString('latin1', s, Math.min(e, s + 40))}" is not a number`);
    n = n * 10 + d;
  }
  return n;
}

/**
 * Parses the line `buf[start, end)` with `format` (or the default layout its field count implies).
 * Returns null for blank lines; throws FlowParseError for a line that does not fit.
 */
export function parseFlowLine(buf: Buffer, start: number, end: number, format?: FlowFormat): FlowRecord | null {
  if (end > start && buf[end - 1] === 13) end--;
  start = skipExportTimestamp(buf, start, end);
  while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
  if (start >= end) return null;
  const fmt = format ?? headerlessFormat(buf, start, end);
  const rec: FlowRecord = { version: 0 };
  const fields = fmt.fields;
  let i = start;
  let f = 0;
  while (i < end) {
    let j = i;
    while (j < end && buf[j] !== SPACE && buf[j] !== TAB) j++;
    if (f >= fields.length) throw new FlowParseError(`more fields than the ${fields.length} of the format`);
    const field = fields[f] as FlowField;
    // `-` is "no value" for every field.
    if (!(j - i === 1 && buf[i] === 45)) {
      const key = field.key;
      if (key === null) {
        const name = fmt.extraNames[f] as string;
        rec.extra ??= {};
        rec.extra[name] = str(buf, i, j);
      } else {
        switch (field.kind) {
          case 'int':
            (rec as unknown as Record<string, number>)[key] = parseInt10(buf, i, j, fmt.names[f] as string);
            break;
          case 'str':
            (rec as unknown as Record<string, string>)[key] = str(buf, i, j);
            break;
          case 'action': {
            const v = str(buf, i, j);
            if (v !== 'ACCEPT' && v !== 'REJECT') throw new FlowParseError(`action "${v.slice(0, 20)}" is not ACCEPT or REJECT`);
            rec.action = v;
            break;
          }
          case 'status': {
            const v = str(buf, i, j);
            if (v !== 'OK' && v !== 'NODATA' && v !== 'SKIPDATA') throw new FlowParseError(`log-status "${v.slice(0, 20)}" is not OK, NODATA or SKIPDATA`);
            rec.logStatus = v;
            break;
          }
          case 'direction': {
            const v = str(buf, i, j);
            if (v !== 'ingress' && v !== 'egress') throw new FlowParseError(`flow-direction "${v.slice(0, 20)}" is not ingress or egress`);
            rec.flowDirection = v;
            break;
          }
        }
      }
    }
    f++;
    i = j;
    while (i < end && (buf[i] === SPACE || buf[i] === TAB)) i++;
  }
  if (f !== fields.length) throw new FlowParseError(`${f} fields where the format has ${fields.length}`);
  return rec;
}

/** Convenience for one line of text (fixtures, the log-source unit). */
export function parseFlowText(line: string, format?: FlowFormat): FlowRecord | null {
  const buf = Buffer.from(line, 'latin1');
  return parseFlowLine(buf, 0, buf.length, format);
}

/**
 * Parses a file's lines in order: a header line sets the format of the lines after it (files
 * concatenated from several sources may repeat or change headers); a configured field list wins
 * over headerless guessing.
 */
export class FlowStreamParser {
  private format: FlowFormat | undefined;
  /** The default layout the last headerless line had: tried first, so fields are not counted per line. */
  private guess: FlowFormat | undefined;
  constructor(configured?: FlowFormat) {
    this.format = configured;
  }

  /** The layout the next data line is tried with: the configured or header one, else the last guess. */
  get layout(): FlowFormat | undefined {
    return this.format ?? this.guess;
  }

  line(buf: Buffer, start: number, end: number): FlowRecord | null {
    if (isHeaderLine(buf, start, end)) {
      this.format = flowFormat(buf.toString('latin1', start, end));
      return null;
    }
    if (this.format) return parseFlowLine(buf, start, end, this.format);
    if (this.guess) {
      try {
        return parseFlowLine(buf, start, end, this.guess);
      } catch (e) {
        // A line that does not fit the last layout may have another one: decide again by its field count.
        if (!(e instanceof FlowParseError)) throw e;
      }
    }
    let s = skipExportTimestamp(buf, start, end);
    while (s < end && (buf[s] === SPACE || buf[s] === TAB)) s++;
    if (s >= end || (end - s === 1 && buf[s] === 13)) return null;
    this.guess = headerlessFormat(buf, s, buf[end - 1] === 13 ? end - 1 : end);
    return parseFlowLine(buf, start, end, this.guess);
  }

  /** Every record of a whole buffer (tests and small files); bad lines are reported, not thrown. */
  all(buf: Buffer, onError?: (line: number, message: string) => void): FlowRecord[] {
    const out: FlowRecord[] = [];
    let start = 0;
    let n = 0;
    while (start < buf.length) {
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      n++;
      try {
        const r = this.line(buf, start, end);
        if (r) out.push(r);
      } catch (e) {
        onError?.(n, (e as Error).message);
      }
      start = end + 1;
    }
    return out;
  }
}
