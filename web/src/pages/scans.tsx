import { Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { when } from '../ui';

interface Scan {
  id: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  stats: Record<string, unknown>;
}
interface Gap {
  account: string;
  region: string;
  service: string;
  operation: string;
  kind: string;
  message: string;
}

export function ScansPage() {
  const scans = useQuery({ queryKey: ['scans'], queryFn: () => api<{ items: Scan[] }>('/api/scans') });
  const latest = scans.data?.items[0];
  const gaps = useQuery({ queryKey: ['scan', latest?.id], enabled: Boolean(latest), queryFn: () => api<{ gaps: Gap[] }>(`/api/scans/${latest?.id}`) });
  return (
    <Stack>
      <Title order={2}>Scans & coverage</Title>
      {!latest && <Text c="dimmed">No scans yet: run `skywatch scan aws`.</Text>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Scan</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>Finished</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(scans.data?.items ?? []).map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.id}</Table.Td>
              <Table.Td>{s.status}</Table.Td>
              <Table.Td>{when(s.startedAt)}</Table.Td>
              <Table.Td>{when(s.finishedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3}>Coverage gaps of the latest scan</Title>
      {gaps.data?.gaps.length === 0 && <Text c="dimmed">None: every service answered.</Text>}
      <Table>
        <Table.Tbody>
          {(gaps.data?.gaps ?? []).map((g) => (
            <Table.Tr key={`${g.account}${g.region}${g.service}${g.operation}`}>
              <Table.Td>{g.account}</Table.Td>
              <Table.Td>{g.region}</Table.Td>
              <Table.Td>
                {g.service}:{g.operation}
              </Table.Td>
              <Table.Td>{g.kind}</Table.Td>
              <Table.Td>{g.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
