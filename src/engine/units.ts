import { controlExists } from '../compliance/index.js';
import { type Units, validateRegistry } from '../core/units/registry.js';
import { registry } from '../generated/registry.js';

let cached: Units | undefined;

/** The validated units. Validation runs once, on first use, never at import. */
export function loadUnits(): Units {
  cached ??= validateRegistry(registry, controlExists);
  return cached;
}
