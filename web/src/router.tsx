import { AppShell, Button, Group, Loader, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { ApiError, type Me, api } from './api';
import { useLiveUpdates } from './live';
import { ActivityPage, IdentityPage } from './pages/activity';
import { AlertPage, AlertsPage } from './pages/alerts';
import { CompliancePage } from './pages/compliance';
import { FindingsPage } from './pages/findings';
import { InventoryPage, ResourcePage } from './pages/inventory';
import { LoginPage } from './pages/login';
import { NetworkPage } from './pages/network';
import { OverviewPage } from './pages/overview';
import { RemediationPage } from './pages/remediation';
import { ScansPage } from './pages/scans';
import { SettingsPage } from './pages/settings';
import { VulnerabilitiesPage } from './pages/vulnerabilities';

const NAV = [
  { to: '/', label: 'Overview' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/inventory', label: 'Inventory' },
  { to: '/findings', label: 'Findings' },
  { to: '/compliance', label: 'Compliance' },
  { to: '/activity', label: 'Activity' },
  { to: '/network', label: 'Network' },
  { to: '/vulnerabilities', label: 'Vulnerabilities' },
  { to: '/scans', label: 'Scans & coverage' },
  { to: '/remediation', label: 'Remediation' },
  { to: '/settings', label: 'Settings' },
] as const;

function Shell() {
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: () => api<Me>('/api/auth/me') });
  useLiveUpdates(Boolean(me.data));
  if (me.isLoading) return <Loader m="xl" />;
  if (me.error instanceof ApiError && me.error.status === 401) return <LoginPage onLogin={() => qc.invalidateQueries()} />;
  if (me.error) return <Text c="red">{String(me.error)}</Text>;
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST', body: {} });
    qc.clear();
    await qc.invalidateQueries();
  };
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={3}>Skywatch</Title>
          <Group>
            <Text size="sm" data-testid="whoami">
              {me.data?.username} ({me.data?.role})
            </Text>
            <Button size="xs" variant="default" onClick={logout}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <nav aria-label="Main">
          {NAV.map((n) => (
            <Link
              key={n.to}
              to={n.to}
              activeOptions={{ exact: n.to === '/' }}
              activeProps={{ style: { fontWeight: 700, background: '#e7f5ff' } }}
              style={{ display: 'block', padding: '8px 10px', borderRadius: 6, color: 'inherit', textDecoration: 'none' }}
            >
              {n.label}
            </Link>
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

const rootRoute = createRootRoute({ component: Shell });

// Each route is written out so the router knows every path and its params at compile time.
const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: OverviewPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/alerts', component: AlertsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/alerts/$id', component: AlertPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/inventory', component: InventoryPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/inventory/$id', component: ResourcePage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/findings', component: () => <FindingsPage title="Findings" /> }),
  createRoute({ getParentRoute: () => rootRoute, path: '/compliance', component: CompliancePage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/activity', component: ActivityPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/activity/$identity', component: IdentityPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/network', component: NetworkPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/vulnerabilities', component: VulnerabilitiesPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/scans', component: ScansPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/remediation', component: RemediationPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/settings', component: SettingsPage }),
]);

export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
