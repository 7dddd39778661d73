import { Badge, Alert as Notice, Button, Code, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { type Me, type Page, api } from '../api';
import { when } from '../ui';

/** One remediation run as the API shows it: the plan (diff, API calls, impact) and where it stands. */
export interface RemediationRun {
  id: string;
  alertId: string | null;
  remediationId: string;
  title: string;
  impact: string | null;
  apiCalls: string[];
  resourceId: string;
  account: string;
  region: string;
  mode: 'dry-run' | 'apply' | 'rollback';
  status: string;
  requestedBy: string;
  approvedBy: string | null;
  summary: string;
  diff: string[];
  reason: string | null;
  verify: string | null;
  autoAllowed: string | null;
  error: string | null;
  createdAt: string;
}

const STATUS_COLOR: Record<string, string> = {
  planned: 'blue',
  'awaiting-approval': 'yellow',
  applied: 'green',
  verified: 'green',
  'verify-failed': 'orange',
  failed: 'red',
  refused: 'gray',
  'rolled-back': 'gray',
};

export function RunCard({ run, children }: { run: RemediationRun; children?: React.ReactNode }) {
  return (
    <Paper withBorder p="sm" data-testid="remediation-run">
      <Stack gap={4}>
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600}>{run.title}</Text>
            <Badge color={STATUS_COLOR[run.status] ?? 'gray'} data-testid="run-status">
              {run.status}
            </Badge>
            {run.mode === 'dry-run' && <Badge variant="outline">dry run</Badge>}
          </Group>
          <Text size="xs" c="dimmed">
            {when(run.createdAt)} · asked by {run.requestedBy}
            {run.approvedBy ? ` · approved by ${run.approvedBy}` : ''}
          </Text>
        </Group>
        <Text size="sm">
          {run.resourceId} ({run.account}, {run.region})
        </Text>
        <Code block data-testid="plan-diff">
          {run.diff.join('\n')}
        </Code>
        <Text size="sm">
          AWS API actions it uses (apply, rollback, verify): <Code>{run.apiCalls.join(', ') || 'none'}</Code>
        </Text>
        {run.impact && (
          <Text size="sm" c="dimmed">
            Impact: {run.impact}
          </Text>
        )}
        {run.autoAllowed && <Text size="sm">Allowed without approval by {run.autoAllowed}</Text>}
        {run.reason && <Text size="sm">{run.reason}</Text>}
        {run.verify && <Text size="sm">Verify: {run.verify}</Text>}
        {run.error && <Text c="red">{run.error}</Text>}
        {children}
      </Stack>
    </Paper>
  );
}

/** The approvals queue: applies waiting for an admin (a second person when the policy asks for one). */
export function RemediationPage() {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => api<Me>('/api/auth/me') });
  const [status, setStatus] = useState<string | null>('awaiting-approval');
  const runs = useQuery({
    queryKey: ['approvals', status],
    queryFn: () => api<Page<RemediationRun>>(`/api/remediation/approvals?limit=1000&status=${status ?? 'awaiting-approval'}`),
  });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) =>
      api<RemediationRun>(`/api/remediation/approvals/${id}/${decision}`, { method: 'POST', body: decision === 'reject' ? { reason: reasons[id] ?? '' } : {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['approvals'] }),
  });
  const admin = me.data?.role === 'admin';
  return (
    <Stack>
      <Title order={2}>Remediation</Title>
      <Group>
        <Select
          aria-label="Run status"
          data={['awaiting-approval', 'applied', 'verified', 'verify-failed', 'failed', 'refused']}
          value={status}
          onChange={setStatus}
        />
        <Text c="dimmed" size="sm">
          Applies wait here unless a remediation.auto policy allows them. {admin ? '' : 'Approving needs the admin role.'}
        </Text>
      </Group>
      {decide.error && <Notice color="red">{decide.error.message}</Notice>}
      {(runs.data?.items ?? []).length === 0 && <Text c="dimmed">Nothing {status === 'awaiting-approval' ? 'awaits approval' : 'here'}.</Text>}
      {(runs.data?.items ?? []).map((r) => (
        <RunCard key={r.id} run={r}>
          <Group>
            {r.alertId && (
              <Link to="/alerts/$id" params={{ id: r.alertId }}>
                Open the alert
              </Link>
            )}
            {admin && r.status === 'awaiting-approval' && (
              <>
                <Button size="xs" color="green" onClick={() => decide.mutate({ id: r.id, decision: 'approve' })}>
                  Approve and apply
                </Button>
                <TextInput
                  size="xs"
                  placeholder="Why reject"
                  aria-label="Rejection reason"
                  value={reasons[r.id] ?? ''}
                  onChange={(e) => setReasons({ ...reasons, [r.id]: e.currentTarget.value })}
                />
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  disabled={(reasons[r.id] ?? '').trim().length < 3}
                  onClick={() => decide.mutate({ id: r.id, decision: 'reject' })}
                >
                  Reject
                </Button>
              </>
            )}
          </Group>
        </RunCard>
      ))}
    </Stack>
  );
}

/** On the alert page: plan (dry run) the remediations that fix it, then apply or ask for approval. */
export function RemediationPanel({ alertId }: { alertId: string }) {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => api<Me>('/api/auth/me') });
  const plan = useMutation({ mutationFn: () => api<{ items: RemediationRun[] }>(`/api/alerts/${alertId}/remediation/plan`) });
  const apply = useMutation({
    mutationFn: () => api<{ items: RemediationRun[] }>(`/api/alerts/${alertId}/remediation/apply`, { method: 'POST', body: {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['alert', alertId] }).then(() => qc.invalidateQueries({ queryKey: ['approvals'] })),
  });
  const canAct = me.data?.role === 'admin' || me.data?.role === 'analyst';
  const shown = apply.data?.items ?? plan.data?.items;
  return (
    <Stack gap="xs" data-testid="remediation-panel">
      <Title order={4}>Remediation plan</Title>
      {canAct ? (
        <Group>
          <Button variant="light" onClick={() => plan.mutate()} loading={plan.isPending}>
            Plan
          </Button>
          <Button color="orange" disabled={!plan.data?.items.length} onClick={() => apply.mutate()} loading={apply.isPending}>
            Apply
          </Button>
          <Text size="sm" c="dimmed">
            Plan is a dry run; Apply runs where policy allows, otherwise it goes to the approvals queue.
          </Text>
        </Group>
      ) : (
        <Text c="dimmed">Planning a remediation needs the analyst or admin role.</Text>
      )}
      {(plan.error ?? apply.error) && <Notice color="red">{(plan.error ?? apply.error)?.message}</Notice>}
      {shown && shown.length === 0 && <Text>No remediation fixes this alert's findings, or its resources are already in the good state.</Text>}
      {shown?.map((r) => (
        <RunCard key={r.id} run={r} />
      ))}
    </Stack>
  );
}
