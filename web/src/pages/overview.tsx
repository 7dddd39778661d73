import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type Alert, type Finding, type Page, type Severity, api } from '../api';
import { SeverityBadge } from '../ui';

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function OverviewPage() {
  const facets = useQuery({
    queryKey: ['facets'],
    queryFn: () => api<{ type: string; account: string; region: string; n: number }[]>('/api/inventory/facets'),
  });
  const findings = useQuery({ queryKey: ['findings', 'open-all'], queryFn: () => api<Page<Finding>>('/api/findings?status=open&limit=1000') });
  const alerts = useQuery({ queryKey: ['alerts', 'open'], queryFn: () => api<Page<Alert>>('/api/alerts?status=open&limit=1000') });
  const scans = useQuery({ queryKey: ['scans'], queryFn: () => api<{ items: { id: string; status: string; startedAt: string }[] }>('/api/scans') });

  const byAccount = new Map<string, number>();
  for (const f of facets.data ?? []) byAccount.set(f.account, (byAccount.get(f.account) ?? 0) + f.n);
  const risk = new Map<string, Record<Severity, number>>();
  for (const f of findings.data?.items ?? []) {
    const a = f.account ?? '(none)';
    const row = risk.get(a) ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    row[f.severity]++;
    risk.set(a, row);
  }
  const top = [...(alerts.data?.items ?? [])].sort((a, b) => b.riskScore - a.riskScore).slice(0, 5);
  const total = [...byAccount.values()].reduce((s, n) => s + n, 0);

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
          <Title order={2}>{byAccount.size}</Title>
        </Card>
        <Card withBorder>
          <Text c="dimmed">Open findings</Text>
          <Title order={2}>{findings.data?.items.length ?? 0}</Title>
        </Card>
        <Card withBorder>
          <Text c="dimmed">Open alerts</Text>
          <Title order={2}>{alerts.data?.items.length ?? 0}</Title>
        </Card>
      </SimpleGrid>
      <Title order={3}>Risk posture by account</Title>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Account</Table.Th>
            <Table.Th>Resources</Table.Th>
            {ORDER.map((s) => (
              <Table.Th key={s}>
                <SeverityBadge severity={s} />
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...new Set([...byAccount.keys(), ...risk.keys()])].sort().map((a) => (
            <Table.Tr key={a}>
              <Table.Td>{a}</Table.Td>
              <Table.Td>{byAccount.get(a) ?? 0}</Table.Td>
              {ORDER.map((s) => (
                <Table.Td key={s}>{risk.get(a)?.[s] ?? 0}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3}>Top risks</Title>
      {top.length === 0 && <Text c="dimmed">No open alerts.</Text>}
      {top.map((a) => (
        <Card withBorder key={a.id}>
          <Group justify="space-between">
            <Link to="/alerts/$id" params={{ id: a.id }}>
              {a.title}
            </Link>
            <Group>
              <Text size="sm">risk {a.riskScore}</Text>
              <SeverityBadge severity={a.severity} />
            </Group>
          </Group>
          {a.factors.length > 0 && (
            <Text size="sm" c="dimmed">
              {a.factors.join(' + ')}
            </Text>
          )}
        </Card>
      ))}
      <Text size="sm" c="dimmed">
        Last scan: {scans.data?.items[0] ? `${scans.data.items[0].status} at ${scans.data.items[0].startedAt}` : 'none yet'}
      </Text>
    </Stack>
  );
}
