import type { ReactNode } from 'react';
import type { CaseDetail } from '../api/types';
import { formatDateTime, formatDeadline } from '../format/time';
import { useUnits } from '../hooks/units-context';
import { fieldLabel, valueLabel } from '../i18n/labels';

const FIELD_ORDER: Record<string, string[]> = {
  rectification: ['source', 'category', 'description', 'measures', 'responsiblePerson', 'dueAt', 'progress', 'ladderFrom'],
  hotline: ['requestType', 'channel', 'callerName', 'callerPhone', 'callerErasedAt', 'content'],
  accountability: ['description', 'targetType', 'targetUnitId', 'targetPerson', 'form'],
  obligation: ['obligationTitle', 'periodLabel', 'dueAt', 'requiredCount', 'itemNo', 'itemText', 'reviewerUnitId', 'listYear', 'listVersion', 'ladderFrom'],
};

const KIND_FIELD_LABELS: Record<string, Record<string, string>> = {
  rectification: { dueAt: '整改期限' },
  obligation: { dueAt: '完成时限', ladderFrom: '催办起算时间' },
};

interface Props {
  item: CaseDetail;
  openedByName?: string;
  /** Shown under the fields (the handling unit's view of the caller). */
  children?: ReactNode;
}

export function CaseFields({ item, openedByName, children }: Props) {
  const { nameOf } = useUnits();
  const order = FIELD_ORDER[item.kind] ?? [];
  const keys = [...order.filter((k) => k in item.fields), ...Object.keys(item.fields).filter((k) => !order.includes(k))];

  const show = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (key === 'targetUnitId' || key === 'unitId' || key === 'reviewerUnitId') return nameOf(String(value));
    if (key === 'itemNo') return `第 ${String(value)} 项`;
    if (key === 'callerErasedAt') return `来电人姓名和电话已于 ${formatDateTime(String(value))} 依法删除（审计链只留有其加盐哈希）`;
    if (key === 'dueAt') return formatDeadline(String(value));
    // An item imported past its deadline: its escalation counts from the import.
    if (key === 'ladderFrom') {
      const why = item.kind === 'obligation' ? '清单发布时已过期限' : '导入时已超期';
      return `${formatDateTime(String(value))}（${why}，催办、督办自此起算）`;
    }
    if (Array.isArray(value)) return value.join('；');
    return valueLabel(key, String(value));
  };

  return (
    <section className="panel" aria-labelledby="fields-title">
      <h2 id="fields-title">基本信息</h2>
      <dl className="facts facts-wide">
        {keys.map((key) => (
          <div key={key} className={String(item.fields[key] ?? '').length > 40 ? 'fact-long' : undefined}>
            <dt>{KIND_FIELD_LABELS[item.kind]?.[key] ?? fieldLabel(key)}</dt>
            <dd className="prewrap">{show(key, item.fields[key])}</dd>
          </div>
        ))}
        <div>
          <dt>责任单位</dt>
          <dd>{item.unitId ? nameOf(item.unitId) : '尚未交办'}</dd>
        </div>
        {item.assigneeId && (
          <div>
            <dt>承办人</dt>
            <dd data-testid="case-assignee">{item.assignee?.displayName ?? '已指定（姓名暂不可见）'}</dd>
          </div>
        )}
        <div>
          <dt>{item.kind === 'accountability' ? '立案' : item.kind === 'obligation' ? '生成' : '登记'}</dt>
          <dd>
            {formatDateTime(item.openedAt)}
            {openedByName ? ` · ${openedByName}` : ''}
          </dd>
        </div>
        {item.closedAt && (
          <div>
            <dt>办结时间</dt>
            <dd>{formatDateTime(item.closedAt)}</dd>
          </div>
        )}
        {(item.returnCount > 0 || item.reworkCount > 0) && (
          <div>
            <dt>退回 / 重办</dt>
            <dd>
              退回 {item.returnCount} 次，重办 {item.reworkCount} 次
            </dd>
          </div>
        )}
        <div>
          <dt>最后更新</dt>
          <dd>
            {formatDateTime(item.updatedAt)}（第 {item.version} 版）
          </dd>
        </div>
      </dl>
      {children}
    </section>
  );
}
