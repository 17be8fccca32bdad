import { useEffect, useId, useState } from 'react';
import { fetchRanking, fetchRankingWeights, publishRankingWeights } from '../../api/rectify-api';
import type { Ranking, RankingWeights, ReportMetric } from '../../api/types';
import { useCurrentUser } from '../../auth/session-context';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { ProblemAlert } from '../../components/problem-alert';

interface Props {
  kind: 'rectification' | 'hotline';
  from: string;
  to: string;
  rollup: boolean;
  metrics: ReportMetric[];
}

function Board({ title, units, className }: { title: string; units: Ranking['ranked']; className: string }) {
  return (
    <div className={`board ${className}`}>
      <h3>{title}</h3>
      {units.length === 0 ? (
        <p className="muted">本期无</p>
      ) : (
        <ol>
          {units.map((u) => (
            <li key={u.unitId}>
              {u.unitName} <span className="muted">（第 {u.rank} 名，{u.score} 分）</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** 红榜/黑榜 of the period by the weighted score; an administrator can set the weights (a new version each time). */
export function RankingPanel({ kind, from, to, rollup, metrics }: Props) {
  const user = useCurrentUser();
  const formId = useId();
  const [ranking, setRanking] = useState<Ranking | null>(null);
  const [problem, setProblem] = useState<Explained | null>(null);
  const [editing, setEditing] = useState<RankingWeights | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchRanking({ kind, from, to, rollup }, controller.signal).then(setRanking, (error: unknown) => {
      if (!controller.signal.aborted) setProblem(explainProblem(error));
    });
    return () => controller.abort();
  }, [kind, from, to, rollup, refresh]);

  const label = (key: string) => metrics.find((m) => m.key === key)?.label ?? key;
  const rates = metrics.filter((m) => m.shape === 'rate' && m.key !== 'basicallySatisfied');

  async function save() {
    if (!editing) return;
    try {
      await publishRankingWeights(editing.weights);
      setEditing(null);
      setRefresh((r) => r + 1);
    } catch (error) {
      setProblem(explainProblem(error));
    }
  }

  return (
    <section aria-labelledby={`${formId}-title`} className="ranking">
      <h2 id={`${formId}-title`}>红黑榜</h2>
      <ProblemAlert explained={problem} />
      {ranking && (
        <>
          <div className="boards">
            <Board title="红榜" units={ranking.red} className="board-red" />
            <Board title="黑榜" units={ranking.black} className="board-black" />
          </div>
          <p className="muted" data-testid="ranking-weights">
            按加权得分排名（权重第 {ranking.weights.version} 版：
            {Object.entries(ranking.weights.weights)
              .map(([key, w]) => `${label(key)} ${w}`)
              .join('、')}
            ；越低越好的指标按“1 − 比率”计分）。本期无考核数据的单位不参与排名。
          </p>
        </>
      )}
      {user.roles.includes('admin') && !editing && (
        <button type="button" className="button" onClick={() => void fetchRankingWeights().then(setEditing, (e: unknown) => setProblem(explainProblem(e)))}>
          调整权重
        </button>
      )}
      {editing && (
        <form
          className="weights-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {rates.map((m) => (
            <div key={m.key} className="field field-inline">
              <label htmlFor={`${formId}-${m.key}`}>{m.label}</label>
              <input
                id={`${formId}-${m.key}`}
                type="number"
                min={0}
                max={100}
                step={0.05}
                value={editing.weights[kind][m.key] ?? 0}
                onChange={(e) => setEditing({ ...editing, weights: { ...editing.weights, [kind]: { ...editing.weights[kind], [m.key]: Number(e.target.value) } } })}
              />
            </div>
          ))}
          <button type="submit" className="button button-primary">
            保存为新版本
          </button>
          <button type="button" className="button" onClick={() => setEditing(null)}>
            取消
          </button>
        </form>
      )}
    </section>
  );
}
