import type { DnsEvent, FlowEvent } from '../../core/network-events.js';
import type { DetectorUnit } from '../../core/units/detector.js';
import { createDnsExfilDetector } from '../../providers/aws/detectors/aws-route53-resolver-dns-exfiltration.detector.js';
import { createMiningDetector } from '../../providers/aws/detectors/aws-vpc-flow-crypto-mining.detector.js';
import { createListeningPortDetector } from '../../providers/aws/detectors/aws-vpc-flow-new-listening-port.detector.js';
import { createVolumeDetector } from '../../providers/aws/detectors/aws-vpc-flow-outbound-volume-anomaly.detector.js';
import { loadDetectors } from '../detector-units.js';

export const FLOW_SOURCE = 'aws-vpc-flow';
export const DNS_SOURCE = 'aws-route53-resolver';

export interface NetworkDetectorDeps {
  /** Ports each resource is known to serve (from `network_ports`), for the new-listening-port detector. */
  knownPorts?: (resourceId: string) => ReadonlySet<string> | undefined;
  maxKeys?: number;
}

/**
 * The registered detectors of a source, with the stateful ones rebuilt from their factories so they
 * get this run's dependencies and caps (the registry holds their defaults, which the fixtures use).
 */
export function flowDetectors(deps: NetworkDetectorDeps = {}): DetectorUnit<FlowEvent>[] {
  const maxKeys = deps.maxKeys;
  const opt = maxKeys === undefined ? {} : { maxKeys };
  const rebuilt: Record<string, () => DetectorUnit<FlowEvent>> = {
    'aws-vpc-flow-new-listening-port': () => createListeningPortDetector({ ...opt, ...(deps.knownPorts && { known: deps.knownPorts }) }),
    'aws-vpc-flow-crypto-mining': () => createMiningDetector(opt),
    'aws-vpc-flow-outbound-volume-anomaly': () => createVolumeDetector(opt),
  };
  return loadDetectors()
    .filter((d) => d.source === FLOW_SOURCE)
    .map((d) => rebuilt[d.id]?.() ?? (d as DetectorUnit<FlowEvent>));
}

export function dnsDetectors(deps: NetworkDetectorDeps = {}): DetectorUnit<DnsEvent>[] {
  const opt = deps.maxKeys === undefined ? {} : { maxKeys: deps.maxKeys };
  return loadDetectors()
    .filter((d) => d.source === DNS_SOURCE)
    .map((d) => (d.id === 'aws-route53-resolver-dns-exfiltration' ? createDnsExfilDetector(opt) : (d as DetectorUnit<DnsEvent>)));
}
