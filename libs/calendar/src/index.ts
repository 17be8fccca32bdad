export * from './calendar.errors';
export * from './calendar.type';
export { packageYears } from './chinese-days.util';
export * from './deadline.util';
export * from './duration.util';
export {
  addCalendarDays,
  calendarDaysBetween,
  DAY_MS,
  type IsoDate,
  isIsoDate,
  shanghaiDate,
  startOfShanghaiDay,
  weekdayOf,
} from './iso-date.util';
export * from './working-calendar';
export * from './year-schedule.policy';
