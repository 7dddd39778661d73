import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type Finding, type Page, api } from '../api';
import { DataTable, SeverityBadge, when } from '../ui';
import { EChart } from '../viz/chart';

interface Talker {
  resourceId: string;
  name: string;
  type: string;
  account: string;
  inboundBytes: number;
  outboundBytes: number;
  flows: number;
  ports: number;
  peers: number;
}

/** Network findings by what they mean to an analyst; rule ids come from the network detectors. */
const GROUPS: { key: string; title: string; test: RegExp }[] = [
  { key: 'intel', title: 'Threat intelligence hits', test: /listed-(address|domain)/ },
  { key: 'scans', title: 'Scans and probing', test: /port-scan|from-internet|sweep|brute/ },
  { key: 'mining', title: 'Cryptocurrency mining', test: /mining/ },
];

export function groupOf(ruleId: string): string {
  return GROUPS.find((g) => g.test.test(ruleId))?.key ?? 'other';
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

function FindingList({ rows }: { rows: Finding[] }) {
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None.
      </Text>
    );
  return (
    <Table>
      <Table.Tbody>
        {rows.map((f) => {
          const intel = f.evidence.intel as { listings?: { feed: string; category?: string }[] } | undefined;
          return (
            <Table.Tr key={f.id}>
              <Table.Td w={100}>
                <SeverityBadge severity={f.severity} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{f.title}</Text>
                <Group gap={4}>
                  {f.resourceId && (
                    <Link to="/inventory/$id" params={{ id: f.resourceId }}>
                      <Text size="xs">{f.resourceId}</Text>
                    </Link>
                  )}
                  {(intel?.listings ?? []).map((l) => (
                    <Badge key={l.feed} size="xs" variant="light" color="red">
                      {l.feed}
                      {l.category ? ` · ${l.category}` : ''}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td w={180}>
                <Text size="xs">{when(f.lastSeen)}</Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Flow and DNS log findings (intel hits, scans, mining, other) and traffic by resource. */
export function NetworkPage() {
  const findings = useQuery({
    queryKey: ['findings', 'network-open'],
    queryFn: () => api<Page<Finding>>('/api/findings?source=network&status=open&limit=1000'),
  });
  const talkers = useQuery({ queryKey: ['top-talkers'], queryFn: () => api<{ items: Talker[] }>('/api/network/top-talkers?limit=100') });
  const by = new Map<string, Finding[]>();
  for (const f of findings.data?.items ?? []) {
    const g = groupOf(f.ruleId);
    by.set(g, [...(by.get(g) ?? []), f]);
  }
  const top = (talkers.data?.items ?? []).slice(0, 12).reverse();
  return (
    <Stack>
      <Title order={2}>Network</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {[...GROUPS, { key: 'other', title: 'Other network findings' }].map((g) => (
          <Card withBorder key={g.key} data-testid={`network-${g.key}`}>
            <Title order={4} mb="xs">
              {g.title} ({by.get(g.key)?.length ?? 0})
            </Title>
            <FindingList rows={by.get(g.key) ?? []} />
          </Card>
        ))}
      </SimpleGrid>
      <Title order={3}>Traffic by resource (top talkers)</Title>
      {top.length > 0 && (
        <EChart
          testId="talkers-chart"
          height={Math.max(200, top.length * 28)}
          option={{
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            legend: { data: ['inbound', 'outbound'], top: 0 },
            grid: { left: 160, right: 30, top: 30, bottom: 20 },
            xAxis: { type: 'value', name: 'MB' },
            yAxis: { type: 'category', data: top.map((t) => t.name) },
            series: [
              { name: 'inbound', type: 'bar', stack: 'b', data: top.map((t) => +(t.inboundBytes / 1048576).toFixed(2)) },
              { name: 'outbound', type: 'bar', stack: 'b', data: top.map((t) => +(t.outboundBytes / 1048576).toFixed(2)) },
            ],
          }}
        />
      )}
      <DataTable
        rows={talkers.data?.items ?? []}
        rowKey={(t) => t.resourceId}
        height={420}
        empty="No flow logs ingested yet: `skywatch network ingest`."
        cols={[
          {
            key: 'name',
            header: 'Resource',
            render: (t) => (
              <Link to="/inventory/$id" params={{ id: t.resourceId }} data-testid="talker">
                {t.name}
              </Link>
            ),
          },
          { key: 'type', header: 'Type', width: 180, render: (t) => t.type },
          { key: 'account', header: 'Account', width: 130, render: (t) => t.account },
          { key: 'total', header: 'Total', width: 100, render: (t) => bytes(t.inboundBytes + t.outboundBytes) },
          { key: 'in', header: 'Inbound', width: 100, render: (t) => bytes(t.inboundBytes) },
          { key: 'out', header: 'Outbound', width: 100, render: (t) => bytes(t.outboundBytes) },
          { key: 'flows', header: 'Flows', width: 80, render: (t) => t.flows },
          { key: 'ports', header: 'Ports', width: 70, render: (t) => t.ports },
          { key: 'peers', header: 'Peers', width: 70, render: (t) => t.peers },
        ]}
      />
    </Stack>
  );
}
