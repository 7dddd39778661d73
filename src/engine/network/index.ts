export { AttributionIndex, buildAttributionIndex, observedListeningPorts, fallbackResource, type InventoryItem } from './attribution.js';
export { FlowEnricher, DnsEnricher, sourceInitiated } from './enrich.js';
export { ingestFlowLogs, ingestDnsLogs, logObjects, type IngestReport, type NetworkIngestOptions, type S3Lister } from './ingest.js';
export { NetworkDetection } from './detect.js';
export { flowDetectors, dnsDetectors } from './detectors.js';
export { s3Lister } from './s3.js';
export { NETWORK_INGEST_JOB, enqueueNetworkIngest, runNetworkIngest, type NetworkIngestJob } from './jobs.js';
