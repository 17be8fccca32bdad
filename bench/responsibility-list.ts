import { api } from './server';
import { round } from './stats';

type Node = { id: string; code: string; parentId: string | null; children: Node[] };

const once = (key: string, title: string, due: string) => ({ key, title, schedule: { type: 'once', due }, appliesTo: 'departments' });

/** A county list the size of a real one: once, count, half-yearly, quarterly and monthly duties (25 cases per department). */
function list(dueShift = 0) {
  const due = (md: string) => (dueShift ? `${md.slice(0, 3)}${String(Math.min(28, Number(md.slice(3)) - dueShift)).padStart(2, '0')}` : md);
  return [
    { no: 4, text: '年初专题研究机关党建工作计划', obligations: [once('duty-list', '制定责任清单', due('01-31')), once('annual-plan', '专题研究工作计划', due('03-31')), once('year-end', '年终听取汇报', due('12-31'))] },
    { no: 7, text: '理论学习中心组学习', obligations: [once('study-plan', '制定学习计划', due('02-28'))] },
    { no: 8, text: '思想政治状况分析', obligations: [once('thought', '形成分析报告', due('12-31'))] },
    {
      no: 9,
      text: '意识形态工作责任制',
      obligations: [
        { key: 'ideology-study', title: '专题研究意识形态工作', schedule: { type: 'count', min: 2, by: due('12-31') }, appliesTo: 'departments' },
        { key: 'ideology-report', title: '书面汇报意识形态工作', schedule: { type: 'periodic', every: 'half-year', dueAfterPeriod: '15d' }, appliesTo: 'departments' },
      ],
    },
    { no: 11, text: '支部标准化建设', obligations: [{ key: 'branch', title: '支部工作季度报告', schedule: { type: 'periodic', every: 'quarter', dueAfterPeriod: '10wd' }, appliesTo: 'departments' }] },
    { no: 15, text: '党风廉政建设', obligations: [once('integrity', '组织检查考核', due('12-31'))] },
    { no: 18, text: '作风建设', obligations: [{ key: 'conduct', title: '作风效能月报', schedule: { type: 'periodic', every: 'month', dueAfterPeriod: '5wd' }, appliesTo: 'departments' }] },
  ];
}

export interface PublishRun {
  departments: number;
  cases: number;
  seconds: number;
  casesPerSecond: number;
  /** Publishing the same list again: nothing to create or revise. */
  republishSeconds: number;
  /** A corrected list that moves every open duty's deadline: one REVISE each. */
  reviseSeconds: number;
  revised: number;
}

/**
 * j. Publishing a year's list for the county's departments, `departments` of them created for it
 * (through the API), then re-publishing it unchanged and corrected.
 */
export async function publishList(apiUrl: string, admin: string, departments: number, year: number): Promise<PublishRun> {
  const [root] = await api<Node[]>(apiUrl, admin, 'GET', '/api/units');
  for (let i = 1; i <= departments; i++) {
    await api(apiUrl, admin, 'POST', '/api/units', { code: `bench-dept-${year}-${i}`, name: `测试部门${i}`, parentId: root.id });
  }
  const put = async (items: unknown) => {
    const started = process.hrtime.bigint();
    const res = await api<{ generation: { planned: number; created: number; revised: number } }>(apiUrl, admin, 'PUT', `/api/responsibility-lists/${year}`, { status: 'published', items });
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, ...res.generation };
  };
  const [county] = await api<Node[]>(apiUrl, admin, 'GET', '/api/units');
  const first = await put(list());
  const again = await put(list());
  const corrected = await put(list(1));
  if (again.created || again.revised) throw new Error(`re-publishing changed ${again.created + again.revised} cases`);
  return {
    departments: county.children.length,
    cases: first.created,
    seconds: round(first.seconds, 3),
    casesPerSecond: round(first.created / first.seconds, 0),
    republishSeconds: round(again.seconds, 3),
    reviseSeconds: round(corrected.seconds, 3),
    revised: corrected.revised,
  };
}
