import { Badge, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { type Finding, api } from '../api';
import { DataTable, SeverityBadge, when } from '../ui';
import { EChart } from '../viz/chart';
import { FindingsPage } from './findings';

interface Identity {
  identity: string;
  account: string;
  type: string;
  name: string;
  firstSeen: string;
  lastSeen: string;
  learningUntil: string;
  events: number;
  anomalies: number;
}
interface Factor {
  factor: string;
  score: number;
  explanation: string;
}
interface IdentityDetail {
  identity: string;
  account: string;
  type: string;
  name: string;
  firstSeen: string | null;
  lastSeen: string | null;
  learningUntil: string | null;
  events: number;
  baseline: {
    actions: { key: string; count: number }[];
    regions: { key: string; count: number }[];
    countries: { key: string; count: number }[];
    asns: { key: string; count: number }[];
    userAgents: { key: string; count: number }[];
    accessKeys: { key: string; count: number }[];
    hours: number[];
    volume: { mean: number; max: number; n: number } | null;
  };
  anomalies: { time: string | null; eventId: string; action: string; sourceIp?: string; score: number; factors: Factor[] }[];
  findings: Finding[];
}
interface EvidenceEvent {
  eventId: string;
  time: string;
  action: string;
  sourceIp?: string;
  region?: string;
  userAgent?: string;
}

/** Identities seen in audit logs (baseline state, anomaly counts), then the activity findings. */
export function ActivityPage() {
  const navigate = useNavigate();
  const [account, setAccount] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['identities', account],
    queryFn: () => api<{ items: Identity[] }>(`/api/identities?${new URLSearchParams({ limit: '1000', ...(account && { account }) })}`),
  });
  const facets = useQuery({ queryKey: ['facets'], queryFn: () => api<{ account: string }[]>('/api/inventory/facets') });
  const accounts = [...new Set((facets.data ?? []).map((f) => f.account))].sort();
  const rows = [...(q.data?.items ?? [])].sort((a, b) => b.anomalies - a.anomalies || (a.lastSeen < b.lastSeen ? 1 : -1));
  return (
    <Stack>
      <Title order={2}>Activity</Title>
      <Group>
        <Title order={3}>Identities</Title>
        <Select placeholder="All accounts" data={accounts} value={account} onChange={setAccount} clearable aria-label="Account" />
        <Text size="sm" c="dimmed">
          {q.data ? `${rows.length} identities, most anomalies first` : 'Loading…'}
        </Text>
      </Group>
      <DataTable
        rows={rows}
        rowKey={(i) => i.identity}
        height={380}
        onRow={(i) => navigate({ to: '/activity/$identity', params: { identity: i.identity } })}
        empty="No identities yet: ingest CloudTrail with `skywatch activity ingest`."
        cols={[
          { key: 'name', header: 'Identity', render: (i) => <span data-testid="identity-row">{i.name}</span> },
          {
            key: 'arn',
            header: 'ARN',
            render: (i) => (
              <Text size="sm" ff="monospace" truncate>
                {i.identity}
              </Text>
            ),
          },
          { key: 'type', header: 'Type', width: 130, render: (i) => i.type },
          { key: 'account', header: 'Account', width: 130, render: (i) => i.account },
          { key: 'events', header: 'Events', width: 80, render: (i) => i.events },
          {
            key: 'anomalies',
            header: 'Anomalies',
            width: 100,
            render: (i) => (i.anomalies ? <Badge color="orange">{i.anomalies}</Badge> : <Text c="dimmed">0</Text>),
          },
          {
            key: 'state',
            header: 'Baseline',
            width: 140,
            render: (i) =>
              i.learningUntil > i.lastSeen ? (
                <Badge variant="light">learning</Badge>
              ) : (
                <Badge color="green" variant="light">
                  established
                </Badge>
              ),
          },
          { key: 'lastSeen', header: 'Last seen', width: 180, render: (i) => when(i.lastSeen) },
        ]}
      />
      <FindingsPage title="Activity findings" source="activity" heading={3} />
    </Stack>
  );
}

