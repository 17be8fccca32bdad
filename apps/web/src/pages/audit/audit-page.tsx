import { useEffect, useRef, useState, type FormEvent } from 'react';
import { findCaseId, searchAudit, type AuditQuery } from '../../api/rectify-api';
import { usePublishedVocabulary } from '../../hooks/use-workflow';
import { AuditExport } from './audit-export';
import type { AuditEvent } from '../../api/types';
import { FormField, fieldAria, focusFirstInvalid } from '../../components/form-field';
import { PageHeading } from '../../components/page-heading';
import { describePayload } from '../../components/payload-text';
import { ProblemAlert } from '../../components/problem-alert';
import { UnitSelect } from '../../components/unit-select';
import { dayBoundary, formatDateTime } from '../../format/time';
import { useAnnounce } from '../../hooks/announcer';
import { useUnits } from '../../hooks/units-context';
import { EVENT_LABELS, genericStateLabel, roleLabel } from '../../i18n/labels';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { href, paths } from '../../router/hash-router';
import { useCurrentUser } from '../../auth/session-context';
import { AdminChainPanel } from './admin-chain-panel';
import { CheckpointsPanel } from './checkpoints-panel';
import { EvidenceBundlePanel } from './evidence-bundle';
import { TrailVerification } from './trail-verification';

const PAGE = 50;

interface Draft {
  caseRef: string;
  actor: string;
  unitId: string;
  type: string;
  from: string;
  to: string;
}

const EMPTY: Draft = { caseRef: '', actor: '', unitId: '', type: '', from: '', to: '' };

/** The trail's three views: case events, the admin chain (auditors), and the signed checkpoints. */
export function AuditPage({ tab }: { tab?: string }) {
  const user = useCurrentUser();
  const auditor = user.has('auditor');
  const bundles = user.has('auditor') || user.has('inspector') || user.has('supervisor');
  const current = tab === 'admin' && auditor ? 'admin' : tab === 'checkpoints' ? 'checkpoints' : tab === 'bundles' && bundles ? 'bundles' : 'events';
  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <PageHeading id="audit-title">审计轨迹</PageHeading>
        <TrailVerification />
      </div>
      <nav className="tabs" aria-label="审计轨迹视图">
        <a className="tab" aria-current={current === 'events' ? 'page' : undefined} href={href(paths.audit())}>
          案件事件
        </a>
        {auditor && (
          <a className="tab" aria-current={current === 'admin' ? 'page' : undefined} href={href(paths.audit('admin'))}>
            管理操作
          </a>
        )}
        <a className="tab" aria-current={current === 'checkpoints' ? 'page' : undefined} href={href(paths.audit('checkpoints'))}>
          签名检查点
        </a>
        {bundles && (
          <a className="tab" aria-current={current === 'bundles' ? 'page' : undefined} href={href(paths.audit('bundles'))}>
            证据包
          </a>
        )}
      </nav>
      {current === 'admin' ? <AdminChainPanel /> : current === 'checkpoints' ? <CheckpointsPanel /> : current === 'bundles' ? <EvidenceBundlePanel /> : <CaseEvents />}
    </section>
  );
}

/** The person who acted: their name, and their login name where the event carries it. */
export function actorText(r: AuditEvent): { name: string; login: string | null } {
  if (r.actorId === 'system') return { name: '系统', login: null };
  const login = (r as AuditEvent & { actorUsername?: string }).actorUsername ?? null;
  return { name: r.actorName ?? login ?? '（未知人员）', login: login && login !== r.actorName ? login : null };
}

