import type { Notice } from '../../api/notices-api';
import { ESCALATION_LABELS } from '../../i18n/labels';

/** A case's kind from its number when the notice does not name it (ZG 整改, RX 热线, WZ 问责, LZ 履责). */
function kindOf(n: Notice): string {
  if (n.caseKind) return n.caseKind;
  const prefix = n.caseCode.slice(0, 2);
  return { ZG: 'rectification', RX: 'hotline', WZ: 'accountability', LZ: 'obligation' }[prefix] ?? '';
}

/** What happened, in the words of the case's kind. */
export function noticeText(n: Notice): { tag: string; text: string } {
  const kind = kindOf(n);
  const hotline = kind === 'hotline';
  switch (n.kind) {
    case 'assigned':
      return { tag: hotline ? '派单' : kind === 'obligation' ? '下达' : '交办', text: hotline ? '工单已派单到本单位，请及时签收' : kind === 'obligation' ? '履责事项已下达到本单位' : '事项已交办到本单位，请及时签收' };
    case 'returned':
      if (n.eventType === 'VERIFY_FAIL') return { tag: '被退回', text: kind === 'obligation' ? '履责材料被退回补充' : '验收不通过，退回重新整改' };
      if (n.eventType === 'REJECT_CLOSURE') return { tag: '被退回', text: '销号被驳回，退回重新整改' };
      if (n.eventType === 'REOPEN') return { tag: '被退回', text: '已重新打开（回头看），需再次整改' };
      if (n.eventType === 'CALLBACK') return { tag: '被退回', text: '来电人不满意，退回重新办理' };
      return { tag: '被退回', text: hotline ? '工单被承办单位退回，待重新派单' : '事项被责任单位退回，待重新交办' };
    case 'awaiting-verification':
      return n.eventType === 'REPLY' ? { tag: '待回访', text: '承办单位已答复，待回访来电人' } : { tag: '待验收', text: kind === 'obligation' ? '已报送履责材料，待审核' : '责任单位已报送整改情况，待验收' };
    case 'awaiting-approval':
      if (n.eventType === 'REQUEST_EXTENSION') return { tag: '待审批', text: '延期申请待审批' };
      if (n.eventType === 'SUBMIT_FINDINGS') return { tag: '待审批', text: '调查结论已提交，待作出问责决定' };
      return { tag: '待审批', text: hotline ? '已回访，待办结' : '已验收通过，待销号' };
    case 'warning':
      return { tag: '预警', text: '临近办理期限（预警）' };
    case 'breached':
      return { tag: '超期', text: '已超过办理期限' };
    case 'escalated': {
      const level = typeof n.level === 'number' ? ESCALATION_LABELS[n.level] : undefined;
      return { tag: level ?? '催办/督办', text: level ? `已升级为${level}` : '超期后已升级（催办/督办）' };
    }
    default:
      return { tag: '通知', text: '案件有新的进展' };
  }
}
