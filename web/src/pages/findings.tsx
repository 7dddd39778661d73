import { Group, Select, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { Finding } from '../api';
import { useKeysetList } from '../paging';
import { DataTable, SeverityBadge, when } from '../ui';

/** Findings of one source (activity, network, vulnerabilities) or all of them. */
export function FindingsPage({ title, source, heading = 2 }: { title: string; source?: string; heading?: 2 | 3 }) {
  const [severity, setSeverity] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>('open');
  const qs = new URLSearchParams({ ...(source && { source }), ...(severity && { severity }), ...(status && { status }) });
  const q = useKeysetList<Finding>(['findings'], '/api/findings', qs);
  return (
    <Stack>
      <Title order={heading}>{title}</Title>
      <Group>
        <Select
          placeholder="Severity"
          data={['critical', 'high', 'medium', 'low', 'info']}
          value={severity}
          onChange={setSeverity}
          clearable
          aria-label="Severity"
        />
        <Select placeholder="Status" data={['open', 'resolved', 'suppressed']} value={status} onChange={setStatus} clearable aria-label="Status" />
      </Group>
      <Text size="sm" c="dimmed">
        {q.loading && q.rows.length === 0 ? 'Loading…' : `${q.rows.length}${q.more ? '+ (scroll for more)' : ''} findings`}
      </Text>
      <DataTable
        rows={q.rows}
        onEnd={q.onEnd}
        rowKey={(f) => f.id}
        empty={`No ${source ?? ''} findings.`}
        cols={[
          { key: 'severity', header: 'Severity', width: 110, render: (f) => <SeverityBadge severity={f.severity} /> },
          { key: 'title', header: 'Finding', render: (f) => f.title },
          {
            key: 'resource',
            header: 'Resource',
            render: (f) =>
              f.resourceId ? (
                <Link to="/inventory/$id" params={{ id: f.resourceId }}>
                  {f.resourceId}
                </Link>
              ) : (
                ''
              ),
          },
          { key: 'rule', header: 'Rule', width: 260, render: (f) => f.ruleId },
          { key: 'attack', header: 'ATT&CK', width: 120, render: (f) => f.attack.join(', ') },
          { key: 'lastSeen', header: 'Last seen', width: 190, render: (f) => when(f.lastSeen) },
        ]}
      />
    </Stack>
  );
}
