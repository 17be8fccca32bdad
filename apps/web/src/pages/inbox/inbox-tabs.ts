import type { CaseQuery } from '../../api/rectify-api';
import type { Case, Role } from '../../api/types';

export interface InboxTab {
  id: string;
  label: string;
  query: CaseQuery;
  /** For queues the API cannot filter on; applied to each loaded page. */
  keep?: (item: Case) => boolean;
}

const ALL: InboxTab = { id: 'all', label: '全部', query: {} };

const TABS_BY_ROLE: Record<Role, InboxTab[]> = {
  unit_officer: [
    { id: 'to-sign', label: '待签收', query: { state: 'assigned' } },
    { id: 'in-progress', label: '整改中', query: { stateDetail: 'rectifying.inProgress' } },
    {
      id: 'rework',
      label: '被退回重办',
      query: { stateDetail: 'rectifying.inProgress' },
      keep: (c) => c.reworkCount > 0,
    },
    ALL,
  ],
  inspector: [
    { id: 'to-assign', label: '待交办', query: { state: 'opened' } },
    { id: 'to-verify', label: '待验收', query: { stateDetail: 'rectifying.awaitingVerification' } },
    { id: 'overdue', label: '已超期', query: { overdue: true } },
    // The API filters one escalation level at a time; escalated cases are overdue ones with a level.
    { id: 'escalated', label: '已升级', query: { overdue: true }, keep: (c) => c.escalationLevel > 0 },
    ALL,
  ],
  supervisor: [
    { id: 'to-close', label: '待销号', query: { state: 'verified' } },
    { id: 'extensions', label: '延期申请', query: { state: 'rectifying' }, keep: (c) => c.extension !== null },
    { id: 'decisions', label: '问责决定', query: { kind: 'accountability', stateDetail: 'rectifying.deciding' } },
    ALL,
  ],
  hotline_agent: [
    { id: 'to-dispatch', label: '待派单', query: { kind: 'hotline', state: 'opened' } },
    { id: 'to-call-back', label: '待回访', query: { kind: 'hotline', stateDetail: 'rectifying.awaitingVerification' } },
    { id: 'all-hotline', label: '全部工单', query: { kind: 'hotline' } },
  ],
  auditor: [{ ...ALL, label: '全部案件' }],
  admin: [{ ...ALL, label: '全部案件' }],
};

/** The queues of every role the user holds, each once, with 全部 last. */
export function tabsFor(roles: Role[]): InboxTab[] {
  const seen = new Set<string>();
  const tabs = roles
    .flatMap((role) => TABS_BY_ROLE[role] ?? [])
    .filter((tab) => !seen.has(tab.id) && seen.add(tab.id));
  const all = tabs.filter((t) => t.id === 'all');
  const rest = tabs.filter((t) => t.id !== 'all');
  return [...rest, ...(all.length ? [all[0]] : rest.length ? [] : [ALL])];
}
