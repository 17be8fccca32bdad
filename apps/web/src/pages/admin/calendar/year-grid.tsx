export interface YearDays {
  /** Days off (statutory holidays, weekends within them included). */
  holidays: ReadonlySet<string>;
  /** Weekend days worked instead (调休上班). */
  workdays: ReadonlySet<string>;
  names: ReadonlyMap<string, string>;
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
const pad = (n: number) => String(n).padStart(2, '0');

type DayKind = 'workday' | 'holiday' | 'weekend' | 'plain';

/** Monday = 0 … Sunday = 6, for a date with no time zone in it. */
const weekdayIndex = (y: number, m: number, d: number) => (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;

function kindOf(date: string, weekend: boolean, days: YearDays): DayKind {
  if (days.workdays.has(date)) return 'workday';
  if (days.holidays.has(date) || days.names.has(date)) return 'holiday';
  return weekend ? 'weekend' : 'plain';
}

function Month({ year, month, days, today }: { year: number; month: number; days: YearDays; today: string }) {
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = weekdayIndex(year, month, 1);
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  return (
    <table className="cal-month" data-month={month}>
      <caption>{month}月</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((w) => (
            <th key={w} scope="col" abbr={`星期${w}`}>
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((day, i) => {
              if (day === null) return <td key={i} className="cal-empty" />;
              const date = `${year}-${pad(month)}-${pad(day)}`;
              const kind = kindOf(date, i >= 5, days);
              const name = days.names.get(date);
              const previous = `${year}-${pad(month)}-${pad(day - 1)}`;
              // A run of days off shows its name once, on its first day of the month.
              const showName = kind === 'holiday' && name && (day === 1 || days.names.get(previous) !== name);
              const said = [`${month}月${day}日`, `星期${WEEKDAYS[i]}`, kind === 'holiday' ? `${name ?? ''}放假` : kind === 'workday' ? '调休上班' : '', date === today ? '今天' : '']
                .filter(Boolean)
                .join('，');
              return (
                <td key={i} className={`cal-day cal-${kind}${date === today ? ' cal-today' : ''}`} data-date={date} data-kind={kind} title={name}>
                  <span aria-hidden="true">
                    <span className="cal-num">{day}</span>
                    {kind === 'holiday' && <span className="cal-mark">休</span>}
                    {kind === 'workday' && <span className="cal-mark">班</span>}
                    {showName && <span className="cal-name">{name}</span>}
                  </span>
                  <span className="visually-hidden">{said}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The year as twelve months: weekends, days off with their names, 调休上班, today. */
export function YearGrid({ year, days, today, label }: { year: number; days: YearDays; today: string; label: string }) {
  return (
    <div className="cal-year" role="group" aria-label={label} data-testid="year-grid">
      {Array.from({ length: 12 }, (_, i) => (
        <Month key={i} year={year} month={i + 1} days={days} today={today} />
      ))}
    </div>
  );
}

export function YearLegend() {
  return (
    <ul className="cal-legend" aria-label="图例">
      <li>
        <span className="cal-swatch cal-holiday" aria-hidden="true">
          休
        </span>
        法定节假日（放假）
      </li>
      <li>
        <span className="cal-swatch cal-workday" aria-hidden="true">
          班
        </span>
        调休上班
      </li>
      <li>
        <span className="cal-swatch cal-weekend" aria-hidden="true" />
        周末
      </li>
      <li>
        <span className="cal-swatch cal-today" aria-hidden="true" />
        今天
      </li>
    </ul>
  );
}

/** How many days off fall on Monday–Friday (the ones that move deadlines), and the other counts. */
export function yearFigures(year: number, days: YearDays) {
  const off = new Set([...days.holidays, ...days.names.keys()].filter((d) => d.startsWith(`${year}-`)));
  const weekdaysOff = [...off].filter((d) => weekdayIndex(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))) < 5).length;
  return { off: off.size, weekdaysOff, workdays: days.workdays.size };
}
