import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api } from '../api';

export function LoginPage({ onLogin }: { onLogin(): void }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/auth/login', { method: 'POST', body: { username, password } });
      onLogin();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Center h="100vh">
      <Paper withBorder p="xl" w={360}>
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>Skywatch</Title>
            <TextInput label="Username" name="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required />
            <PasswordInput label="Password" name="password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
            {error && <Alert color="red">{error}</Alert>}
            <Button type="submit">Log in</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
