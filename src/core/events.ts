/**
 * Normalised log records shared across capabilities: the activity detectors, event-driven
 * discovery and owner attribution all read `AuditEvent`; the network detectors, application
 * profiling and context read `FlowRecord` and `DnsQuery`. Parsers produce these; nothing downstream
 * reads a provider's raw log format.
 */

export type ActorType = 'root' | 'iam-user' | 'assumed-role' | 'federated-user' | 'aws-service' | 'aws-account' | 'identity-center-user' | 'unknown';
export type ClientKind = 'console' | 'cli' | 'sdk' | 'service' | 'terraform' | 'other';

export interface AuditActor {
  type: ActorType;
  /** The identity's ARN as the log gives it (for assumed roles: the session ARN). */
  arn?: string;
  principalId?: string;
  account?: string;
  accessKeyId?: string;
  /** Role sessions: the role that was assumed (`arn:aws:iam::…:role/Name`) and the session name. */
  sessionIssuer?: string;
  sessionName?: string;
  mfa?: boolean;
  /** Stable per-identity key for baselines: the user ARN, or the role ARN for role sessions. */
  identity: string;
  /** Who did it, for a person: user name, session name (often an email for SSO), or the service. */
  name: string;
  client: ClientKind;
  /** AWS service principal when an AWS service acted (`ec2.amazonaws.com`). */
  invokedBy?: string;
}

export interface AuditEvent {
  /** CloudTrail eventID (unique): dedup key for evidence and resume. */
  id: string;
  /** Epoch milliseconds. */
  time: number;
  provider: 'aws' | 'azure' | 'gcp';
  account: string;
  region: string;
  /** `ec2`, `iam`, `s3`… (eventSource without `.amazonaws.com`). */
  service: string;
  /** `RunInstances`, `ConsoleLogin`… */
  action: string;
  eventSource: string;
  eventType?: string;
  readOnly: boolean;
  errorCode?: string;
  errorMessage?: string;
  actor: AuditActor;
  sourceIp?: string;
  userAgent?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  /** Resources the event touched, as ARNs where derivable, else ids (`i-0abc…`, bucket names). */
  resources: { type?: string; id: string }[];
  /** The raw record, kept for Sigma field access and evidence. */
  raw: Record<string, unknown>;
}

export type FlowAction = 'ACCEPT' | 'REJECT';

/** One VPC / Transit Gateway flow-log record; absent fields are undefined ('-' in the log). */
export interface FlowRecord {
  version: number;
  account?: string;
  interfaceId?: string;
  srcAddr?: string;
  dstAddr?: string;
  srcPort?: number;
  dstPort?: number;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP). */
  protocol?: number;
  packets?: number;
  bytes?: number;
  /** Epoch seconds, as the log gives them. */
  start?: number;
  end?: number;
  action?: FlowAction;
  logStatus?: 'OK' | 'NODATA' | 'SKIPDATA';
  vpcId?: string;
  subnetId?: string;
  instanceId?: string;
  tcpFlags?: number;
  type?: string;
  pktSrcAddr?: string;
  pktDstAddr?: string;
  region?: string;
  azId?: string;
  sublocationType?: string;
  sublocationId?: string;
  pktSrcAwsService?: string;
  pktDstAwsService?: string;
  flowDirection?: 'ingress' | 'egress';
  trafficPath?: number;
  ecsClusterArn?: string;
  ecsClusterName?: string;
  ecsContainerInstanceArn?: string;
  ecsContainerInstanceId?: string;
  ecsContainerId?: string;
  ecsSecondContainerId?: string;
  ecsServiceName?: string;
  ecsTaskDefinitionArn?: string;
  ecsTaskArn?: string;
  ecsTaskId?: string;
  rejectReason?: string;
  /** Transit Gateway flow logs. */
  tgwId?: string;
  tgwAttachmentId?: string;
  /** Any field of a custom format without a typed slot above. */
  extra?: Record<string, string>;
}

/** One Route 53 Resolver query-log record. */
export interface DnsQuery {
  time: number;
  account?: string;
  region?: string;
  vpcId?: string;
  queryName: string;
  queryType: string;
  rcode: string;
  srcAddr?: string;
  srcPort?: number;
  instanceId?: string;
  answers: { type: string; data: string }[];
}

/**
 * `service:action` as one shared string per pair. Baselines look counters up by it on every event and
 * the enumeration detector holds it across a window; a shared string hashes once, where a fresh
 * concatenation per event would allocate and hash each time. The memo is capped (services, actions
 * per service) so odd input cannot grow it without bound; past the cap a fresh string is returned.
 */
const actionKeys = new Map<string, Map<string, string>>();
export function actionKey(service: string, action: string): string {
  let byAction = actionKeys.get(service);
  if (!byAction) {
    if (actionKeys.size >= 2000) actionKeys.clear();
    byAction = new Map();
    actionKeys.set(service, byAction);
  }
  let k = byAction.get(action);
  if (k === undefined) {
    k = `${service}:${action}`;
    if (byAction.size < 10_000) byAction.set(action, k);
  }
  return k;
}
