import type { ZodType } from 'zod';
import type { Provider } from '../status.js';

/** Declares a resource type: what it is, and optionally the shape of its normalised config. */
export interface ResourceSpec {
  type: string;
  provider: Provider;
  service: string;
  title: string;
  description: string;
  /** `global` resources live in region `global` (IAM users, Route 53 zones). */
  scope: 'regional' | 'global';
  /** Fields of `config` worth showing first in listings and on the resource page. */
  summaryFields?: readonly string[];
  config?: ZodType;
}

export interface ResourceUnit extends ResourceSpec {
  readonly kind: 'resource';
  readonly id: string;
}

/** The unit id of a resource type is its type with dots turned into dashes (`aws-s3-bucket`). */
export function resourceUnitId(type: string): string {
  return type.replace(/\./g, '-');
}

export function defineResource(spec: ResourceSpec): ResourceUnit {
  return Object.freeze({ ...spec, kind: 'resource' as const, id: resourceUnitId(spec.type) });
}
