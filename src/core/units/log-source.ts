import type { Provider } from '../status.js';

/**
 * A log source turns one raw record (already split from its container: a line, or one element of a
 * `Records` array) into zero or more normalised events. Reading files, S3 and queues is the engine's job.
 */
export interface LogSourceSpec<E> {
  id: string;
  title: string;
  provider: Provider | 'any';
  /** How records are framed in a file: JSON lines, a JSON document with a records array, or text lines. */
  framing: 'json-lines' | 'json-records' | 'text-lines';
  /** Throws (any Error) for a record it cannot accept; the reader records it with its location. */
  normalise(raw: unknown): E | E[] | null;
  fixtures: readonly { name: string; raw: unknown; expect: Partial<E> | null }[];
}

export interface LogSourceUnit<E = any> extends LogSourceSpec<E> {
  readonly kind: 'log-source';
}

export function defineLogSource<E>(spec: LogSourceSpec<E>): LogSourceUnit<E> {
  return Object.freeze({ ...spec, kind: 'log-source' as const });
}
