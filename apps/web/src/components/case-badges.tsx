import type { Case, TrafficLight } from '../api/types';
import { ESCALATION_LABELS, LIGHT_LABELS } from '../i18n/labels';

export function TrafficLightBadge({ light, suspended }: { light: TrafficLight | null; suspended?: boolean }) {
  if (!light) return <span className="light light-none">{suspended ? '计时暂停' : '未计时'}</span>;
  return (
    <span className={`light light-${light}`}>
      <span className="light-dot" aria-hidden="true" />
      {LIGHT_LABELS[light]}
    </span>
  );
}

export function EscalationBadge({ level }: { level: number }) {
  if (level <= 0) return null;
  return <span className={`badge badge-escalation-${Math.min(level, 3)}`}>{ESCALATION_LABELS[level] ?? `升级 ${level}`}</span>;
}

export function CaseFlags({ item }: { item: Pick<Case, 'suspended' | 'extension' | 'priority' | 'escalationLevel'> }) {
  return (
    <>
      {item.priority === 'urgent' && <span className="badge badge-urgent">紧急</span>}
      <EscalationBadge level={item.escalationLevel} />
      {item.suspended && <span className="badge badge-suspended">已挂起</span>}
      {item.extension && <span className="badge badge-extension">延期待审批</span>}
    </>
  );
}
