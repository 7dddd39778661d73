import { Option } from 'commander';
import { defineCommand } from '../command.js';
import { formatOption, intArg } from '../options.js';
import { render } from '../output.js';

export default defineCommand({
  name: 'network',
  register(program, ctx) {
    const network = program.command('network').description('what flow logs showed: ports per resource, top talkers, unreadable records');
    network
      .command('ports')
      .description('ports each resource was seen serving (inbound) or using (outbound)')
      .addOption(new Option('--resource <id>', 'one resource'))
      .addOption(new Option('--direction <d>', 'inbound or outbound').choices(['inbound', 'outbound']))
      .addOption(formatOption())
      .action(async (o: { resource?: string; direction?: 'inbound' | 'outbound'; format: 'table' | 'json' | 'csv' }) => {
        const c = ctx();
        const rows = await (await c.store()).network.ports({ ...(o.resource && { resourceId: o.resource }), ...(o.direction && { direction: o.direction }) });
        c.out(
          render(
            rows,
            [
              { key: 'resourceId', get: (r) => r.resourceId, width: 70 },
              { key: 'port', get: (r) => r.port },
              { key: 'protocol', get: (r) => r.protocol },
              { key: 'direction', get: (r) => r.direction },
              { key: 'flows', get: (r) => r.flows },
              { key: 'bytes', get: (r) => r.bytes },
              { key: 'peers', get: (r) => r.peers },
              { key: 'firstSeen', get: (r) => r.firstSeen },
              { key: 'lastSeen', get: (r) => r.lastSeen },
            ],
            o.format,
          ),
        );
      });
    network
      .command('top-talkers')
      .description('resources by bytes seen in flow logs, split inbound/outbound')
      .addOption(new Option('--limit <n>', 'rows').argParser(intArg('--limit', 1, 10_000)).default(20))
      .addOption(formatOption())
      .action(async (o: { limit: number; format: 'table' | 'json' | 'csv' }) => {
        const c = ctx();
        const by = new Map<string, { resourceId: string; inboundBytes: number; outboundBytes: number; flows: number; ports: number }>();
        for (const p of await (await c.store()).network.ports()) {
          const r = by.get(p.resourceId) ?? { resourceId: p.resourceId, inboundBytes: 0, outboundBytes: 0, flows: 0, ports: 0 };
          if (p.direction === 'inbound') r.inboundBytes += p.bytes;
          else r.outboundBytes += p.bytes;
          r.flows += p.flows;
          r.ports++;
          by.set(p.resourceId, r);
        }
        const rows = [...by.values()].sort((a, b) => b.inboundBytes + b.outboundBytes - (a.inboundBytes + a.outboundBytes)).slice(0, o.limit);
        c.out(
          render(
            rows,
            [
              { key: 'resourceId', get: (r) => r.resourceId, width: 70 },
              { key: 'totalBytes', get: (r) => r.inboundBytes + r.outboundBytes },
              { key: 'inboundBytes', get: (r) => r.inboundBytes },
              { key: 'outboundBytes', get: (r) => r.outboundBytes },
              { key: 'flows', get: (r) => r.flows },
              { key: 'ports', get: (r) => r.ports },
            ],
            o.format,
          ),
        );
      });
    network
      .command('errors')
      .description('flow and DNS records an ingest could not read, with file and line')
      .addOption(new Option('--kind <kind>', 'flowlogs or dns').choices(['flowlogs', 'dns']))
      .addOption(formatOption())
      .action(async (o: { kind?: string; format: 'table' | 'json' | 'csv' }) => {
        const c = ctx();
        const rows = await (await c.store()).network.errors(o.kind ? { kind: o.kind } : {});
        c.out(
          render(
            rows,
            [
              { key: 'kind', get: (r) => r.kind },
              { key: 'location', get: (r) => r.location, width: 60 },
              { key: 'line', get: (r) => r.line },
              { key: 'message', get: (r) => r.message, width: 80 },
              { key: 'at', get: (r) => r.at },
            ],
            o.format,
          ),
        );
      });
  },
});
