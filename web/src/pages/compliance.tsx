import { Badge, Button, Card, Code, Group, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api';
import { DataTable } from '../ui';

interface Control {
  control: string;
  title: string;
  section: string | null;
  automated: boolean;
  status: 'pass' | 'fail' | 'manual';
  note: string | null;
  checks: string[];
  counts: { pass: number; fail: number; error: number; 'not-applicable': number };
  failing: { checkId: string; resourceId: string; account: string; region: string; message: string | null; evidence: Record<string, unknown> | null }[];
}
interface Report {
  framework: string;
  title: string;
  account: string | null;
  generatedAt: string;
  summary: { pass: number; fail: number; manual: number; controls: number };
  controls: Control[];
}

const STATUS_COLOUR = { pass: 'green', fail: 'red', manual: 'gray' } as const;

export function StatusBadge({ status }: { status: Control['status'] }) {
  return (
    <Badge color={STATUS_COLOUR[status]} variant={status === 'manual' ? 'light' : 'filled'} data-status={status}>
      {status}
    </Badge>
  );
}

/** Framework → controls (pass / fail / manual with counts) → one control's failing resources with evidence; CSV and HTML export. */
export function CompliancePage() {
  const frameworks = useQuery({ queryKey: ['frameworks'], queryFn: () => api<{ items: { id: string; title: string }[] }>('/api/compliance') });
  const facets = useQuery({ queryKey: ['facets'], queryFn: () => api<{ account: string }[]>('/api/inventory/facets') });
  const [framework, setFramework] = useState('cis-aws-5.0');
  const [account, setAccount] = useState<string | null>(null);
  const [status, setStatus] = useState('all');
  const [selected, setSelected] = useState<string | null>(null);
  const qs = new URLSearchParams(account ? { account } : {});
  const report = useQuery({
    queryKey: ['compliance', framework, account],
    queryFn: () => api<Report>(`/api/compliance/${framework}?${qs}`),
  });
  const accounts = [...new Set((facets.data ?? []).map((f) => f.account))].sort();
  const rows = (report.data?.controls ?? []).filter((c) => status === 'all' || c.status === status);
  const control = report.data?.controls.find((c) => c.control === selected);
  const exportUrl = (format: 'csv' | 'html') => `/api/compliance/${framework}?${new URLSearchParams({ ...(account && { account }), format })}`;
  return (
    <Stack>
      <Title order={2}>Compliance</Title>
      <Group>
        <SegmentedControl
          aria-label="Framework"
          value={framework}
          onChange={(v) => {
            setFramework(v);
            setSelected(null);
          }}
          data={(frameworks.data?.items ?? [{ id: 'cis-aws-5.0', title: '' }]).map((f) => ({ value: f.id, label: f.id }))}
        />
        <Select placeholder="All accounts" data={accounts} value={account} onChange={setAccount} clearable aria-label="Account" w={200} />
        <Button component="a" href={exportUrl('csv')} download variant="default" data-testid="export-csv">
          Export CSV
        </Button>
        <Button component="a" href={exportUrl('html')} target="_blank" rel="noopener" variant="default" data-testid="export-html">
          Export HTML
        </Button>
      </Group>
      {report.error && <Text c="red">{String(report.error)}</Text>}
      {report.data && (
        <SimpleGrid cols={4}>
          <Card withBorder>
            <Text c="dimmed" size="sm">
              {report.data.title}
            </Text>
            <Title order={3}>{report.data.summary.controls} controls</Title>
          </Card>
          {(['fail', 'pass', 'manual'] as const).map((s) => (
            <Card withBorder key={s} style={{ cursor: 'pointer' }} onClick={() => setStatus(status === s ? 'all' : s)}>
              <Group justify="space-between">
                <StatusBadge status={s} />
                {status === s && <Text size="xs">filtered</Text>}
              </Group>
              <Title order={3} data-testid={`summary-${s}`}>
                {report.data.summary[s]}
              </Title>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <DataTable
          rows={rows}
          rowKey={(c) => c.control}
          onRow={(c) => setSelected(c.control)}
          height={620}
          empty={report.isLoading ? 'Loading…' : 'No controls.'}
          cols={[
            { key: 'control', header: 'Control', width: 90, render: (c) => <b>{c.control}</b> },
            { key: 'title', header: 'Title', render: (c) => <span title={c.title}>{c.title}</span> },
            { key: 'status', header: 'Status', width: 90, render: (c) => <StatusBadge status={c.status} /> },
            { key: 'pass', header: 'Pass', width: 60, render: (c) => c.counts.pass },
            { key: 'fail', header: 'Fail', width: 60, render: (c) => (c.counts.fail ? <Text c="red">{c.counts.fail}</Text> : 0) },
          ]}
        />
        {control ? <ControlDetail control={control} /> : <Text c="dimmed">Select a control to see its checks and failing resources.</Text>}
      </SimpleGrid>
    </Stack>
  );
}

function ControlDetail({ control }: { control: Control }) {
  return (
    <Card withBorder data-testid="control-detail">
      <Stack gap="xs">
        <Group>
          <Title order={4}>
            {control.control} {control.title}
          </Title>
          <StatusBadge status={control.status} />
        </Group>
        {control.section && <Text size="sm">Section: {control.section}</Text>}
        {control.note && (
          <Text size="sm" c="dimmed">
            {control.note}
          </Text>
        )}
        <Text size="sm">
          {control.counts.pass} pass · {control.counts.fail} fail · {control.counts.error} error · {control.counts['not-applicable']} not applicable
          {control.automated ? '' : ' · needs a person'}
        </Text>
        {control.checks.length > 0 && (
          <Text size="sm">
            Checks:{' '}
            {control.checks.map((c) => (
              <Code key={c} mr={4}>
                {c}
              </Code>
            ))}
          </Text>
        )}
        <Title order={5}>
          Failing resources ({control.counts.fail}
          {control.failing.length < control.counts.fail ? `, first ${control.failing.length} shown` : ''})
        </Title>
        {control.failing.length === 0 && <Text c="dimmed">None.</Text>}
        <div style={{ maxHeight: 480, overflow: 'auto' }}>
          <Table>
            <Table.Tbody>
              {control.failing.map((f) => (
                <Table.Tr key={`${f.checkId}${f.resourceId}`}>
                  <Table.Td>
                    <Link to="/inventory/$id" params={{ id: f.resourceId }} data-testid="failing-resource">
                      {f.resourceId}
                    </Link>
                    <Text size="xs" c="dimmed">
                      {f.account} · {f.region} · {f.checkId}
                    </Text>
                    {f.message && <Text size="sm">{f.message}</Text>}
                    {f.evidence && (
                      <Code block fz="xs" mt={4}>
                        {JSON.stringify(f.evidence, null, 1)}
                      </Code>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      </Stack>
    </Card>
  );
}
