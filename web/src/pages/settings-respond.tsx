import { Badge, Alert as Notice, Button, Checkbox, Code, Group, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Page, api } from '../api';
import { when } from '../ui';

/**
 * Settings sections for where alerts go (integrations and routing rules) and what is accepted
 * (suppressions). skywatch.yaml entries are shown read-only: the file is their source of truth.
 */
interface Integration {
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  options: Record<string, unknown>;
  allowPrivate: boolean;
  credentials: 'sealed' | 'none';
  origin: 'config' | 'store';
  readOnly: boolean;
}
interface IntegrationType {
  id: string;
  title: string;
  options: string[];
  credentials: string[];
}
interface RoutingRule {
  id: string;
  origin: 'config' | 'store';
  readOnly: boolean;
  author: string;
  rule: { name?: string; match?: { minSeverity?: string; accounts?: string[]; teams?: string[]; rules?: string[] }; to: string[] };
}
interface Suppression {
  id: string;
  origin: 'config' | 'store';
  readOnly: boolean;
  active: boolean;
  match: Record<string, unknown>;
  reason: string;
  owner: string | null;
  author: string;
  expiresAt: string | null;
  findings: number;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function ErrorNote({ error }: { error: unknown }) {
  return error ? <Notice color="red">{error instanceof Error ? error.message : String(error)}</Notice> : null;
}

/** `key=value` lines into an object; values that read as JSON (numbers, booleans, lists) are kept typed. */
function pairs(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i < 1) continue;
    const raw = line.slice(i + 1).trim();
    let v: unknown = raw;
    if (/^(true|false|null|-?\d+(\.\d+)?|\[.*\]|\{.*\})$/.test(raw)) {
      try {
        v = JSON.parse(raw);
      } catch {}
    }
    out[line.slice(0, i).trim()] = v;
  }
  return out;
}

