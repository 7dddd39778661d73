import { z } from 'zod';
import { RESOURCE_TYPE_PATTERN, UNIT_ID_PATTERN } from '../ids.js';
import { SEVERITIES } from '../severity.js';

/** Shared metadata schemas; the registry validator runs them at start-up, not at import. */
export const unitId = z.string().regex(UNIT_ID_PATTERN, 'must be lowercase kebab-case');
export const resourceType = z.string().regex(RESOURCE_TYPE_PATTERN, 'must look like provider.service.resource');
export const severity = z.enum(SEVERITIES);
export const attackId = z.string().regex(/^T\d{4}(?:\.\d{3})?$/, 'must be a MITRE ATT&CK technique id like T1078 or T1078.004');
export const iamPermission = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'must look like service:Action');

/** A compliance control reference; `src/compliance` builds these with typed helpers. */
export interface ControlRef {
  framework: string;
  control: string;
}
export const controlRef = z.object({ framework: z.string().min(1), control: z.string().min(1) });
