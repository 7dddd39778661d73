import type { GapKind } from './status.js';

/**
 * One small hierarchy. Errors are caught at stage boundaries only; inside a stage a bad item
 * becomes a recorded error and the rest goes on.
 */
export class SkywatchError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad configuration or user input: names the file, line and field where it can. */
export class ConfigError extends SkywatchError {
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
  constructor(message: string, where: { file?: string; line?: number; field?: string } = {}, options?: { cause?: unknown }) {
    super('config', message, options);
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
    if (where.field !== undefined) this.field = where.field;
  }
}

/** A collector call that failed; `kind` decides whether it is a coverage gap or worth a retry. */
export class CollectorError extends SkywatchError {
  readonly kind: GapKind;
  readonly service?: string;
  readonly operation?: string;
  constructor(kind: GapKind, message: string, where: { service?: string; operation?: string } = {}, options?: { cause?: unknown }) {
    super(`collector.${kind}`, message, options);
    this.kind = kind;
    if (where.service !== undefined) this.service = where.service;
    if (where.operation !== undefined) this.operation = where.operation;
  }
}

/** A record that could not be parsed, with where it came from (`file:line`, or an S3 key and line). */
export class ParseError extends SkywatchError {
  readonly source: string;
  readonly line?: number;
  constructor(source: string, line: number | undefined, message: string, options?: { cause?: unknown }) {
    super('parse', `${line === undefined ? source : `${source}:${line}`}: ${message}`, options);
    this.source = source;
    if (line !== undefined) this.line = line;
  }
}

/** A delivery that failed; `retryable` tells the queue whether another attempt may succeed. */
export class IntegrationError extends SkywatchError {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  constructor(message: string, opts: { retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super('integration', message, { cause: opts.cause });
    this.retryable = opts.retryable;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
  }
}

/** The registries of units are inconsistent (duplicate ids, dangling references): refuse to start. */
export class RegistryError extends SkywatchError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super('registry', `invalid unit registry:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
