import { useEffect, useRef } from 'react';
import type { Role } from './api/types';
import { useCurrentUser, useSession } from './auth/session-context';
import { AnnouncerProvider } from './hooks/announcer';
import { UnitsProvider, useUnits } from './hooks/units-context';
import { roleLabel } from './i18n/labels';
import { AuditPage } from './pages/audit/audit-page';
import { CasePage } from './pages/case-page';
import { InboxPage } from './pages/inbox/inbox-page';
import { LedgerImportPage } from './pages/ledger/ledger-import-page';
import { ReportCasesPage } from './pages/stats/report-cases-page';
import { StatsPage } from './pages/stats/stats-page';
import { DutiesPage } from './pages/duties/duties-page';
import { LoginPage } from './pages/login-page';
import { NewCasePage } from './pages/new-case/new-case-page';
import { SlaPolicyPage } from './pages/sla-policy/sla-policy-page';
import { CalendarPage, defaultCalendarYear } from './pages/admin/calendar/calendar-page';
import { TimersPage } from './pages/admin/timers/timers-page';
import { UnitsPage } from './pages/admin/units/units-page';
import { UsersPage } from './pages/admin/users/users-page';
import { href, navigate, paths, useRoute, type Route } from './router/hash-router';
import { PageHeading } from './components/page-heading';
import { NoticeBell } from './components/notice-bell';
import { NoticesProvider } from './hooks/notices-context';
import { NoticesPage } from './pages/notices/notices-page';

const AUDIT_ROLES: Role[] = ['auditor', 'inspector', 'supervisor'];
const IMPORT_ROLES: Role[] = ['inspector', 'supervisor'];
const DUTY_ROLES: Role[] = ['inspector', 'supervisor', 'auditor', 'unit_officer', 'admin'];
const STATS_ROLES: Role[] = ['inspector', 'supervisor', 'auditor', 'unit_officer', 'admin'];
const ADMIN_ROLES: Role[] = ['admin'];

interface NavItem {
  path: string;
  label: string;
  roles?: Role[];
  /** Shown together under 系统管理. */
  group?: 'admin';
  active(route: Route): boolean;
}

const NAV: NavItem[] = [
  { path: paths.inbox(), label: '待办', active: (r) => r.name === 'inbox' || r.name === 'case' },
  { path: paths.newCase('rectification'), label: '新建整改事项', roles: ['inspector', 'supervisor'], active: (r) => r.name === 'new-case' && r.kind === 'rectification' },
  { path: paths.newCase('hotline'), label: '新建热线工单', roles: ['hotline_agent', 'inspector'], active: (r) => r.name === 'new-case' && r.kind === 'hotline' },
  { path: paths.newCase('accountability'), label: '新建问责', roles: ['inspector', 'supervisor'], active: (r) => r.name === 'new-case' && r.kind === 'accountability' },
  { path: paths.duties(), label: '责任清单', roles: DUTY_ROLES, active: (r) => r.name === 'duties' },
  { path: paths.stats(), label: '统计', roles: STATS_ROLES, active: (r) => r.name === 'stats' || r.name === 'report-cases' },
  { path: paths.ledgerImport(), label: '导入台账', roles: IMPORT_ROLES, active: (r) => r.name === 'ledger-import' },
  { path: paths.audit(), label: '审计轨迹', roles: AUDIT_ROLES, active: (r) => r.name === 'audit' },
  { path: paths.adminUnits(), label: '单位', roles: ADMIN_ROLES, group: 'admin', active: (r) => r.name === 'admin-units' },
  { path: paths.adminUsers(), label: '用户', roles: ADMIN_ROLES, group: 'admin', active: (r) => r.name === 'admin-users' },
  { path: paths.slaPolicy(), label: '时限规则', roles: ADMIN_ROLES, group: 'admin', active: (r) => r.name === 'sla-policy' },
  { path: paths.adminCalendar(), label: '节假日', roles: ADMIN_ROLES, group: 'admin', active: (r) => r.name === 'admin-calendar' },
  { path: paths.adminTimers(), label: '计时器', roles: ADMIN_ROLES, group: 'admin', active: (r) => r.name === 'admin-timers' },
];

const isAuditorOnly = (roles: Role[]) => roles.every((r) => r === 'auditor');

