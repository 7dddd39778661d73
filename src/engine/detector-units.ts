import type { DetectorUnit } from '../core/units/detector.js';
import { validateRegistry } from '../core/units/registry.js';
import { detectorRegistry } from '../generated/detectors.js';

let cached: readonly DetectorUnit<any>[] | undefined;

/**
 * The validated detectors, without the rest of the registry: log ingests (CloudTrail, flow logs)
 * import this instead of `loadUnits`, so they do not load every collector, check and SDK client
 * (about 180 MB of a process that otherwise holds only its windows and baselines). The same
 * checks run on detectors and log sources as in `loadUnits`; the unit objects are the same.
 */
export function loadDetectors(): readonly DetectorUnit<any>[] {
  cached ??= validateRegistry({ resources: [], collectors: [], checks: [], integrations: [], remediations: [], ...detectorRegistry }, () => true).detectors;
  return cached;
}
