import { createHash } from 'node:crypto';
import type { FakeServer, Recorded } from './fake-server.js';

/**
 * The receiving side of the AWS protocols our integrations use, on the fake server: the Query
 * protocol (SNS, form-encoded, XML answers), AWS JSON 1.0/1.1 (SQS, EventBridge; `X-Amz-Target`
 * names the operation) and REST-JSON (Security Hub). Handlers get the parsed input.
 */
export type AwsHandler = (input: Record<string, unknown>, req: Recorded) => { status?: number; body: unknown } | undefined;

export function awsJson(s: FakeServer, handlers: Record<string, AwsHandler>): void {
  s.on('POST', '/', (req) => {
    const target = req.headers['x-amz-target'];
    if (!target) return { status: 400, json: { __type: 'UnknownOperationException' } };
    const op = target.split('.').pop() as string;
    const h = handlers[lowerFirst(op)];
    const r = h?.((req.json ?? {}) as Record<string, unknown>, req) ?? { status: 400, body: { __type: 'UnknownOperationException', message: op } };
    return { status: r.status ?? 200, json: r.body, headers: { 'content-type': req.headers['content-type'] ?? 'application/x-amz-json-1.1' } };
  });
}

export function awsQuery(s: FakeServer, handlers: Record<string, (input: URLSearchParams, req: Recorded) => { status?: number; xml: string }>): void {
  s.on('POST', '/', (req) => {
    const input = new URLSearchParams(req.body);
    const op = input.get('Action') ?? '';
    const h = handlers[lowerFirst(op)];
    const r = h?.(input, req) ?? { status: 400, xml: queryError('InvalidAction', op) };
    return { status: r.status ?? 200, body: r.xml, headers: { 'content-type': 'text/xml' } };
  });
}

export function queryError(code: string, message: string): string {
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;
}

/** Handlers are keyed by operation name with a lowercase first letter (publish, sendMessage). */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export const md5 = (s: string) => createHash('md5').update(s).digest('hex');
