import type { OpenCaseCommand } from '@app/cases';

type Step = { as: string; event: Record<string, unknown> };

export interface DemoCase {
  openedBy: string;
  command: (units: Record<string, string>) => OpenCaseCommand;
  steps: (units: Record<string, string>) => Step[];
}

const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();

const rectification = (title: string, description: string, unit: string, dueInDays: number) => (units: Record<string, string>): OpenCaseCommand => ({
  kind: 'rectification',
  title,
  description,
  source: '巡察反馈',
  category: '限期整改',
  measures: '制定整改方案，明确责任人和完成时限',
  responsiblePerson: '单位主要负责人',
  unitId: units[unit],
  dueAt: inDays(dueInDays),
});

const hotline = (title: string, content: string, priority: 'normal' | 'urgent', callerName: string, callerPhone: string) => (): OpenCaseCommand => ({
  kind: 'hotline',
  title,
  content,
  callerName,
  callerPhone,
  requestType: '投诉',
  priority,
  channel: 'phone',
});

const assign = (unit: string, as = 'inspector') => (units: Record<string, string>): Step => ({ as, event: { type: 'ASSIGN', unitId: units[unit] } });

/** A few cases of each kind, left in different states, built through the engine (valid audit chains). */
export const DEMO_CASES: DemoCase[] = [
  {
    openedBy: 'inspector',
    command: rectification('公务接待超标准问题', '2025年巡察发现部分公务接待超出标准', 'zjj', 60),
    steps: () => [],
  },
  {
    openedBy: 'inspector',
    command: rectification('违规发放津贴补贴问题', '巡察发现违规发放津贴补贴共计12笔', 'zjj', 45),
    steps: (u) => [assign('zjj')(u)],
  },
  {
    openedBy: 'inspector',
    command: rectification('工程项目招投标不规范问题', '部分工程项目未按规定公开招标', 'zjj', 30),
    steps: (u) => [assign('zjj')(u), { as: 'officer.zjj', event: { type: 'ACCEPT', comment: '已签收，正在制定整改方案' } }],
  },
  {
    openedBy: 'supervisor',
    command: rectification('城建档案管理混乱问题', '城建档案存在缺失、未归档情况', 'zjj-cj', 20),
    steps: (u) => [
      assign('zjj-cj', 'supervisor')(u),
      { as: 'officer.zjj', event: { type: 'ACCEPT' } },
      { as: 'officer.zjj', event: { type: 'SUBMIT_REPORT', summary: '已完成档案补录和归档，建立档案管理制度', evidence: ['档案目录.xlsx'] } },
    ],
  },
  {
    openedBy: 'inspector',
    command: rectification('食品安全抽检不到位问题', '2025年食品安全抽检批次未达到计划', 'scj', 15),
    steps: (u) => [
      assign('scj')(u),
      { as: 'officer.scj', event: { type: 'ACCEPT' } },
      { as: 'officer.scj', event: { type: 'SUBMIT_REPORT', summary: '已补足抽检批次并公开结果' } },
      { as: 'inspector', event: { type: 'VERIFY_PASS', comment: '整改到位，建议销号' } },
    ],
  },
  {
    openedBy: 'inspector',
    command: rectification('会议费管理不规范问题', '会议费报销附件不全', 'scj', 10),
    steps: (u) => [
      assign('scj')(u),
      { as: 'officer.scj', event: { type: 'ACCEPT' } },
      { as: 'officer.scj', event: { type: 'SUBMIT_REPORT', summary: '已补齐附件并修订会议费管理办法' } },
      { as: 'inspector', event: { type: 'VERIFY_PASS' } },
      { as: 'supervisor', event: { type: 'APPROVE_CLOSURE', comment: '同意销号' } },
    ],
  },
  { openedBy: 'agent', command: hotline('小区路灯不亮', '某某小区3号楼前路灯已坏两周', 'normal', '张三丰', '13812345678'), steps: () => [] },
  {
    openedBy: 'agent',
    command: hotline('建筑工地夜间施工扰民', '某工地连续多晚施工至凌晨', 'normal', '李梅', '13900001111'),
    steps: (u) => [assign('zjj', 'agent')(u)],
  },
  {
    openedBy: 'agent',
    command: hotline('超市销售过期食品', '某超市货架上发现过期牛奶', 'urgent', '王强', '13700002222'),
    steps: (u) => [assign('scj', 'agent')(u), { as: 'officer.scj', event: { type: 'ACCEPT' } }],
  },
  {
    openedBy: 'agent',
    command: hotline('道路井盖缺失', '人民路与解放路交叉口井盖缺失', 'urgent', '赵敏', '13600003333'),
    steps: (u) => [
      assign('zjj-cj', 'agent')(u),
      { as: 'officer.zjj', event: { type: 'ACCEPT' } },
      { as: 'officer.zjj', event: { type: 'REPLY', answer: '已于当日补装井盖并设置警示标志' } },
    ],
  },
  {
    openedBy: 'inspector',
    command: (u) => ({
      kind: 'accountability',
      title: '住建局整改工作推进不力问责',
      description: '多项整改任务逾期未完成，经督办仍未整改到位',
      targetUnitId: u.zjj,
    }),
    steps: () => [{ as: 'inspector', event: { type: 'ASSIGN' } }],
  },
];
