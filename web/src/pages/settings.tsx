import { Alert, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Me, api } from '../api';
import { when } from '../ui';
import { IntegrationsSection, RoutingSection, SuppressionsSection } from './settings-respond';

export function SettingsPage() {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => api<Me>('/api/auth/me') });
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () => api<{ items: { id: string; name: string; createdAt: string; revokedAt: string | null }[] }>('/api/tokens'),
  });
  const users = useQuery({
    queryKey: ['users'],
    enabled: me.data?.role === 'admin',
    queryFn: () => api<{ items: { id: string; username: string; role: string; scope: unknown }[] }>('/api/users'),
  });
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api<{ token: string }>('/api/tokens', { method: 'POST', body: { name } }),
    onSuccess: (r) => {
      setShown(r.token);
      setName('');
      void qc.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tokens'] }),
  });
  return (
    <Stack>
      <Title order={2}>Settings</Title>
      <IntegrationsSection admin={me.data?.role === 'admin'} />
      <RoutingSection admin={me.data?.role === 'admin'} />
      <SuppressionsSection canEdit={me.data?.role === 'admin' || me.data?.role === 'analyst'} />
      <Title order={3}>Your API tokens</Title>
      <Group>
        <TextInput placeholder="Token name" value={name} onChange={(e) => setName(e.currentTarget.value)} aria-label="Token name" />
        <Button disabled={!name} onClick={() => create.mutate()}>
          Create token
        </Button>
      </Group>
      {shown && (
        <Alert color="green">
          Copy it now, it is shown once: <Code>{shown}</Code>
        </Alert>
      )}
      <Table>
        <Table.Tbody>
          {(tokens.data?.items ?? []).map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{t.name}</Table.Td>
              <Table.Td>{when(t.createdAt)}</Table.Td>
              <Table.Td>
                {t.revokedAt ? (
                  `revoked ${when(t.revokedAt)}`
                ) : (
                  <Button size="xs" variant="default" onClick={() => revoke.mutate(t.id)}>
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {me.data?.role === 'admin' && (
        <>
          <Title order={3}>Users</Title>
          <Table>
            <Table.Tbody>
              {(users.data?.items ?? []).map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.username}</Table.Td>
                  <Table.Td>{u.role}</Table.Td>
                  <Table.Td>
                    <Code>{JSON.stringify(u.scope)}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      {me.data?.role !== 'admin' && <Text c="dimmed">User management needs the admin role.</Text>}
    </Stack>
  );
}
