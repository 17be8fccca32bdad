import { useCallback, useEffect, useState } from 'react';
import { listTimers, retryTimer } from '../../../api/rectify-api';
import type { CaseTimer } from '../../../api/types';
import { PageHeading } from '../../../components/page-heading';
import { ProblemAlert } from '../../../components/problem-alert';
import { formatDateTime } from '../../../format/time';
import { useAnnounce } from '../../../hooks/announcer';
import { ESCALATION_LABELS, genericStateLabel } from '../../../i18n/labels';
import { href, paths } from '../../../router/hash-router';
import { explainAdminProblem, type AdminExplained } from '../admin-problem-text';
import { AdminNotice, type Notice } from '../admin-notice';

const ACTION_LABELS: Record<string, string> = { notify: '发送通知', 'open-rectification': '立整改事项', 'open-accountability': '立问责案件' };

/** 预警, 超期, or the escalation step (催办/督办/问责) with what it does. */
export function timerPurpose(timer: Pick<CaseTimer, 'purpose' | 'level' | 'action'>): string {
  if (timer.purpose === 'warning') return '预警';
  if (timer.purpose === 'breach') return '超期';
  const step = ESCALATION_LABELS[timer.level] ?? `第 ${timer.level} 级升级`;
  return `${step}（第 ${timer.level} 级${timer.action ? `，${ACTION_LABELS[timer.action] ?? timer.action}` : ''}）`;
}

/**
 * 计时器: timers that failed every attempt and were parked (预警, 超期 or a step of the escalation
 * ladder that could not be delivered). Once the cause is fixed, 重试 puts one back in the queue.
 */
export function TimersPage() {
  const announce = useAnnounce();
  const [timers, setTimers] = useState<CaseTimer[] | null>(null);
  const [problem, setProblem] = useState<AdminExplained | null>(null);
  const [rowProblem, setRowProblem] = useState<{ id: string; explained: AdminExplained } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const load = useCallback(async () => {
    try {
      setTimers(await listTimers('parked'));
      setProblem(null);
    } catch (error) {
      setProblem(explainAdminProblem(error, '计时器'));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function retry(timer: CaseTimer) {
    setBusy(timer.id);
    setRowProblem(null);
    setNotice(null);
    try {
      await retryTimer(timer.id);
      const text = `已重试案件 ${timer.code} 的“${timerPurpose(timer)}”计时器：已放回队列、尝试次数清零，后台将在下一轮扫描时重新执行。`;
      setNotice({ text, tone: 'success', audited: true });
      announce(text);
      await load();
    } catch (error) {
      setRowProblem({ id: timer.id, explained: explainAdminProblem(error, '计时器') });
      await load();
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="admin-page" aria-labelledby="timers-title">
      <PageHeading id="timers-title">计时器</PageHeading>
      <p className="muted">
        预警、超期和催办、督办、问责都由计时器按期触发。某个计时器多次执行失败后会被搁置，不再自动重试，对应案件的预警或升级就会停下。请先排除原因（错误信息见下表），再点“重试”放回队列。
      </p>
      <AdminNotice notice={notice} testId="timers-notice" />
      <ProblemAlert explained={problem} />
      <section className="panel" aria-labelledby="timers-list-title">
        <div className="panel-head">
          <h2 id="timers-list-title">已搁置的计时器</h2>
          <button type="button" className="button button-small" onClick={() => void load()} disabled={busy !== null}>
            刷新
          </button>
        </div>
        {!timers ? (
          <p className="muted">正在加载…</p>
        ) : timers.length === 0 ? (
          <p className="empty" data-testid="timers-empty">
            目前没有搁置的计时器，预警和升级都在按期执行。
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table timers-table">
              <thead>
                <tr>
                  <th scope="col">案件</th>
                  <th scope="col">用途</th>
                  <th scope="col">所在环节</th>
                  <th scope="col">应触发时间</th>
                  <th scope="col">已尝试</th>
                  <th scope="col">最后一次错误</th>
                  <th scope="col">
                    <span className="visually-hidden">操作</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {timers.map((t) => (
                  <tr key={t.id} data-timer-id={t.id} data-case-code={t.code}>
                    <td>
                      <a className="case-code" href={href(paths.case(t.caseId))}>
                        {t.code}
                      </a>
                    </td>
                    <td>{timerPurpose(t)}</td>
                    <td>{genericStateLabel(t.stateEntered)}</td>
                    <td>{formatDateTime(t.dueAt)}</td>
                    <td>{t.attempts} 次</td>
                    <td className="timer-error">{t.lastError ? <code>{t.lastError}</code> : <span className="muted">（无）</span>}</td>
                    <td>
                      <button type="button" className="button button-small" onClick={() => void retry(t)} disabled={busy !== null} aria-label={`重试 ${t.code} 的${timerPurpose(t)}计时器`}>
                        {busy === t.id ? '正在重试…' : '重试'}
                      </button>
                      {rowProblem?.id === t.id && <ProblemAlert explained={rowProblem.explained} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rowProblem && !timers?.some((t) => t.id === rowProblem.id) && <ProblemAlert explained={rowProblem.explained} />}
      </section>
    </section>
  );
}
