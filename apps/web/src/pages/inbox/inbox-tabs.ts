import type { CaseQuery } from '../../api/rectify-api';
import type { Role } from '../../api/types';

/** A queue is a server-side filter: the list pages and /api/cases/count agree on it. */
export interface InboxTab {
  id: string;
  label: string;
  query: CaseQuery;
}

const ALL: InboxTab = { id: 'all', label: '全部', query: {} };

/** 被退回: sent back by the unit (退回) and waiting to be given out again (重新交办 / 重新派单). */
const returned = (query: CaseQuery): InboxTab => ({ id: 'returned', label: '被退回', query: { ...query, returned: true } });

const TABS_BY_ROLE: Record<Role, InboxTab[]> = {
  unit_officer: [
    { id: 'to-sign', label: '待签收', query: { state: 'assigned' } },
    { id: 'in-progress', label: '整改中', query: { stateDetail: 'rectifying.inProgress' } },
    // Back with the unit after 验收不通过, to be done again.
    { id: 'rework', label: '被退回重办', query: { stateDetail: 'rectifying.inProgress', rework: true } },
    ALL,
  ],
  inspector: [
    { id: 'to-assign', label: '待交办', query: { state: 'opened' } },
    returned({}),
    { id: 'to-verify', label: '待验收', query: { stateDetail: 'rectifying.awaitingVerification' } },
    { id: 'overdue', label: '已超期', query: { overdue: true } },
    // 催办, 督办 or 问责; every change of state resets the level, so these are open cases.
    { id: 'escalated', label: '已升级', query: { escalated: true } },
    ALL,
  ],
  supervisor: [
    { id: 'to-close', label: '待销号', query: { state: 'verified' } },
    { id: 'extensions', label: '延期申请', query: { extensionPending: true } },
    { id: 'decisions', label: '问责决定', query: { kind: 'accountability', stateDetail: 'rectifying.deciding' } },
    ALL,
  ],
  hotline_agent: [
    { id: 'to-dispatch', label: '待派单', query: { kind: 'hotline', state: 'opened' } },
    { ...returned({ kind: 'hotline' }), id: 'returned-hotline' },
    { id: 'to-call-back', label: '待回访', query: { kind: 'hotline', stateDetail: 'rectifying.awaitingVerification' } },
    { id: 'all-hotline', label: '全部工单', query: { kind: 'hotline' } },
  ],
  auditor: [{ ...ALL, label: '全部案件' }],
  admin: [{ ...ALL, label: '全部案件' }],
};

/** The queues of every role the user holds, each once (by label), with 全部 last. */
export function tabsFor(roles: Role[]): InboxTab[] {
  const seen = new Set<string>();
  const tabs = roles
    .flatMap((role) => TABS_BY_ROLE[role] ?? [])
    .filter((tab) => !seen.has(tab.id) && seen.add(tab.id));
  // An inspector who is also an agent has one 被退回: the inspector's, over every kind.
  const deduped = tabs.filter((t) => t.id !== 'returned-hotline' || !seen.has('returned'));
  const all = deduped.filter((t) => t.id === 'all');
  const rest = deduped.filter((t) => t.id !== 'all');
  return [...rest, ...(all.length ? [all[0]] : rest.length ? [] : [ALL])];
}