function Page({ route, roles }: { route: Route; roles: Role[] }) {
  switch (route.name) {
    case 'home':
      return isAuditorOnly(roles) ? <AuditPage /> : <InboxPage />;
    case 'login':
    case 'inbox':
      return <InboxPage context={route.name === 'inbox' ? route : undefined} />;
    case 'notices':
      return <NoticesPage unreadOnly={route.unread ?? false} />;
    case 'case':
      return <CasePage key={route.id} id={route.id} />;
    case 'new-case':
      return <NewCasePage kind={route.kind} />;
    case 'audit':
      return roles.some((r) => AUDIT_ROLES.includes(r)) ? (
        <AuditPage tab={route.tab} />
      ) : (
        <p role="alert">审计轨迹仅对纪检监察、分管领导和审计巡察人员开放。</p>
      );
    case 'stats':
      return <StatsPage />;
    case 'duties':
      return roles.some((r) => DUTY_ROLES.includes(r)) ? (
        <DutiesPage key={`${route.year}|${route.unit}`} year={route.year} unit={route.unit} item={route.item} tab={route.tab} />
      ) : (
        <p role="alert">责任清单对纪检监察、分管领导、审计巡察人员、管理员和各单位联络员开放。</p>
      );
    case 'report-cases':
      return <ReportCasesPage key={route.cell} cell={route.cell} label={route.label} kind={route.kind} />;
    case 'ledger-import':
      return roles.some((r) => IMPORT_ROLES.includes(r)) ? <LedgerImportPage /> : <p role="alert">台账由纪检监察干部或分管领导导入。</p>;
    case 'sla-policy':
      return roles.some((r) => ADMIN_ROLES.includes(r)) ? <SlaPolicyPage /> : <p role="alert">时限规则由系统管理员维护。</p>;
    case 'admin-units':
      return roles.some((r) => ADMIN_ROLES.includes(r)) ? <UnitsPage /> : <p role="alert">单位由系统管理员维护。</p>;
    case 'admin-users':
      return roles.some((r) => ADMIN_ROLES.includes(r)) ? <UsersPage /> : <p role="alert">用户由系统管理员维护。</p>;
    case 'admin-calendar': {
      const year = route.year ?? defaultCalendarYear();
      return roles.some((r) => ADMIN_ROLES.includes(r)) ? <CalendarPage key={year} year={year} /> : <p role="alert">节假日由系统管理员维护。</p>;
    }
    case 'admin-timers':
      return roles.some((r) => ADMIN_ROLES.includes(r)) ? <TimersPage /> : <p role="alert">计时器由系统管理员维护。</p>;
    case 'not-found':
      return (
        <section>
          <PageHeading>
            页面不存在
          </PageHeading>
          <p>
            <a href={href(paths.inbox())}>返回待办</a>
          </p>
        </section>
      );
  }
}

function Shell() {
  const route = useRoute();
  const user = useCurrentUser();
  const { signOut } = useSession();
  const { nameOf } = useUnits();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    if (route.name === 'login') navigate(paths.inbox(), { replace: true });
  }, [route.name]);

  const items = NAV.filter((item) => !item.roles || item.roles.some((r) => user.roles.includes(r)));
  const inboxLabel = user.roles.every((r) => r === 'auditor' || r === 'admin') ? '全部案件' : '待办';
  const adminItems = items.filter((item) => item.group === 'admin');
  const link = (item: NavItem) => (
    <a key={item.path} href={href(item.path)} aria-current={item.active(route) ? 'page' : undefined}>
      {item.path === paths.inbox() ? inboxLabel : item.label}
    </a>
  );

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        跳到主要内容
      </a>
      <header className="topbar">
        <a className="brand" href={href('/')}>
          整改与问责工作台
        </a>
        <nav aria-label="主导航" className="mainnav">
          {items.filter((item) => !item.group).map(link)}
          {adminItems.length > 0 && (
            <span className="nav-group" role="group" aria-labelledby="nav-admin-label">
              <span id="nav-admin-label" className="nav-group-label">
                系统管理
              </span>
              {adminItems.map(link)}
            </span>
          )}
        </nav>
        <div className="userbox">
          <NoticeBell current={route.name === 'notices'} />
          <span className="user-name">{user.displayName}</span>
          <span className="user-meta">
            {user.roles.map(roleLabel).join('、')} · {nameOf(user.unitId)}
          </span>
          <button type="button" className="button button-small" onClick={() => signOut('您已退出登录。')}>
            退出登录
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} roles={user.roles} />
      </main>
    </>
  );
}

export function App() {
  const { session } = useSession();
  return (
    <AnnouncerProvider>
      {session ? (
        <UnitsProvider key={session.user.id}>
          <NoticesProvider>
            <Shell />
          </NoticesProvider>
        </UnitsProvider>
      ) : (
        <LoginPage />
      )}
    </AnnouncerProvider>
  );
}
