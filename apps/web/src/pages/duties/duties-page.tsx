import { useState } from 'react';
import { downloadMatrixWorkbook, fetchChecklist, fetchMatrix, fetchResponsibilityList } from '../../api/rectify-api';
import { ApiError } from '../../api/http-client';
import { saveFile } from '../../api/save-file';
import type { Role } from '../../api/types';
import { useCurrentUser } from '../../auth/session-context';
import { PageHeading } from '../../components/page-heading';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format/time';
import { useLoad } from '../../hooks/use-load';
import { useUnits } from '../../hooks/units-context';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { href, navigate, paths } from '../../router/hash-router';
import { currentYear, StatusBadge } from './cell-status';
import { ListEditor } from './list-editor';
import { MatrixTable } from './matrix-table';
import { ReviewQueue } from './review-queue';
import { UnitChecklistView } from './unit-checklist';

export const COUNTY_READERS: Role[] = ['inspector', 'supervisor', 'auditor', 'admin'];

interface Props {
  year?: number;
  unit?: string;
  item?: number;
  tab?: string;
}

/** A 404 means the year has no published list yet: said plainly, not as an error. */
const notPublished = (error: unknown) => error instanceof ApiError && error.code === 'NOT_FOUND';

/**
 * 责任清单: county staff see the matrix (units × items), the evidence waiting for review and the
 * list itself; a unit's officers see their own checklist — what is due, what they sent, what came back.
 */
export function DutiesPage({ year: chosenYear, unit, item, tab }: Props) {
  const user = useCurrentUser();
  const year = chosenYear ?? currentYear();
  const county = user.roles.some((r) => COUNTY_READERS.includes(r));
  const unitId = unit ?? (county ? undefined : (user.unitId ?? undefined));
  const years = [currentYear() - 1, currentYear(), currentYear() + 1];
  const go = (change: Partial<Props>) => navigate(paths.duties({ year, tab, ...change }));

  return (
    <section aria-labelledby="duties-title">
      <div className="page-head">
        <PageHeading id="duties-title">责任清单</PageHeading>
        <div className="segmented" role="group" aria-label="清单年度">
          {years.map((y) => (
            <button key={y} type="button" className="button" aria-pressed={y === year} onClick={() => go({ year: y, unit, item: undefined })}>
              {y} 年
            </button>
          ))}
        </div>
      </div>
      {unitId && !county ? <UnitView year={year} unitId={unitId} item={item} tab={tab} roles={user.roles} /> : unitId ? (
        <Checklist year={year} unitId={unitId} item={item} roles={user.roles} showBack />
      ) : (
        <CountyView year={year} tab={tab ?? 'matrix'} roles={user.roles} />
      )}
    </section>
  );
}

/** A unit's officers: their checklist, and the duties of other units their unit was named to review. */
function UnitView({ year, unitId, item, tab, roles }: { year: number; unitId: string; item?: number; tab?: string; roles: Role[] }) {
  return (
    <>
      <nav className="tabs" aria-label="责任清单视图">
        <a className="tab" aria-current={tab !== 'review' ? 'page' : undefined} href={href(paths.duties({ year }))}>
          本单位清单
        </a>
        <a className="tab" aria-current={tab === 'review' ? 'page' : undefined} href={href(paths.duties({ year, tab: 'review' }))}>
          待审核
        </a>
      </nav>
      {tab === 'review' ? <ReviewQueue /> : <Checklist year={year} unitId={unitId} item={item} roles={roles} showBack={false} />}
    </>
  );
}

function Checklist({ year, unitId, item, roles, showBack }: { year: number; unitId: string; item?: number; roles: Role[]; showBack: boolean }) {
  const { nameOf } = useUnits();
  const { data, error, loading, reload } = useLoad((signal) => fetchChecklist(year, unitId, signal), `${year}|${unitId}`);
  return (
    <>
      {showBack && (
        <p>
          <a href={href(paths.duties({ year }))}>← 返回全县落实矩阵</a>
        </p>
      )}
      <h2 className="section-title">{nameOf(unitId)}履责清单</h2>
      {error ? (
        notPublished(error) ? (
          <p>{year} 年度责任清单尚未发布。</p>
        ) : (
          <ProblemAlert explained={explainProblem(error)} onReload={reload} />
        )
      ) : loading && !data ? (
        <p className="muted">正在加载…</p>
      ) : data ? (
        <UnitChecklistView checklist={data} roles={roles} itemNo={item} />
      ) : null}
    </>
  );
}

