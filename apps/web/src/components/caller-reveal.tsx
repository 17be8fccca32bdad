import { useEffect, useState } from 'react';
import { revealCaller } from '../api/rectify-api';
import { ApiError } from '../api/http-client';
import type { CallerReveal as Revealed, CaseDetail } from '../api/types';
import { useCurrentUser } from '../auth/session-context';
import { formatDateTime } from '../format/time';
import { useUnits } from '../hooks/units-context';
import { explainProblem } from '../i18n/problem-text';

/** With the unit: to sign for, or being handled. Once answered, calling back is the hotline's work. */
const WITH_THE_UNIT = new Set(['assigned', 'rectifying.inProgress']);

/** Whether this person is an officer of the unit the order is with now (the API decides; this only offers the button). */
export function mayRevealCaller(item: CaseDetail, user: { unitId: string; has(role: 'unit_officer'): boolean }, within: (unitId: string | null, rootId: string) => boolean): boolean {
  return item.kind === 'hotline' && user.has('unit_officer') && WITH_THE_UNIT.has(item.stateDetail) && !item.fields.callerErasedAt && within(item.unitId, user.unitId);
}

function refusalText(error: unknown): string {
  if (error instanceof ApiError && error.problem.status === 409) return '该工单已不在本单位办理（或来电人信息已依法删除），不能查看完整号码。';
  if (error instanceof ApiError && error.problem.status === 403) return '只有工单当前承办单位的联络员可以查看完整号码。';
  return explainProblem(error).message;
}

/**
 * 查看完整号码: the handling unit's officer sees the caller in full to call back. Each view is
 * recorded by the server; the answer lives in this component only (gone when the page is left).
 */
export function CallerRevealPanel({ item }: { item: CaseDetail }) {
  const user = useCurrentUser();
  const { within } = useUnits();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const offered = mayRevealCaller(item, user, within);

  // The order moved on (answered, returned): what was shown goes with it.
  useEffect(() => {
    if (!offered) setRevealed(null);
  }, [offered]);

  if (!offered && !revealed) return null;

  async function reveal() {
    setBusy(true);
    setProblem(null);
    try {
      setRevealed(await revealCaller(item.id));
    } catch (error) {
      setProblem(refusalText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="caller-reveal" data-testid="caller-reveal">
      {revealed ? (
        <div className="alert alert-info" role="status">
          <p className="caller-full">
            来电人：<strong>{revealed.callerName ?? '—'}</strong>
            {revealed.callerPhone && (
              <>
                {' '}
                · 联系电话：<a href={`tel:${revealed.callerPhone.replace(/[^\d+]/g, '')}`}>{revealed.callerPhone}</a>
              </>
            )}
          </p>
          <p className="muted">此次查看已记录（{formatDateTime(revealed.viewedAt)}）。离开本页后不再显示，请勿外传。</p>
        </div>
      ) : (
        <p>
          <button type="button" className="button" onClick={() => void reveal()} disabled={busy}>
            {busy ? '正在查询…' : '查看完整号码'}
          </button>{' '}
          <span className="muted">回访来电人时使用；每次查看都会记入审计记录。</span>
        </p>
      )}
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
