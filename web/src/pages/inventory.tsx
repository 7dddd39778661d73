import { Badge, Code, Group, SegmentedControl, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { type Change, type Finding, type Resource, api } from '../api';
import { useKeysetList } from '../paging';
import { DataTable, SeverityBadge, when } from '../ui';
import { ExposurePath } from '../viz/exposure';
import { type GraphEdge, type GraphNode, NeighbourhoodGraph } from '../viz/graph';

export function InventoryPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [type, setType] = useState<string | null>(null);
  const [account, setAccount] = useState<string | null>(null);
  const facets = useQuery({ queryKey: ['facets'], queryFn: () => api<{ type: string; account: string; n: number }[]>('/api/inventory/facets') });
  const qs = new URLSearchParams({ ...(search && { search }), ...(type && { type }), ...(account && { account }) });
  const list = useKeysetList<Resource>(['inventory'], '/api/inventory', qs);
  const types = [...new Set((facets.data ?? []).map((f) => f.type))].sort();
  const accounts = [...new Set((facets.data ?? []).map((f) => f.account))].sort();
  return (
    <Stack>
      <Title order={2}>Inventory</Title>
      <Group>
        <TextInput placeholder="Search name or id" value={search} onChange={(e) => setSearch(e.currentTarget.value)} aria-label="Search" />
        <Select placeholder="Type" data={types} value={type} onChange={setType} clearable searchable aria-label="Type" />
        <Select placeholder="Account" data={accounts} value={account} onChange={setAccount} clearable aria-label="Account" />
        <Text size="sm" c="dimmed">
          {list.loading && list.rows.length === 0 ? 'Loading…' : `${list.rows.length}${list.more ? '+ (scroll for more)' : ''} resources`}
        </Text>
      </Group>
      <DataTable
        rows={list.rows}
        onEnd={list.onEnd}
        rowKey={(r) => r.id}
        onRow={(r) => navigate({ to: '/inventory/$id', params: { id: r.id } })}
        cols={[
          { key: 'name', header: 'Name', render: (r) => r.name },
          { key: 'type', header: 'Type', render: (r) => r.type },
          { key: 'account', header: 'Account', width: 140, render: (r) => r.account },
          { key: 'region', header: 'Region', width: 120, render: (r) => r.region },
          { key: 'lastSeen', header: 'Last seen', width: 190, render: (r) => when(r.lastSeen) },
        ]}
      />
    </Stack>
  );
}

export function ResourcePage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const [tab, setTab] = useState<string | null>('findings');
  const q = useQuery({
    queryKey: ['resource', id],
    queryFn: () =>
      api<{ resource: Resource; edges: { from: string; to: string; kind: string; direction: string }[]; changes: Change[]; findings: Finding[] }>(
        `/api/inventory/${encodeURIComponent(id)}`,
      ),
  });
  if (!q.data) return <Text>{q.error ? String(q.error) : 'Loading…'}</Text>;
  const { resource, edges, changes, findings } = q.data;
  return (
    <Stack>
      <Title order={2}>{resource.name}</Title>
      <Group>
        <Badge>{resource.type}</Badge>
        <Text size="sm">{resource.account}</Text>
        <Text size="sm">{resource.region}</Text>
        {resource.deletedAt && <Badge color="gray">deleted {when(resource.deletedAt)}</Badge>}
      </Group>
      <Code>{resource.id}</Code>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="findings">Findings ({findings.length})</Tabs.Tab>
          <Tabs.Tab value="exposure">Exposure</Tabs.Tab>
          <Tabs.Tab value="config">Configuration</Tabs.Tab>
          <Tabs.Tab value="changes">Changes ({changes.length})</Tabs.Tab>
          <Tabs.Tab value="graph">Relationships ({edges.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="exposure" pt="sm">
          <ExposurePath resourceId={resource.id} />
        </Tabs.Panel>
        <Tabs.Panel value="findings" pt="sm">
          {findings.length === 0 && <Text c="dimmed">No findings.</Text>}
          {findings.map((f) => (
            <Group key={f.id}>
              <SeverityBadge severity={f.severity} />
              <Text>{f.title}</Text>
              <Text size="sm" c="dimmed">
                {f.ruleId} · {f.status}
              </Text>
            </Group>
          ))}
        </Tabs.Panel>
        <Tabs.Panel value="config" pt="sm">
          <Code block data-testid="config">
            {JSON.stringify({ tags: resource.tags, ...resource.config }, null, 2)}
          </Code>
        </Tabs.Panel>
        <Tabs.Panel value="changes" pt="sm">
          <Table>
            <Table.Tbody>
              {changes.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td width={190}>{when(c.at)}</Table.Td>
                  <Table.Td width={80}>{c.kind}</Table.Td>
                  <Table.Td width={220}>{c.actor ?? 'seen by a scan'}</Table.Td>
                  <Table.Td>
                    {Array.isArray(c.diff)
                      ? c.diff.map((d) => (
                          <div key={d.path}>
                            <Code>{d.path}</Code>: {JSON.stringify(d.before)} → {JSON.stringify(d.after)}
                          </div>
                        ))
                      : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
        <Tabs.Panel value="graph" pt="sm">
          <Neighbourhood id={resource.id} />
          <Title order={5} mt="md">
            Direct edges
          </Title>
          {edges.map((e) => {
            const other = e.direction === 'out' ? e.to : e.from;
            return (
              <div key={`${e.from}${e.kind}${e.to}`}>
                {e.direction === 'out' ? '→' : '←'} {e.kind}{' '}
                <Link to="/inventory/$id" params={{ id: other }}>
                  {other}
                </Link>
              </div>
            );
          })}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** The resource's graph neighbourhood (1 or 2 hops) in Cytoscape; clicking a node opens it. */
function Neighbourhood({ id }: { id: string }) {
  const navigate = useNavigate();
  const [hops, setHops] = useState('2');
  const q = useQuery({
    queryKey: ['graph', id, hops],
    queryFn: () => api<{ root: string; nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean }>(`/api/graph/${encodeURIComponent(id)}?hops=${hops}`),
  });
  return (
    <Stack gap="xs">
      <Group>
        <SegmentedControl
          size="xs"
          value={hops}
          onChange={setHops}
          data={[
            { value: '1', label: '1 hop' },
            { value: '2', label: '2 hops' },
          ]}
          aria-label="Hops"
        />
        {q.data && (
          <Text size="sm" c="dimmed">
            {q.data.nodes.length} nodes, {q.data.edges.length} edges{q.data.truncated ? ' (capped)' : ''} · click a node to open it
          </Text>
        )}
      </Group>
      {q.error && <Text c="red">{String(q.error)}</Text>}
      {q.data && (
        <NeighbourhoodGraph
          root={q.data.root}
          nodes={q.data.nodes}
          edges={q.data.edges}
          onOpen={(to) => navigate({ to: '/inventory/$id', params: { id: to } })}
        />
      )}
    </Stack>
  );
}