function CaseEvents() {
  const { nameOf } = useUnits();
  const vocabulary = usePublishedVocabulary();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [query, setQuery] = useState<AuditQuery | null>({});
  const [rows, setRows] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<Explained | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(fieldErrors).length) focusFirstInvalid(formRef.current);
  }, [fieldErrors]);

  async function load(q: AuditQuery, after: string | null) {
    setLoading(true);
    setProblem(null);
    try {
      const page = await searchAudit(q, after, PAGE);
      setRows((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
      announce(`已加载 ${page.items.length} 条审计记录`);
    } catch (error) {
      const explained = explainProblem(error);
      setFieldErrors(explained.fieldErrors);
      setProblem(explained);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    if (query) void load(query, null);
    // Only a new search reloads; paging appends through load() directly.
  }, [query]);

  async function search(event: FormEvent) {
    event.preventDefault();
    setFieldErrors({});
    const q: AuditQuery = {};
    const ref = draft.caseRef.trim();
    if (ref) {
      const id = await findCaseId(ref).catch(() => null);
      if (!id) {
        setFieldErrors({ caseId: ['未找到该编号的案件'] });
        setProblem({ code: 'VALIDATION_FAILED', message: '填写的内容有误，请按提示修改后再查询。', offerReload: false, fieldErrors: {} });
        return;
      }
      q.caseId = id;
    }
    if (draft.actor.trim()) q.actor = draft.actor.trim();
    if (draft.unitId) q.unitId = draft.unitId;
    if (draft.type) q.type = draft.type;
    if (draft.from) q.from = dayBoundary(draft.from, 'start');
    if (draft.to) q.to = dayBoundary(draft.to, 'end');
    setRows([]);
    setQuery(q);
  }

  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <>
      <form ref={formRef} className="panel filters filters-grid" onSubmit={search} role="search" aria-label="审计记录筛选" noValidate>
        <FormField id="audit-case" label="案件编号" hint="如 ZG-2026-000001" errors={fieldErrors.caseId}>
          <input {...fieldAria('audit-case', fieldErrors.caseId, 'hint')} value={draft.caseRef} onChange={(e) => set('caseRef')(e.target.value)} />
        </FormField>
        <FormField id="audit-actor" label="操作人" hint="登录名或姓名，如 officer.zjj 或 住建局联络员；system 表示系统" errors={fieldErrors.actor}>
          <input {...fieldAria('audit-actor', fieldErrors.actor, 'hint')} value={draft.actor} onChange={(e) => set('actor')(e.target.value)} />
        </FormField>
        <FormField id="audit-unit" label="操作人单位" errors={fieldErrors.unitId}>
          <UnitSelect {...fieldAria('audit-unit', fieldErrors.unitId)} value={draft.unitId} onChange={set('unitId')} emptyLabel="全部单位" />
        </FormField>
        <FormField id="audit-type" label="事件" errors={fieldErrors.type}>
          <select {...fieldAria('audit-type', fieldErrors.type)} value={draft.type} onChange={(e) => set('type')(e.target.value)}>
            <option value="">全部事件</option>
            {Object.entries(EVENT_LABELS).map(([type, label]) => (
              <option key={type} value={type}>
                {/* Every kind at once: 登记 (ledger items, 12345 orders) or 立案 (问责). */}
                {type === 'OPENED' ? '登记/立案' : label}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="audit-from" label="起始日期" errors={fieldErrors.from}>
          <input {...fieldAria('audit-from', fieldErrors.from)} type="date" value={draft.from} onChange={(e) => set('from')(e.target.value)} />
        </FormField>
        <FormField id="audit-to" label="截止日期" errors={fieldErrors.to}>
          <input {...fieldAria('audit-to', fieldErrors.to)} type="date" value={draft.to} onChange={(e) => set('to')(e.target.value)} />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            查询
          </button>
          {query && <AuditExport query={query} />}
        </div>
      </form>
      <ProblemAlert explained={problem} />
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table audit-table">
            <caption className="visually-hidden">审计记录，按时间倒序</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">案件</th>
                <th scope="col">序号</th>
                <th scope="col">事件</th>
                <th scope="col">状态变化</th>
                <th scope="col">操作人</th>
                <th scope="col">内容</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-case-code={r.caseCode}>
                  <td data-label="时间">{formatDateTime(r.at)}</td>
                  <td data-label="案件">
                    <a href={href(paths.case(r.caseId))}>{r.caseCode ?? r.caseId.slice(0, 8)}</a>
                  </td>
                  <td data-label="序号">{r.seq}</td>
                  <td data-label="事件">{vocabulary.eventLabel(r.caseKind, r.type)}</td>
                  <td data-label="状态变化">
                    {r.fromState ? `${genericStateLabel(r.fromState, r.caseKind)} → ` : ''}
                    {genericStateLabel(r.toState, r.caseKind)}
                  </td>
                  <td data-label="操作人">
                    {actorText(r).name}
                    {actorText(r).login && <span className="actor-login">（{actorText(r).login}）</span>}
                    <span className="muted">
                      {' '}
                      · {roleLabel(r.actorRole)}
                      {r.actorUnitId ? ` · ${nameOf(r.actorUnitId)}` : ''}
                    </span>
                  </td>
                  <td data-label="内容">
                    {describePayload(r.type, r.payload, { nameOf, kind: r.caseKind, labels: vocabulary.payloadLabels(r.caseKind, r.type) })
                      .map(([label, text]) => `${label}：${text}`)
                      .join('；')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!loading && !problem && rows.length === 0 && <p className="empty">没有符合条件的审计记录。</p>}
      <div className="list-foot">
        {loading && <span className="muted">正在加载…</span>}
        {!loading && cursor && query && (
          <button type="button" className="button" onClick={() => void load(query, cursor)}>
            加载更多
          </button>
        )}
      </div>
    </>
  );
}