export function IntegrationsSection({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const items = useQuery({ queryKey: ['integrations'], queryFn: () => api<Page<Integration>>('/api/integrations?limit=1000') });
  const types = useQuery({ queryKey: ['integration-types'], queryFn: () => api<{ items: IntegrationType[] }>('/api/integrations/types') });
  const [editing, setEditing] = useState<Integration | 'new' | null>(null);
  const [results, setResults] = useState<Record<string, { ok: boolean; ms: number; error?: string }>>({});
  const test = useMutation({
    mutationFn: (i: Integration) => api<{ ok: boolean; ms: number; error?: string }>(`/api/integrations/${i.id}/test`, { method: 'POST', body: {} }),
    onSuccess: (r, i) => setResults((prev) => ({ ...prev, [i.id]: r })),
  });
  const remove = useMutation({
    mutationFn: (i: Integration) => api(`/api/integrations/${i.id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['integrations'] }),
  });
  return (
    <Stack data-testid="integrations">
      <Group justify="space-between">
        <Title order={3}>Integrations</Title>
        {admin && <Button onClick={() => setEditing('new')}>Add integration</Button>}
      </Group>
      {editing && (
        <IntegrationForm
          types={types.data?.items ?? []}
          editing={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            void qc.invalidateQueries({ queryKey: ['integrations'] });
          }}
        />
      )}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Credentials</Table.Th>
            <Table.Th>Connection</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(items.data?.items ?? []).map((i) => {
            const r = results[i.id];
            const target = ['url', 'baseUrl', 'instanceUrl', 'queueUrl', 'topicArn', 'host'].map((k) => i.options[k]).find((v) => typeof v === 'string');
            return (
              <Table.Tr key={i.id} data-testid={`integration-${i.name}`}>
                <Table.Td>
                  {i.name} {!i.enabled && <Badge color="gray">disabled</Badge>} {i.readOnly && <Badge variant="light">skywatch.yaml</Badge>}
                </Table.Td>
                <Table.Td>{i.type}</Table.Td>
                <Table.Td>
                  <Code>{String(target ?? '')}</Code>
                </Table.Td>
                <Table.Td>{i.credentials}</Table.Td>
                <Table.Td data-testid={`test-result-${i.name}`}>
                  {r ? r.ok ? <Text c="green">Connection OK ({r.ms} ms)</Text> : <Text c="red">Failed: {r.error}</Text> : ''}
                </Table.Td>
                <Table.Td>
                  {admin && (
                    <Group gap="xs">
                      <Button size="xs" variant="light" loading={test.isPending && test.variables?.id === i.id} onClick={() => test.mutate(i)}>
                        Test connection
                      </Button>
                      {!i.readOnly && (
                        <>
                          <Button size="xs" variant="default" onClick={() => setEditing(i)}>
                            Edit
                          </Button>
                          <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(i)}>
                            Delete
                          </Button>
                        </>
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <ErrorNote error={test.error ?? remove.error} />
      {!admin && <Text c="dimmed">Managing integrations needs the admin role.</Text>}
    </Stack>
  );
}

function IntegrationForm({ types, editing, onDone }: { types: IntegrationType[]; editing: Integration | null; onDone(): void }) {
  const [name, setName] = useState(editing?.name ?? '');
  const [type, setType] = useState<string | null>(editing?.type ?? 'webhook');
  const [options, setOptions] = useState(
    editing
      ? Object.entries(editing.options)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join('\n')
      : '',
  );
  const [credentials, setCredentials] = useState('');
  const [allowPrivate, setAllowPrivate] = useState(editing?.allowPrivate ?? false);
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const t = types.find((x) => x.id === type);
  const save = useMutation({
    mutationFn: () =>
      editing
        ? api(`/api/integrations/${editing.id}`, {
            method: 'PUT',
            body: { options: pairs(options), ...(credentials.trim() && { credentials: pairs(credentials) }), allowPrivate, enabled },
          })
        : api('/api/integrations', { method: 'POST', body: { name, type, options: pairs(options), credentials: pairs(credentials), allowPrivate, enabled } }),
    onSuccess: onDone,
  });
  return (
    <Stack p="sm" style={{ border: '1px solid #dee2e6', borderRadius: 8 }} data-testid="integration-form">
      <Group grow>
        <TextInput label="Name" value={name} disabled={Boolean(editing)} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label="Type" data={types.map((x) => ({ value: x.id, label: x.title }))} value={type} disabled={Boolean(editing)} onChange={setType} />
      </Group>
      <Textarea
        label="Options (key=value per line)"
        description={t ? `fields: ${t.options.join(', ')}` : undefined}
        autosize
        minRows={2}
        value={options}
        onChange={(e) => setOptions(e.currentTarget.value)}
      />
      <Textarea
        label="Credentials (key=value per line; sealed at rest)"
        description={`${t ? `fields: ${t.credentials.join(', ') || 'none'}. ` : ''}${editing ? 'Leave empty to keep the stored ones.' : ''}`}
        autosize
        minRows={1}
        value={credentials}
        onChange={(e) => setCredentials(e.currentTarget.value)}
      />
      <Group>
        <Checkbox label="Allow private targets" checked={allowPrivate} onChange={(e) => setAllowPrivate(e.currentTarget.checked)} />
        <Checkbox label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {editing ? 'Save integration' : 'Create integration'}
        </Button>
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
      <ErrorNote error={save.error} />
    </Stack>
  );
}

export function RoutingSection({ admin }: { admin: boolean }) {
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: ['routing'], queryFn: () => api<Page<RoutingRule>>('/api/routing?limit=1000') });
  const [name, setName] = useState('');
  const [minSeverity, setMinSeverity] = useState<string | null>('high');
  const [accounts, setAccounts] = useState('');
  const [to, setTo] = useState('');
  const done = () => qc.invalidateQueries({ queryKey: ['routing'] });
  const add = useMutation({
    mutationFn: () =>
      api('/api/routing', {
        method: 'POST',
        body: {
          ...(name && { name }),
          match: { ...(minSeverity && { minSeverity }), ...(list(accounts).length && { accounts: list(accounts) }) },
          to: list(to),
        },
      }),
    onSuccess: () => {
      setName('');
      setTo('');
      void done();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/routing/${id}`, { method: 'DELETE' }), onSuccess: done });
  return (
    <Stack data-testid="routing">
      <Title order={3}>Routing rules</Title>
      <Text size="sm" c="dimmed">
        Every matching rule sends the alert to its integrations; `owner` and `team` reach the owner and the owning team. Without rules, every enabled
        integration gets every alert from medium up.
      </Text>
      <Table>
        <Table.Tbody>
          {(rules.data?.items ?? []).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                {r.rule.name ?? '(unnamed)'} {r.readOnly && <Badge variant="light">skywatch.yaml</Badge>}
              </Table.Td>
              <Table.Td>
                <Code>{JSON.stringify(r.rule.match ?? {})}</Code>
              </Table.Td>
              <Table.Td>→ {r.rule.to.join(', ')}</Table.Td>
              <Table.Td>
                {admin && !r.readOnly && (
                  <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(r.id)}>
                    Delete
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {admin && (
        <Group align="end">
          <TextInput label="Rule name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select label="Minimum severity" data={['critical', 'high', 'medium', 'low', 'info']} value={minSeverity} onChange={setMinSeverity} clearable />
          <TextInput label="Accounts (comma-separated)" value={accounts} onChange={(e) => setAccounts(e.currentTarget.value)} />
          <TextInput label="Send to (integrations, owner, team)" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <Button disabled={!list(to).length} onClick={() => add.mutate()}>
            Add rule
          </Button>
        </Group>
      )}
      <ErrorNote error={add.error ?? remove.error} />
    </Stack>
  );
}

export function SuppressionsSection({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: ['suppressions'], queryFn: () => api<Page<Suppression>>('/api/suppressions?limit=1000') });
  const [checks, setChecks] = useState('');
  const [accounts, setAccounts] = useState('');
  const [resources, setResources] = useState('');
  const [reason, setReason] = useState('');
  const [owner, setOwner] = useState('');
  const [expires, setExpires] = useState('');
  const done = () => qc.invalidateQueries({ queryKey: ['suppressions'] }).then(() => qc.invalidateQueries({ queryKey: ['findings'] }));
  const add = useMutation({
    mutationFn: () => {
      const globs = list(resources);
      return api<{ suppressed: number }>('/api/suppressions', {
        method: 'POST',
        body: {
          ...(list(checks).length && { checkIds: list(checks) }),
          ...(list(accounts).length && { accounts: list(accounts) }),
          // An id with a wildcard is an ARN glob; without one it is an exact resource id.
          ...(globs.filter((g) => !/[*?]/.test(g)).length && { resourceIds: globs.filter((g) => !/[*?]/.test(g)) }),
          ...(globs.filter((g) => /[*?]/.test(g)).length && { arnGlobs: globs.filter((g) => /[*?]/.test(g)) }),
          reason,
          ...(owner && { owner }),
          ...(expires && { expires }),
        },
      });
    },
    onSuccess: () => {
      setReason('');
      setChecks('');
      void done();
    },
  });
  const expire = useMutation({ mutationFn: (id: string) => api(`/api/suppressions/${id}`, { method: 'DELETE' }), onSuccess: done });
  return (
    <Stack data-testid="suppressions">
      <Title order={3}>Suppressions</Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Matches</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Findings</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(rules.data?.items ?? []).map((s) => (
            <Table.Tr key={s.id} data-testid="suppression-row" style={{ opacity: s.active ? 1 : 0.5 }}>
              <Table.Td>
                <Code>{JSON.stringify(s.match)}</Code> {s.readOnly && <Badge variant="light">skywatch.yaml</Badge>}
              </Table.Td>
              <Table.Td>{s.reason}</Table.Td>
              <Table.Td>{s.owner ?? s.author}</Table.Td>
              <Table.Td>{s.active ? when(s.expiresAt) || 'never' : `expired ${when(s.expiresAt)}`}</Table.Td>
              <Table.Td>{s.findings}</Table.Td>
              <Table.Td>
                {canEdit && s.active && !s.readOnly && (
                  <Button size="xs" variant="default" onClick={() => expire.mutate(s.id)}>
                    Expire
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canEdit && (
        <Group align="end">
          <TextInput label="Check ids or globs" placeholder="aws-s3-bucket-*" value={checks} onChange={(e) => setChecks(e.currentTarget.value)} />
          <TextInput label="Accounts" value={accounts} onChange={(e) => setAccounts(e.currentTarget.value)} />
          <TextInput label="Resource ids or ARN globs" value={resources} onChange={(e) => setResources(e.currentTarget.value)} />
          <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <TextInput label="Risk owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)} />
          <TextInput label="Expires (YYYY-MM-DD)" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} />
          <Button disabled={reason.trim().length < 3} onClick={() => add.mutate()}>
            Add suppression
          </Button>
        </Group>
      )}
      {add.data && <Text c="green">Suppressed {add.data.suppressed} finding(s).</Text>}
      <ErrorNote error={add.error ?? expire.error} />
    </Stack>
  );
}
