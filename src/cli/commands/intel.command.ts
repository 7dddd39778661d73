import { dirname } from 'node:path';
import { Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import type { IntelHit } from '../../core/intel.js';
import { FEED_FORMATS, type FeedFormat } from '../../engine/intel/feeds.js';
import { isIpAddress } from '../../engine/intel/ip.js';
import { defineFeed, loadIntel, refreshFeed } from '../../engine/intel/store.js';
import { defineCommand } from '../command.js';
import { formatOption, intArg } from '../options.js';
import { render } from '../output.js';

interface AddOptions {
  file?: string;
  url?: string;
  format: FeedFormat;
  column?: string;
  minLevel?: number;
  refresh?: string;
  category?: 'malicious' | 'tor' | 'mining' | 'scanner' | 'c2' | 'other';
  confidence?: number;
  allowPrivate?: boolean;
}

export default defineCommand({
  name: 'intel',
  register(program, ctx) {
    const intel = program.command('intel').description('threat-intelligence feeds: add, list, refresh, look up');

    intel
      .command('add')
      .description('add (or redefine) a feed and load it now; a bad feed is reported and its previous version kept')
      .argument('<name>', 'feed name')
      .addOption(new Option('--file <path>', 'a local feed file'))
      .addOption(new Option('--url <url>', 'an http(s) URL (private, loopback, link-local and metadata targets are refused)'))
      .addOption(new Option('--format <format>', 'feed format').choices([...FEED_FORMATS]).makeOptionMandatory())
      .addOption(new Option('--column <column>', 'csv: header name or 1-based column number'))
      .addOption(new Option('--min-level <n>', 'ipsum: keep addresses on at least N lists').argParser(intArg('--min-level', 1, 100)))
      .addOption(new Option('--refresh <interval>', 'refresh interval, like 6h'))
      .addOption(new Option('--category <category>', 'category for its indicators').choices(['malicious', 'tor', 'mining', 'scanner', 'c2', 'other']))
      .addOption(new Option('--confidence <n>', 'confidence 0-100 for indicators without one').argParser(intArg('--confidence', 0, 100)))
      .addOption(new Option('--allow-private', 'permit a URL on a private or loopback address'))
      .action(async (name: string, o: AddOptions) => {
        const c = ctx();
        const store = await c.store();
        const feed = await defineFeed(
          store,
          {
            name,
            format: o.format,
            ...(o.file && { file: o.file }),
            ...(o.url && { url: o.url }),
            ...(o.refresh && { refresh: o.refresh }),
            options: {
              ...(o.column && { column: o.column }),
              ...(o.minLevel !== undefined && { minLevel: o.minLevel }),
              ...(o.category && { category: o.category }),
              ...(o.confidence !== undefined && { confidence: o.confidence }),
              ...(o.allowPrivate && { allowPrivate: true }),
            },
          },
          'cli',
        );
        const r = await refreshFeed(store, feed);
        c.out(
          render(
            [r],
            [
              { key: 'feed', get: (x) => x.feed },
              { key: 'ok', get: (x) => x.ok },
              { key: 'version', get: (x) => x.version ?? null },
              { key: 'indicators', get: (x) => x.indicators },
              { key: 'problems', get: (x) => x.problems },
              { key: 'error', get: (x) => x.error ?? null, width: 100 },
            ],
            'table',
          ),
        );
        for (const s of r.sample) c.log.warn(s);
        if (!r.ok) process.exitCode = 1;
      });

    intel
      .command('list')
      .description('configured feeds, their status and indicator counts')
      .addOption(formatOption())
      .action(async (o: { format: 'table' | 'json' | 'csv' }) => {
        const c = ctx();
        const store = await c.store();
        await loadIntel(store, c.config, { baseDir: dirname(c.configFile), refreshMissing: false });
        const feeds = await store.intel.list();
        c.out(
          render(
            feeds,
            [
              { key: 'name', get: (f) => f.name },
              { key: 'format', get: (f) => f.format },
              { key: 'location', get: (f) => f.location, width: 50 },
              { key: 'origin', get: (f) => f.origin },
              { key: 'status', get: (f) => f.status },
              { key: 'version', get: (f) => f.version },
              { key: 'indicators', get: (f) => f.indicatorCount },
              { key: 'refresh', get: (f) => f.refresh },
              { key: 'lastSuccessAt', get: (f) => f.lastSuccessAt },
              { key: 'lastError', get: (f) => f.lastError, width: 60 },
            ],
            o.format,
          ),
        );
      });

    intel
      .command('refresh')
      .description('reload feeds now (all, or the named one)')
      .argument('[name]', 'feed name')
      .addOption(formatOption())
      .action(async (name: string | undefined, o: { format: 'table' | 'json' | 'csv' }) => {
        const c = ctx();
        const store = await c.store();
        await loadIntel(store, c.config, { baseDir: dirname(c.configFile), refreshMissing: false });
        const feeds = (await store.intel.list()).filter((f) => !name || f.name === name);
        if (name && !feeds.length) throw new ConfigError(`no feed named "${name}"`, { field: 'name' });
        const results = [];
        for (const f of feeds) results.push(await refreshFeed(store, f));
        c.out(
          render(
            results,
            [
              { key: 'feed', get: (x) => x.feed },
              { key: 'ok', get: (x) => x.ok },
              { key: 'version', get: (x) => x.version ?? null },
              { key: 'indicators', get: (x) => x.indicators },
              { key: 'problems', get: (x) => x.problems },
              { key: 'error', get: (x) => x.error ?? null, width: 100 },
            ],
            o.format,
          ),
        );
        if (results.some((r) => !r.ok)) process.exitCode = 1;
      });

    intel
      .command('remove')
      .description('remove a feed and its stored versions')
      .argument('<name>', 'feed name')
      .action(async (name: string) => {
        const c = ctx();
        const removed = await (await c.store()).intel.remove(name);
        if (!removed) throw new ConfigError(`no feed named "${name}"`, { field: 'name' });
        c.out(`removed feed ${name}\n`);
      });

    intel
      .command('lookup')
      .description('is this address or domain listed, and by which feeds')
      .argument('<indicator>', 'an IP address or a domain name')
      .addOption(formatOption())
      .action(async (value: string, o: { format: 'table' | 'json' | 'csv' }) => {
        const c = ctx();
        const store = await c.store();
        const m = await loadIntel(store, c.config, { baseDir: dirname(c.configFile) });
        const hit: IntelHit | undefined = isIpAddress(value) ? m.ip(value) : m.domain(value);
        const rows = (hit?.listings ?? []).map((l) => ({ query: value, indicator: hit?.indicator, ...l }));
        c.out(
          render(
            rows,
            [
              { key: 'query', get: (r) => r.query },
              { key: 'indicator', get: (r) => r.indicator },
              { key: 'feed', get: (r) => r.feed },
              { key: 'category', get: (r) => r.category ?? null },
              { key: 'confidence', get: (r) => r.confidence ?? null },
              { key: 'firstSeen', get: (r) => r.firstSeen ?? null },
              { key: 'lastSeen', get: (r) => r.lastSeen ?? null },
            ],
            o.format,
          ),
        );
        if (!hit) process.exitCode = 1;
      });
  },
});
