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

/**
 * A calendar of weeks, months, quarters or years (calendar days, as read in the transactions' zone).
 * Period indices count from the period holding 1970-01-01 and are negative before it: every division
 * here is a floor division, so day −1 (1969-12-31) is in the period before day 0's, never in day 0's.
 */
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
      // from the civil year, not by slicing the ISO text: years before 0001 carry a sign ("-0001-12")
      const [y, m] = civilFromDays(startOf(index));
      const year = yearLabel(y);
      if (unit === "month") return `${year}-${m < 10 ? "0" : ""}${m}`;
      if (unit === "year") return year;
      return `${year}-Q${(index % 4 + 4) % 4 + 1}`;
    },
  };
}

/** A year as ISO 8601 writes it: four digits at least, a minus sign before year 0. */
function yearLabel(y: number): string {
  const digits = String(Math.abs(y)).padStart(4, "0");
  return y < 0 ? `-${digits}` : digits;
}

/** The index of a day outside every explicit window. */
export const OUTSIDE_WINDOWS: number = -1;

/** An explicit analysis window, by calendar days (inclusive). */
export interface PeriodWindow {
  start: number;
  /** Last day, cut at asOf. */
  end: number;
  label: string;
  /** Days of the window as given (before the cut at asOf). */
  daysInWindow: number;
}

/**
 * A calendar of explicit, ordered, non-overlapping windows; days outside every window map to
 * {@link OUTSIDE_WINDOWS}. (Calendar indices can be negative too, so only a windowed calendar's −1 means "outside".)
 */
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
      return OUTSIDE_WINDOWS;
    },
    start: (i) => windows[i].start,
    end: (i) => windows[i].end,
    label: (i) => windows[i].label,
  };
}