function CountyView({ year, tab, roles }: { year: number; tab: string; roles: Role[] }) {
  const tabs = [
    { id: 'matrix', label: '落实矩阵' },
    ...(roles.includes('inspector') ? [{ id: 'review', label: '待审核' }] : []),
    { id: 'list', label: '清单内容' },
  ];
  return (
    <>
      <nav className="tabs" aria-label="责任清单视图">
        {tabs.map((t) => (
          <a key={t.id} className="tab" aria-current={tab === t.id ? 'page' : undefined} href={href(paths.duties({ year, tab: t.id }))}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'review' ? <ReviewQueue /> : tab === 'list' ? <ListView year={year} roles={roles} /> : <Matrix year={year} />}
    </>
  );
}

function Matrix({ year }: { year: number }) {
  const { data, error, loading, reload } = useLoad((signal) => fetchMatrix(year, signal), String(year));
  const [problem, setProblem] = useState<Explained | null>(null);
  if (error) return notPublished(error) ? <p>{year} 年度责任清单尚未发布。管理员可在“清单内容”中编辑并发布。</p> : <ProblemAlert explained={explainProblem(error)} onReload={reload} />;
  if (loading && !data) return <p className="muted">正在加载…</p>;
  if (!data) return null;
  async function download() {
    try {
      const { blob, name } = await downloadMatrixWorkbook(year);
      saveFile(blob, name);
    } catch (e) {
      setProblem(explainProblem(e));
    }
  }
  return (
    <>
      <div className="duty-summary">
        <p>
          第 {data.version} 版 · {data.units.length} 个单位 × {data.items.length} 项：
          {Object.entries(data.totals)
            .filter(([, n]) => n > 0)
            .map(([status, n]) => (
              <span key={status} className="duty-total">
                <StatusBadge status={status as never} /> {n}
              </span>
            ))}
        </p>
        <button type="button" className="button" onClick={() => void download()}>
          导出 Excel
        </button>
      </div>
      <ProblemAlert explained={problem} />
      <MatrixTable matrix={data} />
      <details className="duty-legend">
        <summary>各条目原文</summary>
        <ol>
          {data.items.map((i) => (
            <li key={i.no} value={i.no}>
              {i.text}
              {i.obligations.length > 0 && <span className="muted">（{i.obligations.map((o) => `${o.title}：${o.scheduleText}`).join('；')}）</span>}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}

function ListView({ year, roles }: { year: number; roles: Role[] }) {
  const { data, error, loading, reload } = useLoad((signal) => fetchResponsibilityList(year, signal), String(year));
  if (loading && !data && !error) return <p className="muted">正在加载…</p>;
  if (error && !notPublished(error)) return <ProblemAlert explained={explainProblem(error)} onReload={reload} />;
  const list = error ? null : data;
  return (
    <>
      {list ? (
        <div className="panel">
          <h2>
            {year} 年度清单（第 {list.version} 版，{list.status === 'published' ? '已发布' : '草稿'}）
          </h2>
          <ol>
            {list.items.map((i) => (
              <li key={i.no} value={i.no}>
                <p className="prewrap">{i.text}</p>
                {i.obligations.length > 0 && (
                  <ul>
                    {i.obligations.map((o) => (
                      <li key={o.key}>{o.title}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
          <details>
            <summary>版本记录（共 {list.versions.length} 版）</summary>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">版本</th>
                  <th scope="col">状态</th>
                  <th scope="col">保存时间</th>
                </tr>
              </thead>
              <tbody>
                {list.versions.map((v) => (
                  <tr key={v.version}>
                    <td>第 {v.version} 版</td>
                    <td>{v.status === 'published' ? '已发布' : '草稿'}</td>
                    <td>{formatDateTime(v.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      ) : (
        <p>{year} 年度还没有责任清单。</p>
      )}
      {roles.includes('admin') && <ListEditor year={year} list={list ?? null} onSaved={reload} />}
    </>
  );
}