function Top({ title, rows }: { title: string; rows: { key: string; count: number }[] }) {
  return (
    <Card withBorder>
      <Text fw={600} size="sm" mb={4}>
        {title}
      </Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          none
        </Text>
      )}
      {rows.slice(0, 8).map((r) => (
        <Group key={r.key} justify="space-between" wrap="nowrap" gap="xs">
          <Text size="xs" ff="monospace" truncate>
            {r.key}
          </Text>
          <Text size="xs">{r.count}</Text>
        </Group>
      ))}
    </Card>
  );
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** One identity: its baseline, anomalies with the factors that broke it, and a timeline of recent events and findings. */
export function IdentityPage() {
  const { identity } = useParams({ strict: false }) as { identity: string };
  const q = useQuery({ queryKey: ['identity', identity], queryFn: () => api<IdentityDetail>(`/api/identities/${encodeURIComponent(identity)}`) });
  if (!q.data) return <Text>{q.error ? String(q.error) : 'Loading…'}</Text>;
  const d = q.data;
  const events = new Map<string, EvidenceEvent & { finding: Finding }>();
  for (const f of d.findings)
    for (const e of (f.evidence.events as EvidenceEvent[] | undefined) ?? []) if (!events.has(e.eventId)) events.set(e.eventId, { ...e, finding: f });
  const timeline = [
    ...[...events.values()].map((e) => ({ at: e.time, kind: 'event' as const, e })),
    ...d.anomalies.map((a) => ({ at: a.time ?? '', kind: 'anomaly' as const, a })),
  ]
    .sort((x, y) => (x.at < y.at ? 1 : -1))
    .slice(0, 60);
  const byDay = DAYS.map((_, day) => d.baseline.hours.slice(day * 24, day * 24 + 24).reduce((s, n) => s + n, 0));
  return (
    <Stack>
      <Title order={2}>{d.name}</Title>
      <Group>
        <Badge>{d.type}</Badge>
        <Text size="sm">{d.account}</Text>
        <Code>{d.identity}</Code>
      </Group>
      <Text size="sm" c="dimmed">
        {d.events} events from {when(d.firstSeen)} to {when(d.lastSeen)}; baseline{' '}
        {d.learningUntil && d.lastSeen && d.learningUntil > d.lastSeen
          ? `still learning until ${when(d.learningUntil)}`
          : `established ${when(d.learningUntil)}`}
        {d.baseline.volume ? `; ${d.baseline.volume.mean.toFixed(1)} events per active hour on average, ${d.baseline.volume.max} at most` : ''}.
      </Text>
      <Title order={3}>Anomalies ({d.anomalies.length})</Title>
      {d.anomalies.length === 0 && <Text c="dimmed">None: nothing this identity did broke its baseline.</Text>}
      {d.anomalies.length > 0 && (
        <Table withTableBorder data-testid="anomalies">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={180}>When</Table.Th>
              <Table.Th w={200}>Action</Table.Th>
              <Table.Th w={70}>Score</Table.Th>
              <Table.Th>Baseline broken</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.anomalies.map((a) => (
              <Table.Tr key={`${a.eventId}${a.time}`}>
                <Table.Td>{when(a.time)}</Table.Td>
                <Table.Td>
                  <Code>{a.action}</Code>
                  {a.sourceIp && (
                    <Text size="xs" c="dimmed">
                      from {a.sourceIp}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{a.score}</Table.Td>
                <Table.Td>
                  {a.factors.map((f) => (
                    <div key={f.factor}>
                      <Badge size="sm" color="orange" variant="light" mr={6}>
                        {f.factor} +{f.score}
                      </Badge>
                      <Text span size="sm">
                        {f.explanation}
                      </Text>
                    </div>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3}>Baseline</Title>
      <SimpleGrid cols={{ base: 2, lg: 4 }}>
        <Top title="Actions" rows={d.baseline.actions} />
        <Top title="Regions" rows={d.baseline.regions} />
        <Top title="Countries" rows={d.baseline.countries} />
        <Top title="Networks (ASN)" rows={d.baseline.asns} />
        <Top title="User agents" rows={d.baseline.userAgents} />
        <Top title="Access keys" rows={d.baseline.accessKeys} />
      </SimpleGrid>
      {d.baseline.hours.length === 168 && (
        <EChart
          height={180}
          testId="hours-chart"
          option={{
            tooltip: { trigger: 'axis' },
            grid: { left: 40, right: 10, top: 20, bottom: 30 },
            xAxis: { type: 'category', data: Array.from({ length: 168 }, (_, i) => `${DAYS[Math.floor(i / 24)]} ${i % 24}h`) },
            yAxis: { type: 'value', name: 'events' },
            series: [{ type: 'bar', data: d.baseline.hours, name: `events per hour of week (${byDay.map((n, i) => `${DAYS[i]} ${n}`).join(', ')})` }],
          }}
        />
      )}
      <Title order={3}>Timeline</Title>
      {timeline.length === 0 && <Text c="dimmed">No recent events in findings or anomalies.</Text>}
      <Timeline bulletSize={14} lineWidth={2} data-testid="identity-timeline">
        {timeline.map((t) =>
          t.kind === 'anomaly' ? (
            <Timeline.Item key={`a${t.a.eventId}${t.at}`} color="orange" title={`${when(t.at)} · anomaly score ${t.a.score}: ${t.a.action}`}>
              <Text size="xs" c="dimmed">
                {t.a.factors.map((f) => f.explanation).join(' · ')}
              </Text>
            </Timeline.Item>
          ) : (
            <Timeline.Item key={`e${t.e.eventId}`} title={`${when(t.at)} · ${t.e.action}`}>
              <Group gap={6}>
                <SeverityBadge severity={t.e.finding.severity} />
                <Text size="xs">{t.e.finding.title}</Text>
                <Text size="xs" c="dimmed">
                  {[t.e.sourceIp, t.e.region].filter(Boolean).join(' · ')}
                </Text>
              </Group>
            </Timeline.Item>
          ),
        )}
      </Timeline>
      <Text size="sm">
        <Link to="/activity">← all identities</Link>
      </Text>
    </Stack>
  );
}
