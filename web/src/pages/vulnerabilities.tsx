import { Badge, Button, Card, Drawer, Group, List, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type Severity, api } from '../api';
import { DataTable, SeverityBadge } from '../ui';
import { ExposurePath } from '../viz/exposure';

export interface VulnRisk {
  risk: number;
  resourceId: string | null;
  resourceName: string;
  resourceType: string | null;
  account: string | null;
  vulnId: string;
  severity: Severity;
  cvssScore: number | null;
  kev: boolean;
  epss: number | null;
  packages: string[];
  fixedVersion: string | null;
  internet: boolean;
  factors: string[];
}

/** The short "why" chips of a row: the factors that matter most when triaging, each a word. */
export function WhyChips({ v }: { v: VulnRisk }) {
  const path = v.factors.find((f) => /internet-reachable/.test(f));
  const via = path ? /\(([^)]*)\)/.exec(path)?.[1] : undefined;
  return (
    <Group gap={4} wrap="nowrap">
      {v.kev && (
        <Badge color="red" size="sm">
          KEV
        </Badge>
      )}
      {v.epss !== null && v.epss >= 0.01 && (
        <Badge color="orange" size="sm" variant="light">
          EPSS {v.epss.toFixed(2)}
        </Badge>
      )}
      <Badge color="gray" size="sm" variant="light">
        CVSS {v.cvssScore ?? '—'}
      </Badge>
      {v.internet && (
        <Badge color="grape" size="sm">
          internet
        </Badge>
      )}
      {via && (
        <Badge color="grape" size="sm" variant="outline">
          {via.split(', ').at(-1)}
        </Badge>
      )}
      {v.factors.some((f) => /administrator privileges/.test(f)) && (
        <Badge color="yellow" size="sm" variant="light">
          admin role
        </Badge>
      )}
      {v.factors.some((f) => /suspicious traffic/.test(f)) && (
        <Badge color="pink" size="sm" variant="light">
          traffic
        </Badge>
      )}
    </Group>
  );
}

/** Vulnerabilities ranked by risk (CVSS, KEV, EPSS, reachability, privileges, traffic), with why; a row opens the factors and the exposure path. */
export function VulnerabilitiesPage() {
  const [account, setAccount] = useState<string | null>(null);
  const [open, setOpen] = useState<VulnRisk | null>(null);
  const navigate = useNavigate();
  const qs = new URLSearchParams({ limit: '1000', ...(account && { account }) });
  const q = useQuery({ queryKey: ['vulns', qs.toString()], queryFn: () => api<{ items: VulnRisk[]; total: number }>(`/api/vulnerabilities?${qs}`) });
  const accounts = [...new Set((q.data?.items ?? []).map((v) => v.account).filter((a): a is string => a !== null))].sort();
  return (
    <Stack>
      <Title order={2}>Vulnerabilities</Title>
      <Group>
        <Select placeholder="All accounts" data={accounts} value={account} onChange={setAccount} clearable aria-label="Account" />
        <Text size="sm" c="dimmed">
          {q.data ? `${q.data.items.length} of ${q.data.total}, highest risk first` : 'Loading…'}
        </Text>
      </Group>
      {q.error && <Text c="red">{String(q.error)}</Text>}
      <DataTable
        rows={q.data?.items ?? []}
        rowKey={(v) => `${v.resourceId}|${v.vulnId}`}
        onRow={(v) => setOpen(v)}
        height={640}
        empty="No vulnerabilities: import scanner reports with `skywatch vulns import`."
        cols={[
          { key: 'risk', header: 'Risk', width: 60, render: (v) => <b data-testid="vuln-risk">{v.risk}</b> },
          { key: 'vuln', header: 'Vulnerability', width: 150, render: (v) => v.vulnId },
          { key: 'severity', header: 'Severity', width: 100, render: (v) => <SeverityBadge severity={v.severity} /> },
          {
            key: 'resource',
            header: 'Host',
            width: 180,
            render: (v) =>
              v.resourceId ? (
                <Link to="/inventory/$id" params={{ id: v.resourceId }} onClick={(e) => e.stopPropagation()}>
                  {v.resourceName}
                </Link>
              ) : (
                v.resourceName
              ),
          },
          { key: 'pkg', header: 'Package', width: 150, render: (v) => v.packages.join(', ') },
          { key: 'why', header: 'Why', width: 330, render: (v) => <WhyChips v={v} /> },
          {
            key: 'factors',
            header: 'Factors',
            render: (v) => (
              <Tooltip label={v.factors.join('\n')} multiline w={520} style={{ whiteSpace: 'pre-line' }}>
                <Text size="sm" truncate>
                  {v.factors.join(' · ')}
                </Text>
              </Tooltip>
            ),
          },
        ]}
      />
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="xl" title={open ? `${open.vulnId} on ${open.resourceName}` : ''}>
        {open && (
          <Stack data-testid="vuln-detail">
            <Group>
              <Badge size="lg">risk {open.risk}</Badge>
              <SeverityBadge severity={open.severity} />
              <WhyChips v={open} />
            </Group>
            <Text size="sm">
              {open.packages.join(', ')}
              {open.fixedVersion ? ` — fixed in ${open.fixedVersion}` : ' — no fix yet'}
            </Text>
            <Card withBorder>
              <Title order={5} mb="xs">
                Why this score
              </Title>
              <List spacing={2} size="sm">
                {open.factors.map((f) => (
                  <List.Item key={f}>{f}</List.Item>
                ))}
              </List>
            </Card>
            {open.resourceId && (
              <>
                <Title order={5}>Exposure path</Title>
                <ExposurePath resourceId={open.resourceId} />
                <Button
                  variant="light"
                  onClick={() => {
                    const id = open.resourceId as string;
                    setOpen(null);
                    navigate({ to: '/inventory/$id', params: { id } });
                  }}
                >
                  Open resource page
                </Button>
              </>
            )}
          </Stack>
        )}
      </Drawer>
    </Stack>
  );
}
