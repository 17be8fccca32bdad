import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api/http-client';
import { type BundleScope, downloadEvidenceBundle, fetchJob, startEvidenceBundle } from '../../api/rectify-api';
import { saveFile } from '../../api/save-file';
import type { EvidenceBundle, Job, Problem } from '../../api/types';
import { FormField, fieldAria } from '../../components/form-field';
import { ProblemAlert } from '../../components/problem-alert';
import { UnitSelect } from '../../components/unit-select';
import { useAnnounce } from '../../hooks/announcer';
import { explainProblem, type Explained } from '../../i18n/problem-text';

const POLL_MS = 400;
const STORE_KEY = 'rectify.evidenceBundle';

const PHASES: Record<string, string> = { signing: '正在签署检查点', reading: '正在读取事件', proving: '正在计算包含证明', writing: '正在写入证据包' };

export function bundleProgressText(job: Job | null): string {
  if (!job?.phase) return '正在准备…';
  const phase = PHASES[job.phase] ?? '正在处理';
  return job.total === null ? `${phase}…` : `${phase}：${job.done.toLocaleString('zh-CN')} / ${job.total.toLocaleString('zh-CN')}`;
}

const keyOf = (scope: BundleScope) => JSON.stringify(scope);

/** The bundle job of this scope started earlier (the page may have been left meanwhile). */
function savedJob(scope: BundleScope): string | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null') as { scope: string; jobId: string } | null;
    return saved?.scope === keyOf(scope) ? saved.jobId : null;
  } catch {
    return null;
  }
}

type Stage = { name: 'idle' } | { name: 'working'; job: Job | null } | { name: 'done'; bundle: EvidenceBundle };

/**
 * 证据包: builds the bundle as a job with its progress, then saves the ZIP; the summary names the
 * manifest's SHA-256, which the admin chain also records, so the recipient can check the copy.
 */
export function EvidenceBundleExport({ scope, disabled }: { scope: BundleScope | null; disabled?: boolean }) {
  const announce = useAnnounce();
  const filesId = useId();
  const [files, setFiles] = useState(false);
  const [stage, setStage] = useState<Stage>({ name: 'idle' });
  const [problem, setProblem] = useState<Explained | null>(null);
  const alive = useRef(true);
  const scopeKey = scope ? keyOf(scope) : '';

  useEffect(() => {
    alive.current = true;
    const jobId = scope && savedJob(scope);
    if (jobId) void follow(jobId, false);
    return () => {
      alive.current = false;
    };
  }, [scopeKey]);

  async function save(bundle: EvidenceBundle) {
    saveFile(await downloadEvidenceBundle(bundle.download), bundle.fileName);
  }

  async function follow(jobId: string, download: boolean) {
    setStage({ name: 'working', job: null });
    try {
      for (;;) {
        const job = await fetchJob(jobId);
        if (!alive.current) return;
        if (job.status === 'succeeded') {
          const bundle = job.result as EvidenceBundle;
          setStage({ name: 'done', bundle });
          announce(`证据包已生成：${bundle.cases} 件案件、${bundle.events} 条事件`);
          if (download) await save(bundle);
          return;
        }
        if (job.status === 'failed') throw new ApiError(job.problem as unknown as Problem);
        setStage({ name: 'working', job });
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (error) {
      if (!alive.current) return;
      sessionStorage.removeItem(STORE_KEY);
      setStage({ name: 'idle' });
      setProblem(explainProblem(error));
    }
  }

  async function start() {
    if (!scope) return;
    setProblem(null);
    try {
      const job = await startEvidenceBundle(scope, files);
      sessionStorage.setItem(STORE_KEY, JSON.stringify({ scope: keyOf(scope), jobId: job.id }));
      await follow(job.id, true);
    } catch (error) {
      setProblem(explainProblem(error));
    }
  }

  const working = stage.name === 'working';
  return (
    <div className="evidence-bundle" data-testid="evidence-bundle">
      <div className="field field-checkbox">
        <input id={filesId} type="checkbox" checked={files} onChange={(e) => setFiles(e.target.checked)} disabled={working} />
        <label htmlFor={filesId}>包含附件文件（否则只含附件的 SHA-256）</label>
      </div>
      <button type="button" className="button button-primary" onClick={() => void start()} disabled={working || disabled || !scope}>
        生成并下载证据包
      </button>
      {working && (
        <div className="import-progress" role="status">
          <progress aria-label="证据包生成进度" {...(stage.job?.total ? { value: stage.job.done, max: stage.job.total } : {})} />
          <span>
            {bundleProgressText(stage.job)}
            <span className="muted">（可以先去办别的事，回到本页会接着显示）</span>
          </span>
        </div>
      )}
      <ProblemAlert explained={problem} />
      {stage.name === 'done' && (
        <div className="alert alert-success" role="status" data-testid="evidence-bundle-done">
          <p>
            已生成 {stage.bundle.fileName}：{stage.bundle.cases} 件案件、{stage.bundle.events} 条事件
            {stage.bundle.unsigned > 0 ? `（其中 ${stage.bundle.unsigned} 条晚于最新签名检查点，稍后重新生成即可全部签名证明）` : '，全部由签名检查点证明'}。
          </p>
          <p>
            清单 SHA-256：<code className="hash">{stage.bundle.manifestSha256}</code>
          </p>
          <p className="muted">收件人解压后用浏览器打开 verify.html（或运行 node verify.mjs）即可离线核验；说明见包内 README.txt。</p>
          <button type="button" className="button" onClick={() => void save(stage.bundle).catch((e: unknown) => setProblem(explainProblem(e)))}>
            再次下载
          </button>
        </div>
      )}
    </div>
  );
}

/** The day after `day` (YYYY-MM-DD): the bundle's period ends before it, so the day chosen is included. */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The 证据包 tab: a unit's cases with an event in a period, for a discipline case about that unit. */
export function EvidenceBundlePanel() {
  const [unitId, setUnitId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const backwards = !!from && !!to && to < from;
  const scope: BundleScope | null = unitId && !backwards ? { unitId, ...(from ? { from } : {}), ...(to ? { to: nextDay(to) } : {}) } : null;
  return (
    <section aria-labelledby="bundle-title" className="panel">
      <h2 id="bundle-title">提取证据包</h2>
      <p className="muted">
        证据包含所选单位在期间内有办理记录的全部案件的完整审计链、签名检查点、每条事件的包含证明、附件哈希、清单和离线验证程序，可交纪检监察机关或法院独立核验。单个案件的证据包在案件页面提取。
      </p>
      <div className="filters">
        <FormField id="bundle-unit" label="承办单位">
          <UnitSelect {...fieldAria('bundle-unit', undefined)} value={unitId} onChange={setUnitId} emptyLabel="请选择单位" />
        </FormField>
        <FormField id="bundle-from" label="起始日期">
          <input {...fieldAria('bundle-from', undefined)} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </FormField>
        <FormField id="bundle-to" label="截止日期（含当日）" errors={backwards ? ['截止日期不能早于起始日期'] : undefined}>
          <input {...fieldAria('bundle-to', backwards ? ['截止日期不能早于起始日期'] : undefined)} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </FormField>
      </div>
      <EvidenceBundleExport scope={scope} />
    </section>
  );
}
