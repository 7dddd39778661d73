import { Badge, Card, Group, List, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';

export interface Hop {
  kind: string;
  id: string;
  detail: string;
}
export interface Exposure {
  internet: boolean;
  ports: { protocol: string; from: number; to: number; sources: string[] }[];
  paths: { via: string; ports: string; hops: Hop[] }[];
  notes: string[];
  computedAt?: string;
}

const HOP_LABEL: Record<string, string> = {
  internet: 'Internet',
  'internet-gateway': 'Internet gateway',
  'route-table': 'Route table',
  'network-acl': 'Network ACL',
  'security-group': 'Security group',
  'public-ip': 'Public IP',
  'network-interface': 'Network interface',
  'load-balancer': 'Load balancer',
  listener: 'Listener',
  'target-group': 'Target group',
};

/** The resource's internet exposure from `/api/exposure/:id`: each path as numbered steps, outside in. */
export function ExposurePath({ resourceId }: { resourceId: string }) {
  const q = useQuery({
    queryKey: ['exposure', resourceId],
    queryFn: () => api<{ exposure: Exposure | null }>(`/api/exposure/${encodeURIComponent(resourceId)}`),
  });
  if (q.error) return <Text c="red">{String(q.error)}</Text>;
  if (!q.data) return <Text c="dimmed">Loading…</Text>;
  const e = q.data.exposure;
  if (!e)
    return <Text c="dimmed">Not analysed: exposure is computed for instances, interfaces, load balancers, databases and other network-facing types.</Text>;
  return (
    <Stack gap="sm" data-testid="exposure">
      <Group>
        <Badge color={e.internet ? 'red' : 'green'} size="lg" data-testid="exposure-verdict">
          {e.internet ? 'Reachable from the internet' : 'Not reachable from the internet'}
        </Badge>
        {e.ports.map((p) => (
          <Badge key={`${p.protocol}${p.from}${p.to}`} variant="outline">
            {p.protocol}/{p.from === p.to ? p.from : `${p.from}-${p.to}`} from {p.sources.join(', ')}
          </Badge>
        ))}
      </Group>
      {e.paths.map((p, i) => (
        <Card withBorder key={`${p.via}|${p.ports}|${p.hops.map((h) => h.id).join(',')}`} data-testid="exposure-path">
          <Text fw={600} mb="xs">
            Path {i + 1} ({p.via}): {p.ports}
          </Text>
          <List type="ordered" spacing={4}>
            {p.hops.map((h) => (
              <List.Item key={`${h.kind}|${h.id}|${h.detail}`} data-testid="exposure-hop">
                <Text span fw={600}>
                  {HOP_LABEL[h.kind] ?? h.kind}
                </Text>{' '}
                <Text span ff="monospace" size="sm">
                  {h.id}
                </Text>
                {h.detail && (
                  <Text span c="dimmed" size="sm">
                    {' '}
                    — {h.detail}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </Card>
      ))}
      {e.notes.length > 0 && (
        <List size="sm" c="dimmed">
          {e.notes.map((n) => (
            <List.Item key={n}>{n}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
