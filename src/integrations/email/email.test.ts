import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ctxFor, samplePayload } from '../../../test/support/integrations.js';
import email from './email.integration.js';

/** A local SMTP server (smtp-server) on 127.0.0.1 that records messages and can refuse recipients. */
describe('email integration', () => {
  let server: SMTPServer;
  let port: number;
  const got: { from: string; to: string[]; data: string }[] = [];
  let rcptReply: { code: number; message: string } | undefined;
  beforeEach(async () => {
    got.length = 0;
    rcptReply = undefined;
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(addr, _s, cb) {
        if (rcptReply) {
          const e = new Error(rcptReply.message) as Error & { responseCode: number };
          e.responseCode = rcptReply.code;
          return cb(e);
        }
        cb();
        void addr;
      },
      onData(stream, session, cb) {
        let data = '';
        stream.on('data', (c: Buffer) => {
          data += c.toString('utf8');
        });
        stream.on('end', () => {
          got.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data });
          cb();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.server.address() as AddressInfo).port;
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));
  const ctx = () => ctxFor(email, { host: '127.0.0.1', port, requireTls: false, from: 'skywatch@acme.example', to: ['secops@acme.example'] }, {});

  it('sends to the recipients and the owner, with subject and factors', async () => {
    await email.send(samplePayload(), ctx());
    expect(got).toHaveLength(1);
    expect(got[0]?.to.sort()).toEqual(['bob@acme.example', 'secops@acme.example']);
    expect(got[0]?.data).toContain('Subject: [Skywatch critical]');
    expect(got[0]?.data).toContain('listed by 8 feeds');
    expect(got[0]?.data).toContain('X-Skywatch-Alert: alr_1');
  });

  it('test() verifies the SMTP server; 451 retries, 550 does not', async () => {
    await email.test(ctx());
    rcptReply = { code: 451, message: 'try again later' };
    expect((await email.send(samplePayload(), ctx()).catch((e) => e)).retryable).toBe(true);
    rcptReply = { code: 550, message: 'no such user' };
    expect((await email.send(samplePayload(), ctx()).catch((e) => e)).retryable).toBe(false);
  });
});
