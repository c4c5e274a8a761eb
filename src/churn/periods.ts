import { civilFromDays, daysFromCivil, isoDateFromDays } from "../input/dates.js";

/** Calendar period units. */
export type PeriodUnit = "week" | "month" | "quarter" | "year";

/** Maps calendar days to consecutive period indices and back. */
export interface PeriodCalendar {
  unit: PeriodUnit;
  /** Weekday weeks start on (0 = Sunday … 6 = Saturday), for weeks. */
  weekStartsOn: number;
  index(day: number): number;
  /** First day of a period. */
  start(index: number): number;
  /** Last day of a period. */
  end(index: number): number;
  /** `2024-03`, `2024-Q1`, `2024`, or the week's first day `2024-03-04`. */
  label(index: number): string;
}

/** A calendar of weeks, months, quarters or years (calendar days, as read in the transactions' zone). */
export function periodCalendar(unit: PeriodUnit, weekStartsOn = 1): PeriodCalendar {
  const monthsPer = unit === "quarter" ? 3 : unit === "year" ? 12 : 1;
  const startOf = (index: number): number => {
    if (unit === "week") return index * 7 - 4 + weekStartsOn; // 1970-01-01 was a Thursday (weekday 4)
    const months = index * monthsPer;
    return daysFromCivil(Math.floor(months / 12), (months % 12 + 12) % 12 + 1, 1);
  };
  return {
    unit,
    weekStartsOn,
    index(day: number): number {
      if (unit === "week") return Math.floor((day + 4 - weekStartsOn) / 7);
      const [y, m] = civilFromDays(day);
      return Math.floor((y * 12 + m - 1) / monthsPer);
    },
    start: startOf,
    end: (index: number) => startOf(index + 1) - 1,
    label(index: number): string {
      if (unit === "week") return isoDateFromDays(startOf(index));
      const iso = isoDateFromDays(startOf(index));
      if (unit === "month") return iso.slice(0, 7);
      if (unit === "year") return iso.slice(0, 4);
      return `${iso.slice(0, 4)}-Q${(index % 4 + 4) % 4 + 1}`;
    },
  };
}

/** An explicit analysis window, by calendar days (inclusive). */
export interface PeriodWindow {
  start: number;
  end: number;
  label: string;
}

/** A calendar of explicit, ordered, non-overlapping windows; days outside every window map to −1. */
export function windowCalendar(windows: readonly PeriodWindow[]): PeriodCalendar {
  return {
    unit: "month",
    weekStartsOn: 1,
    index(day: number): number {
      let lo = 0;
      let hi = windows.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (day < windows[mid].start) hi = mid - 1;
        else if (day > windows[mid].end) lo = mid + 1;
        else return mid;
      }
      return -1;
    },
    start: (i) => windows[i].start,
    end: (i) => windows[i].end,
    label: (i) => windows[i].label,
  };
}
