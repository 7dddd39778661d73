import { Alert as Notice, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { type Alert, type Finding, type Page, api, compareAlerts } from '../api';
import { DataTable, SeverityBadge, when } from '../ui';
import { RemediationPanel } from './remediation';

function useAlertAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: 'ack' | 'resolve' | 'suppress' | 'assign'; body?: unknown }) =>
      api(`/api/alerts/${id}/${action}`, { method: 'POST', body: body ?? {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['alerts'] }).then(() => qc.invalidateQueries({ queryKey: ['alert'] })),
  });
}

export function AlertsPage() {
  const [status, setStatus] = useState<string | null>('open');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const qs = new URLSearchParams({ limit: '1000', ...(status && { status }) });
  const q = useQuery({ queryKey: ['alerts', qs.toString()], queryFn: () => api<Page<Alert>>(`/api/alerts?${qs}`) });
  const act = useAlertAction();
  const rows = [...(q.data?.items ?? [])].sort(compareAlerts);
  const bulkAck = async () => {
    for (const id of selected) await act.mutateAsync({ id, action: 'ack' });
    setSelected(new Set());
  };
  return (
    <Stack>
      <Title order={2}>Alerts</Title>
      <Group>
        <Select
          placeholder="Status"
          data={['open', 'acknowledged', 'resolved', 'suppressed']}
          value={status}
          onChange={setStatus}
          clearable
          aria-label="Status"
        />
        <Button disabled={selected.size === 0} onClick={bulkAck}>
          Acknowledge selected ({selected.size})
        </Button>
      </Group>
      {act.error && <Notice color="red">{String(act.error)}</Notice>}
      <DataTable
        rows={rows}
        rowKey={(a) => a.id}
        empty="No alerts with this status."
        cols={[
          {
            key: 'sel',
            header: '',
            width: 44,
            render: (a) => (
              <Checkbox
                aria-label={`select ${a.title}`}
                checked={selected.has(a.id)}
                onChange={(e) => {
                  const next = new Set(selected);
                  if (e.currentTarget.checked) next.add(a.id);
                  else next.delete(a.id);
                  setSelected(next);
                }}
              />
            ),
          },
          { key: 'severity', header: 'Severity', width: 110, render: (a) => <SeverityBadge severity={a.severity} /> },
          { key: 'risk', header: 'Risk', width: 70, render: (a) => a.riskScore },
          {
            key: 'title',
            header: 'Alert',
            render: (a) => (
              <Link to="/alerts/$id" params={{ id: a.id }}>
                {a.title}
              </Link>
            ),
          },
          { key: 'owner', header: 'Owner', width: 160, render: (a) => a.owner ?? '' },
          { key: 'status', header: 'Status', width: 130, render: (a) => a.status },
          { key: 'lastSeen', header: 'Last seen', width: 190, render: (a) => when(a.lastSeen) },
        ]}
      />
    </Stack>
  );
}

export function AlertPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const [reason, setReason] = useState('');
  // Also write a suppression rule for the alert's findings, so the next scan keeps them suppressed.
  const [createRule, setCreateRule] = useState(false);
  const q = useQuery({
    queryKey: ['alert', id],
    queryFn: () =>
      api<{ alert: Alert; history: { id: string; at: string; actor: string; action: string; note: string | null }[]; findings: Finding[] }>(
        `/api/alerts/${id}`,
      ),
  });
  const act = useAlertAction();
  if (!q.data) return <Text>{q.error ? String(q.error) : 'Loading…'}</Text>;
  const { alert, history, findings } = q.data;
  return (
    <Stack>
      <Group>
        <SeverityBadge severity={alert.severity} />
        <Title order={2}>{alert.title}</Title>
      </Group>
      <Text data-testid="alert-status">
        Status: <b>{alert.status}</b> · risk {alert.riskScore} · owner {alert.owner ?? 'unknown'} · assignee {alert.assignee ?? 'none'}
      </Text>
      {alert.factors.length > 0 && (
        <Stack gap={2}>
          <Title order={4}>Why</Title>
          {alert.factors.map((f) => (
            <Text key={f}>• {f}</Text>
          ))}
        </Stack>
      )}
      <Group>
        <Button onClick={() => act.mutate({ id, action: 'ack' })} disabled={alert.status !== 'open'}>
          Acknowledge
        </Button>
        <Button variant="default" onClick={() => act.mutate({ id, action: 'resolve' })}>
          Resolve
        </Button>
        <TextInput placeholder="Reason to suppress" value={reason} onChange={(e) => setReason(e.currentTarget.value)} aria-label="Suppression reason" />
        <Button
          color="gray"
          disabled={reason.trim().length < 3}
          onClick={() => act.mutate({ id, action: 'suppress', body: { reason, ...(createRule && { createRule }) } })}
        >
          Suppress
        </Button>
        <Checkbox label="Also add a suppression rule" checked={createRule} onChange={(e) => setCreateRule(e.currentTarget.checked)} />
      </Group>
      {act.error && <Notice color="red">{String(act.error)}</Notice>}
      <RemediationPanel alertId={id} />
      <Title order={4}>Findings</Title>
      {findings.map((f) => (
        <Group key={f.id}>
          <SeverityBadge severity={f.severity} />
          <Text>{f.title}</Text>
          {f.resourceId && (
            <Link to="/inventory/$id" params={{ id: f.resourceId }}>
              {f.resourceId}
            </Link>
          )}
        </Group>
      ))}
      <Title order={4}>History</Title>
      <Table>
        <Table.Tbody>
          {history.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td>{when(h.at)}</Table.Td>
              <Table.Td>{h.actor}</Table.Td>
              <Table.Td>{h.action}</Table.Td>
              <Table.Td>{h.note ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
