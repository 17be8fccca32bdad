import { ORGANISATION_FORMS, PERSON_FORMS } from '@app/workflow';

/** The kinds a unit is assessed on (DESIGN §10). */
export const REPORT_KINDS = ['rectification', 'hotline'] as const;
/** Figures a report cell can stand for: the assessment kinds, and escalations with 问责 decisions. */
export const CELL_KINDS = [...REPORT_KINDS, 'escalations'] as const;
export type ReportKind = (typeof CELL_KINDS)[number];

/** A count stands alone; a rate is its numerator over its denominator; a duration is working days, mean and median. */
export type MetricShape = 'count' | 'rate' | 'duration';

export interface MetricDefinition {
  key: string;
  label: string;
  shape: MetricShape;
  /** What a person reads under the label: how the figure is made. */
  explain: string;
  /** For a rate whose higher value is worse (返工率, 退回率…). */
  lowerIsBetter?: true;
}

export const METRICS: Record<(typeof REPORT_KINDS)[number], readonly MetricDefinition[]> = {
  rectification: [
    { key: 'opened', label: '新增', shape: 'count', explain: '期内立案的整改事项' },
    { key: 'closed', label: '已销号', shape: 'count', explain: '期内批准销号的事项' },
    { key: 'onTime', label: '按期完成率', shape: 'rate', explain: '首次验收通过不晚于整改时限（含延期）的事项 ÷ 时限在期内或期内验收通过的事项' },
    { key: 'overdueOpen', label: '超期未完成', shape: 'count', explain: '期末仍未完成且整改时限已过的事项' },
    { key: 'duration', label: '平均整改用时', shape: 'duration', explain: '从签收到最后一次验收通过的工作日数（期内验收通过的事项）' },
    { key: 'rework', label: '返工率', shape: 'rate', lowerIsBetter: true, explain: '至少一次验收不通过或销号被驳回的事项 ÷ 期内验收通过的事项' },
    { key: 'returned', label: '退回率', shape: 'rate', lowerIsBetter: true, explain: '期内被责任单位退回的事项 ÷ 期内交办给该单位的事项' },
    { key: 'extended', label: '延期率', shape: 'rate', lowerIsBetter: true, explain: '期内获批延期的事项 ÷ 期内交办给该单位的事项' },
    {
      key: 'obligationsOnTime',
      label: '履责完成率',
      shape: 'rate',
      explain: '责任清单事项中按期报送并经审核认可的 ÷ 完成时限在期内的履责事项（无清单时为空）',
    },
  ],
  hotline: [
    { key: 'assigned', label: '工单量', shape: 'count', explain: '期内派给该单位的工单（退回后改派的计入新单位）' },
    { key: 'signedOnTime', label: '及时签收率', shape: 'rate', explain: '在签收时限内签收的工单 ÷ 期内派给该单位的工单' },
    { key: 'repliedOnTime', label: '按时办结率', shape: 'rate', explain: '首次答复在办理时限内的工单 ÷ 期内首次答复的工单' },
    { key: 'returned', label: '回退率', shape: 'rate', lowerIsBetter: true, explain: '期内被该单位退回的工单 ÷ 期内派给该单位的工单' },
    { key: 'redone', label: '重办率', shape: 'rate', lowerIsBetter: true, explain: '至少一次回访不满意的工单 ÷ 期内回访的工单' },
    { key: 'satisfied', label: '满意率', shape: 'rate', explain: '首次回访满意或基本满意的工单 ÷ 期内首次回访的工单（基本满意另列）' },
    { key: 'basicallySatisfied', label: '其中基本满意', shape: 'rate', explain: '首次回访基本满意的工单 ÷ 期内首次回访的工单' },
  ],
};


/** 催办, 督办, 问责 per unit, then the accountability decisions taken, by whom they target and their form. */
export const ESCALATION_METRICS: readonly MetricDefinition[] = [
  { key: 'level1', label: '催办', shape: 'count', explain: '期内升级为催办的事项和工单' },
  { key: 'level2', label: '督办', shape: 'count', explain: '期内升级为督办的事项和工单' },
  { key: 'level3', label: '问责', shape: 'count', explain: '期内升级为问责的事项和工单' },
  ...ORGANISATION_FORMS.map((form) => ({ key: `unit:${form}`, label: form, shape: 'count' as const, explain: `期内对单位作出“${form}”决定的问责案件` })),
  ...PERSON_FORMS.map((form) => ({ key: `person:${form}`, label: form, shape: 'count' as const, explain: `期内对个人作出“${form}”决定的问责案件` })),
];

export type MetricPart = 'numerator' | 'denominator' | 'count';

export function metricsOf(kind: ReportKind): readonly MetricDefinition[] {
  return kind === 'escalations' ? ESCALATION_METRICS : METRICS[kind];
}

export function metricOf(kind: ReportKind, key: string): MetricDefinition | undefined {
  return metricsOf(kind).find((m) => m.key === key);
}

/** The parts a metric is counted in: a rate has two; a count one, as has a duration (the cases its mean is over). */
export function partsOf(metric: MetricDefinition): MetricPart[] {
  return metric.shape === 'rate' ? ['numerator', 'denominator'] : ['count'];
}

export const rate = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}
