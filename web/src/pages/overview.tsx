import { Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type Alert, type Page, SEVERITIES, type Severity, api, compareAlerts } from '../api';
import { SeverityBadge } from '../ui';
import { EChart } from '../viz/chart';

const COLOUR: Record<Severity, string> = { critical: '#c92a2a', high: '#e8590c', medium: '#f59f00', low: '#1c7ed6', info: '#868e96' };

interface FrameworkSummary {
  pass: number;
  fail: number;
  manual: number;
  controls: number;
}
interface Posture {
  byAccount: {
    account: string;
    name: string | null;
    resources: number;
    findings: Partial<Record<Severity, number>>;
    frameworks: Record<string, FrameworkSummary>;
  }[];
  byFramework: ({ framework: string; title: string } & FrameworkSummary)[];
}
interface Gap {
  account: string;
  region: string;
  service: string;
  operation: string;
  kind: string;
  message: string;
}

/** Risk posture by account and framework, the alert trend, top risks with their factors and coverage gaps. */
export function OverviewPage() {
  const posture = useQuery({ queryKey: ['posture'], queryFn: () => api<Posture>('/api/overview/posture') });
  const trend = useQuery({
    queryKey: ['alert-trend'],
    queryFn: () => api<{ days: string[]; series: Record<Severity, number[]> }>('/api/overview/alert-trend?days=30'),
  });
  const alerts = useQuery({ queryKey: ['alerts', 'open'], queryFn: () => api<Page<Alert>>('/api/alerts?status=open&limit=1000') });
  const scans = useQuery({ queryKey: ['scans'], queryFn: () => api<{ items: { id: string; status: string; startedAt: string }[] }>('/api/scans') });
  const latest = scans.data?.items[0];
  const gaps = useQuery({ queryKey: ['scan', latest?.id], enabled: Boolean(latest), queryFn: () => api<{ gaps: Gap[] }>(`/api/scans/${latest?.id}`) });

  const accounts = posture.data?.byAccount ?? [];
  const total = accounts.reduce((s, a) => s + a.resources, 0);
  const openFindings = accounts.reduce((s, a) => s + SEVERITIES.reduce((t, sev) => t + (a.findings[sev] ?? 0), 0), 0);
  const frameworks = posture.data?.byFramework ?? [];
  const top = [...(alerts.data?.items ?? [])].sort(compareAlerts).slice(0, 6);

  return (
    <Stack>
      <Title order={2}>Overview</Title>
      <SimpleGrid cols={4}>
        <Card withBorder>
          <Text c="dimmed">Resources</Text>
          <Title order={2} data-testid="resource-count">
            {total}
          </Title>
        </Card>
        <Card withBorder>
          <Text c="dimmed">Accounts</Text>
          <Title order={2}>{accounts.filter((a) => a.account !== '(none)').length}</Title>
        </Card>
        <Card withBorder>
          <Text c="dimmed">Open findings</Text>
          <Title order={2}>{openFindings}</Title>
        </Card>
        <Card withBorder>
          <Text c="dimmed">Open alerts</Text>
          <Title order={2}>
            {alerts.data?.items.length ?? 0}
            {alerts.data?.next ? '+' : ''}
          </Title>
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={4}>Alerts opened per day (30 days)</Title>
          {trend.data && (
            <EChart
              testId="alert-trend"
              height={240}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { data: SEVERITIES, top: 0 },
                grid: { left: 36, right: 12, top: 30, bottom: 24 },
                xAxis: { type: 'category', data: trend.data.days.map((d) => d.slice(5)) },
                yAxis: { type: 'value', minInterval: 1 },
                series: SEVERITIES.map((s) => ({ name: s, type: 'bar', stack: 'a', itemStyle: { color: COLOUR[s] }, data: trend.data.series[s] ?? [] })),
              }}
            />
          )}
        </Card>
        <Card withBorder data-testid="posture-frameworks">
          <Title order={4} mb="sm">
            Risk posture by framework
          </Title>
          {frameworks.map((f) => (
            <Stack key={f.framework} gap={2} mb="sm">
              <Group justify="space-between">
                <Link to="/compliance">{f.title}</Link>
                <Text size="sm">
                  {f.pass} pass · {f.fail} fail · {f.manual} manual
                </Text>
              </Group>
              <Progress.Root size="lg">
                <Progress.Section value={(100 * f.pass) / Math.max(1, f.controls)} color="green" />
                <Progress.Section value={(100 * f.fail) / Math.max(1, f.controls)} color="red" />
                <Progress.Section value={(100 * f.manual) / Math.max(1, f.controls)} color="gray.4" />
              </Progress.Root>
            </Stack>
          ))}
        </Card>
      </SimpleGrid>
      <Title order={3}>Risk posture by account</Title>
      <Table withTableBorder data-testid="posture-accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Account</Table.Th>
            <Table.Th>Resources</Table.Th>
            {SEVERITIES.map((s) => (
              <Table.Th key={s}>
                <SeverityBadge severity={s} />
              </Table.Th>
            ))}
            {frameworks.map((f) => (
              <Table.Th key={f.framework}>{f.framework} failing</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((a) => (
            <Table.Tr key={a.account}>
              <Table.Td>
                {a.account}
                {a.name && (
                  <Text span c="dimmed" size="sm">
                    {' '}
                    {a.name}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{a.resources}</Table.Td>
              {SEVERITIES.map((s) => (
                <Table.Td key={s}>{a.findings[s] ?? 0}</Table.Td>
              ))}
              {frameworks.map((f) => {
                const x = a.frameworks[f.framework];
                return <Table.Td key={f.framework}>{x ? `${x.fail} / ${x.controls}` : '—'}</Table.Td>;
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack gap="xs">
          <Title order={3}>Top risks</Title>
          {top.length === 0 && <Text c="dimmed">No open alerts.</Text>}
          {top.map((a) => (
            <Card withBorder key={a.id} padding="sm" data-testid="top-risk">
              <Group justify="space-between" wrap="nowrap">
                <Link to="/alerts/$id" params={{ id: a.id }}>
                  {a.title}
                </Link>
                <Group wrap="nowrap" style={{ flexShrink: 0 }}>
                  <Badge variant="outline">risk {a.riskScore}</Badge>
                  <SeverityBadge severity={a.severity} />
                </Group>
              </Group>
              {a.factors.length > 0 && (
                <Group gap={4} mt={4}>
                  {a.factors.map((f) => (
                    <Badge key={f} size="sm" variant="light" color="gray" style={{ textTransform: 'none' }}>
                      {f}
                    </Badge>
                  ))}
                </Group>
              )}
            </Card>
          ))}
        </Stack>
        <Stack gap="xs">
          <Title order={3}>Coverage gaps</Title>
          <Text size="sm" c="dimmed">
            Last scan: {latest ? `${latest.status} at ${latest.startedAt}` : 'none yet'}
          </Text>
          {gaps.data?.gaps.length === 0 && <Text c="dimmed">None: every service answered.</Text>}
          <Table data-testid="coverage-gaps">
            <Table.Tbody>
              {(gaps.data?.gaps ?? []).slice(0, 20).map((g) => (
                <Table.Tr key={`${g.account}${g.region}${g.service}${g.operation}`}>
                  <Table.Td>{g.account}</Table.Td>
                  <Table.Td>{g.region}</Table.Td>
                  <Table.Td>
                    {g.service}:{g.operation}
                  </Table.Td>
                  <Table.Td>{g.kind}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {(gaps.data?.gaps.length ?? 0) > 20 && <Link to="/scans">all {gaps.data?.gaps.length} gaps</Link>}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
