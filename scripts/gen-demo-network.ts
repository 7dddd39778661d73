/**
 * Writes the demo's network data (deterministic: the same files every run):
 *   demo/network/flow-logs/AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/…log.gz  (v5, header line)
 *   demo/network/resolver-logs/AWSLogs/<account>/vpcdnsquerylogs/<vpc>/…log.gz            (JSON lines)
 *   demo/intel/*.txt — small excerpts of permissive public feeds (from ../shared/data when present)
 * Run: npx tsx scripts/gen-demo-network.ts
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEMO_FLOW_HEADER, demoNetworkLogs, flowLine, resolverLine } from '../src/demo/network-traffic.js';
import { DEMO } from '../src/demo/story.js';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'demo/network');
rmSync(out, { recursive: true, force: true });
const { flows, dns } = demoNetworkLogs();
const gz = (text: string) => gzipSync(text, { level: 9, mtime: 0 } as never);
const write = (rel: string, data: Buffer | string) => {
  const p = join(out, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, data);
};

const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10).replace(/-/g, '/');
const groups = new Map<string, string[]>();
for (const f of flows) {
  const key = `${f.account}|${f.region}|${day(f.start)}`;
  const list = groups.get(key) ?? [];
  list.push(flowLine(f));
  groups.set(key, list);
}
for (const [key, lines] of groups) {
  const [account, region, d] = key.split('|') as [string, string, string];
  write(
    `flow-logs/AWSLogs/${account}/vpcflowlogs/${region}/${d}/${account}_vpcflowlogs_${region}_fl-demo_${d.replace(/\//g, '')}.log.gz`,
    gz(`${DEMO_FLOW_HEADER}\n${lines.join('\n')}\n`),
  );
}
const dnsGroups = new Map<string, string[]>();
for (const q of dns) {
  const key = `${q.account}|${q.vpc}`;
  const list = dnsGroups.get(key) ?? [];
  list.push(resolverLine(q));
  dnsGroups.set(key, list);
}
for (const [key, lines] of dnsGroups) {
  const [account, vpc] = key.split('|') as [string, string];
  write(`resolver-logs/AWSLogs/${account}/vpcdnsquerylogs/${vpc}/${account}_vpcdnsquerylogs_${vpc}.log.gz`, gz(`${lines.join('\n')}\n`));
}
console.log(`wrote ${flows.length} flow records in ${groups.size} files, ${dns.length} DNS queries in ${dnsGroups.size} files`);

// Intel excerpts: only permissive sets, each with its origin; the story's addresses must be in them.
const data = resolve(root, '../shared/data');
if (existsSync(data)) {
  const intel = join(root, 'demo/intel');
  mkdirSync(intel, { recursive: true });
  const take = (file: string, n: number) =>
    readFileSync(join(data, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .slice(0, n);
  const ipsum = take('ipsum/ipsum.txt', 400);
  for (const ip of [DEMO.maliciousIp, DEMO.scannerIp, DEMO.miner.poolIp])
    if (!ipsum.some((l) => l.startsWith(`${ip}\t`))) throw new Error(`${ip} not in the ipsum excerpt`);
  writeFileSync(
    join(intel, 'ipsum-excerpt.txt'),
    `# Excerpt (first 400 entries) of IPsum by stamparm, feed of 2026-08-22: https://github.com/stamparm/ipsum @ 5a7c15f3\n# Licence: Unlicense (public domain). Format: address<TAB>number of blocklists listing it.\n${ipsum.join('\n')}\n`,
  );
  const tor = take('tor-exit-nodes/tor-exit-nodes.lst', 300);
  if (!tor.includes(DEMO.torExitIp)) throw new Error('Tor exit of the story missing');
  writeFileSync(
    join(intel, 'tor-exits-excerpt.txt'),
    `# Excerpt (first 300) of Tor exit addresses, 2024-02-27: https://github.com/SecOps-Institute/Tor-IP-Addresses @ 8a1ac761\n# Licence: MIT (c) SecOps Institute.\n${tor.join('\n')}\n`,
  );
  const nocoin = take('nocoin-hosts/hosts.txt', 400);
  if (!nocoin.some((l) => l.endsWith(` ${DEMO.miner.poolDomain}`))) throw new Error('pool domain of the story missing');
  writeFileSync(
    join(intel, 'nocoin-hosts-excerpt.txt'),
    `# NoCoin browser-mining hosts (hosts-file format): https://github.com/hoshsadiq/adblock-nocoin-list @ 9f3caa93\n# Licence: MIT (c) hoshsadiq.\n${nocoin.join('\n')}\n`,
  );
  console.log('wrote demo/intel excerpts');
}
