import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { fetchCalendarYear, loadCalendarYear, previewCalendarYear } from '../../../api/rectify-api';
import type { CalendarYear, CalendarYearPreview } from '../../../api/types';
import { FormField } from '../../../components/form-field';
import { PageHeading } from '../../../components/page-heading';
import { ProblemAlert } from '../../../components/problem-alert';
import { todayInShanghai } from '../../../format/time';
import { useAnnounce } from '../../../hooks/announcer';
import { href, navigate, paths } from '../../../router/hash-router';
import { explainAdminProblem, type AdminExplained } from '../admin-problem-text';
import { AdminNotice, type Notice } from '../admin-notice';
import { calendarRefusals } from './calendar-errors';
import { ReplanPreview } from './replan-preview';
import { parseScheduleText, scheduleAsText, scheduleBody, type ParsedSchedule } from './schedule-text';
import { YearGrid, YearLegend, yearFigures, type YearDays } from './year-grid';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const MAX_FILE_BYTES = 1024 * 1024;

const SOURCE_LABELS: Record<CalendarYear['source'], string> = {
  loaded: '已载入（管理员载入的国务院办公厅通知）',
  package: '内置数据（chinese-days 软件包）',
  none: '无数据：该年期限暂按周一至周五计算，案件标注“日历不完整”',
};

const EXAMPLE = '春节：2月6日（周六）至12日（周五）放假调休，共7天。2月14日（周日）、2月20日（周六）上班。';

/** The schedule a year has now, as the grid reads it. */
function daysOf(year: CalendarYear): YearDays {
  return { holidays: new Set(year.holidays), workdays: new Set(year.workdays), names: new Map(year.holidayNames.map((h) => [h.date, h.name])) };
}

function draftDays(parsed: ParsedSchedule): YearDays {
  return {
    holidays: new Set(parsed.holidays.map((h) => h.date)),
    workdays: new Set(parsed.workdays.map((w) => w.date)),
    names: new Map(parsed.holidays.flatMap((h) => (h.name ? [[h.date, h.name] as const] : []))),
  };
}

/** A file as text: UTF-8, else GB18030 (what Excel and Notepad on a county office PC save). */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export const defaultCalendarYear = () => {
  const [y, m] = todayInShanghai().split('-').map(Number);
  // The next year's notice comes out in November or December: that is the year to load then.
  return m >= 11 ? y + 1 : y;
};

/**
 * 节假日: a year's working calendar as twelve months, and loading the State Council's schedule
 * for it — pasted or from a file, previewed on the grid, its re-planned deadlines listed, then loaded.
 */
export function CalendarPage({ year }: { year: number }) {
  const announce = useAnnounce();
  const today = todayInShanghai();
  const [current, setCurrent] = useState<CalendarYear | null>(null);
  const [loadProblem, setLoadProblem] = useState<AdminExplained | null>(null);
  const [text, setText] = useState('');
  const [view, setView] = useState<'current' | 'draft'>('current');
  const [preview, setPreview] = useState<{ result: CalendarYearPreview; sent: string } | null>(null);
  const [refusals, setRefusals] = useState<string[]>([]);
  const [problem, setProblem] = useState<AdminExplained | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'load' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [yearInput, setYearInput] = useState(String(year));

  useEffect(() => {
    const controller = new AbortController();
    fetchCalendarYear(year, controller.signal).then(
      (y) => setCurrent(y),
      (error: unknown) => !controller.signal.aborted && setLoadProblem(explainAdminProblem(error, '工作日历')),
    );
    return () => controller.abort();
  }, [year]);

  const parsed = useMemo(() => parseScheduleText(text, year), [text, year]);
  const body = scheduleBody(parsed);
  const sent = JSON.stringify(body);
  const hasDraft = parsed.holidays.length + parsed.workdays.length > 0;
  const shownView = hasDraft ? view : 'current';
  const previewFresh = preview !== null && preview.sent === sent;

  function edit(next: string) {
    setText(next);
    setRefusals([]);
    setProblem(null);
    setNotice(null);
    if (next.trim()) setView('draft');
  }

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const input = e.target;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`“${file.name}”超过 1 MB，不像是节假日安排，请检查文件。`);
      return;
    }
    setFileError(null);
    edit(await readText(file));
    announce(`已读入“${file.name}”，请核对识别结果。`);
  }

  function useCurrent() {
    if (!current) return;
    const names = new Map(current.holidayNames.map((h) => [h.date, h.name]));
    edit(scheduleAsText({ holidays: [...current.holidays, ...names.keys()], workdays: current.workdays, names }));
  }

  function refused(error: unknown) {
    const lines = calendarRefusals(error, parsed, year);
    setRefusals(lines ?? []);
    setProblem(
      lines
        ? { ...explainAdminProblem(error, '工作日历'), message: `有 ${lines.length} 处日期未通过检查（见输入框下方），请修改后再预览。` }
        : explainAdminProblem(error, '工作日历'),
    );
    if (lines) document.getElementById('calendar-text')?.focus();
  }

  async function runPreview(e?: FormEvent) {
    e?.preventDefault();
    setBusy('preview');
    setProblem(null);
    setRefusals([]);
    setNotice(null);
    try {
      const result = await previewCalendarYear(year, body);
      setPreview({ result, sent });
      setView('draft');
      announce(result.cases ? `预览完成：将重算 ${result.cases} 件案件的期限。` : '预览完成：没有案件的期限会改变。');
    } catch (error) {
      setPreview(null);
      refused(error);
    } finally {
      setBusy(null);
    }
  }

  async function load() {
    setBusy('load');
    setProblem(null);
    try {
      const loaded = await loadCalendarYear(year, body);
      const figures = yearFigures(year, daysOf(loaded));
      const said = `已载入 ${year} 年工作日历：放假 ${figures.off} 天（其中工作日 ${figures.weekdaysOff} 天）、调休上班 ${figures.workdays} 天；${
        loaded.replanned.cases
          ? `已重算 ${loaded.replanned.cases} 件案件的期限（${loaded.replanned.timers} 个计时器），各案件办理记录中记有“期限重算”。`
          : '没有案件的期限需要重算。'
      }`;
      setCurrent(loaded);
      setText('');
      setPreview(null);
      setView('current');
      setNotice({ text: said, tone: 'success', audited: true });
      announce(said);
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  }

  function goTo(e: FormEvent) {
    e.preventDefault();
    const next = Number(yearInput);
    if (Number.isInteger(next) && next >= MIN_YEAR && next <= MAX_YEAR && next !== year) navigate(paths.adminCalendar(next));
  }

  if (year < MIN_YEAR || year > MAX_YEAR) {
    return (
      <section className="admin-page" aria-labelledby="calendar-title">
        <PageHeading id="calendar-title">节假日（工作日历）</PageHeading>
        <p role="alert">
          年份须在 {MIN_YEAR}–{MAX_YEAR} 之间。<a href={href(paths.adminCalendar(defaultCalendarYear()))}>查看 {defaultCalendarYear()} 年</a>
        </p>
      </section>
    );
  }

  const gridDays = shownView === 'draft' ? draftDays(parsed) : current ? daysOf(current) : null;
  const figures = gridDays ? yearFigures(year, gridDays) : null;
  const holidayGroups = parsed.understood.filter((u) => u.kind === 'holiday');
  const workGroups = parsed.understood.filter((u) => u.kind === 'workday');

  return (
    <section className="admin-page calendar-page" aria-labelledby="calendar-title">
      <PageHeading id="calendar-title">节假日（工作日历）</PageHeading>
      <p className="muted">
        案件期限按工作日计算：周末和法定节假日不计，调休上班日照常计。每年的放假安排由国务院办公厅在上一年 11—12 月公布，请在公布后载入；载入或更正某一年时，受影响的未办结案件期限会在同一事务中重算。
      </p>
      <form className="filters cal-year-nav" onSubmit={goTo} aria-label="选择年份">
        <a className="button" href={href(paths.adminCalendar(year - 1))} aria-label={`上一年：${year - 1} 年`}>
          ‹ {year - 1}
        </a>
        <div className="field field-inline">
          <label htmlFor="calendar-year">年份</label>
          <input id="calendar-year" type="number" min={MIN_YEAR} max={MAX_YEAR} value={yearInput} onChange={(e) => setYearInput(e.target.value)} />
        </div>
        <button type="submit" className="button">
          查看
        </button>
        <a className="button" href={href(paths.adminCalendar(year + 1))} aria-label={`下一年：${year + 1} 年`}>
          {year + 1} ›
        </a>
      </form>
      <AdminNotice notice={notice} testId="calendar-notice" />
      <ProblemAlert explained={loadProblem} />
      {current && (
        <p data-testid="calendar-source">
          {year} 年数据来源：<strong>{SOURCE_LABELS[current.source]}</strong>
        </p>
      )}

      <div className="cal-layout">
        <section className="panel cal-input" aria-labelledby="calendar-input-title">
          <h2 id="calendar-input-title">载入 {year} 年放假安排</h2>
          <form onSubmit={runPreview} noValidate>
            <FormField
              id="calendar-text"
              label="粘贴放假安排"
              hint={`可直接粘贴国务院办公厅通知原文，如“${EXAMPLE}”；也可每行或用逗号分隔写日期，如 ${year}-01-01 元旦、${year}-02-06~${year}-02-12 春节；调休上班的日期写“上班”，如 上班：${year}-02-14, ${year}-02-20。不写年份时按 ${year} 年。`}
              errors={refusals}
            >
              <textarea
                id="calendar-text"
                name="calendar-text"
                rows={9}
                value={text}
                onChange={(e) => edit(e.target.value)}
                aria-invalid={refusals.length ? true : undefined}
                aria-describedby={['calendar-text-hint', refusals.length ? 'calendar-text-error' : ''].filter(Boolean).join(' ')}
                spellCheck={false}
              />
            </FormField>
            <div className="field">
              <label htmlFor="calendar-file">或上传 .txt / .csv 文件</label>
              <input id="calendar-file" type="file" accept=".txt,.csv,text/plain,text/csv" onChange={(e) => void choose(e)} aria-describedby="calendar-file-hint" />
              <p id="calendar-file-hint" className="field-hint">
                文件内容会填入上面的输入框，可核对后修改。
              </p>
              {fileError && (
                <p className="field-error" role="alert">
                  {fileError}
                </p>
              )}
            </div>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy !== null || !hasDraft}>
                {busy === 'preview' ? '正在预览…' : '预览期限重算'}
              </button>
              <button type="button" className="button button-primary" onClick={() => void load()} disabled={busy !== null || !previewFresh} aria-describedby="calendar-load-hint">
                {busy === 'load' ? '正在载入…' : `确认载入 ${year} 年日历`}
              </button>
              {current && current.source !== 'none' && (
                <button type="button" className="button" onClick={useCurrent} disabled={busy !== null}>
                  以现有数据为底稿
                </button>
              )}
              <button type="button" className="button" onClick={() => edit('')} disabled={busy !== null || !text}>
                清空
              </button>
            </div>
            <p id="calendar-load-hint" className="field-hint">
              {previewFresh
                ? `载入后将替换 ${year} 年现有的节假日数据。`
                : hasDraft
                  ? '载入前请先“预览期限重算”，核对日历和受影响的案件。'
                  : '填入放假安排后可预览。'}
            </p>
          </form>
          <ProblemAlert explained={problem} />

          {text.trim() && (
            <section className="cal-understood" aria-labelledby="calendar-understood-title" data-testid="calendar-understood">
              <h3 id="calendar-understood-title">识别结果</h3>
              <p>
                放假 {parsed.holidays.length} 天，调休上班 {parsed.workdays.length} 天。
              </p>
              {holidayGroups.length > 0 && (
                <ul>
                  {holidayGroups.map((g, i) => (
                    <li key={`h${i}`} data-kind="holiday">
                      第 {g.line} 行：{g.name ? `${g.name}，` : ''}
                      {g.from === g.to ? g.from : `${g.from} 至 ${g.to}`} 放假，共 {g.days} 天
                      {g.writtenName && <span className="muted">（原文“{g.writtenName}”，按“{g.name}”记）</span>}
                    </li>
                  ))}
                </ul>
              )}
              {workGroups.length > 0 && (
                <p data-kind="workday">调休上班：{workGroups.map((g) => (g.from === g.to ? g.from : `${g.from} 至 ${g.to}`)).join('、')}</p>
              )}
              {parsed.issues.length > 0 && (
                <div className="alert alert-warning" data-testid="calendar-issues">
                  <p>以下内容未能使用或需要核对：</p>
                  <ul>
                    {parsed.issues.map((issue, i) => (
                      <li key={i}>
                        第 {issue.line} 行：{issue.message}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </section>
          )}
          {preview && <ReplanPreview preview={preview.result} stale={!previewFresh} />}
        </section>

        <section className="panel cal-view" aria-labelledby="calendar-grid-title">
          <div className="panel-head">
            <h2 id="calendar-grid-title">{shownView === 'draft' ? `${year} 年日历预览（尚未保存）` : `${year} 年日历`}</h2>
            {hasDraft && (
              <div className="segmented" role="group" aria-label="显示">
                <button type="button" className="button button-small" aria-pressed={shownView === 'current'} onClick={() => setView('current')}>
                  现有数据
                </button>
                <button type="button" className="button button-small" aria-pressed={shownView === 'draft'} onClick={() => setView('draft')}>
                  粘贴内容预览
                </button>
              </div>
            )}
          </div>
          {figures && (
            <p data-testid="calendar-figures">
              放假 {figures.off} 天（其中占用工作日 {figures.weekdaysOff} 天），调休上班 {figures.workdays} 天。
            </p>
          )}
          <YearLegend />
          {gridDays ? (
            <YearGrid year={year} days={gridDays} today={today} label={shownView === 'draft' ? `${year} 年日历预览` : `${year} 年日历`} />
          ) : (
            <p className="muted">正在加载…</p>
          )}
        </section>
      </div>
    </section>
  );
}
