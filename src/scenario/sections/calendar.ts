/** The `calendar` section: a market's holidays and named days, business days, fixed-date events. */

import { allDefined, type Path, type ResolveContext } from '../context.js';
import { parseDate } from '../dates.js';
import { boolean, nonNegative, object, type JsonSchema } from '../schema-blocks.js';
import type { CalendarDaySpec, CalendarSpec } from '../types.js';

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const dates = (description: string): JsonSchema => ({ type: 'array', items: { ...DATE, description: 'A local date, YYYY-MM-DD.' }, default: [], description });
const MARKETS = ['none', 'RU', 'CN'] as const;

export const CALENDAR_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  calendar: object('Holidays, named days with demand factors, and business days for settlement (docs/calendar.md). Absent: every day is ordinary and settlement counts calendar days.', {
    market: { enum: [...MARKETS], default: 'none', description: "The market whose built-in holidays and named days apply: RU (Russia), CN (China) or none." },
    named_days: boolean("Whether the market's built-in named days (demand factors) apply; its holidays always do.", true),
    holidays: dates('Extra holidays: no settlement on them.'),
    working_days: dates('Weekend days or holidays that are business days (make-up working days, settlement sessions).'),
    days: {
      type: 'array',
      default: [],
      description: "Fixed-date events: each replaces the market's named day on its date.",
      items: object(
        'A named day.',
        {
          date: { ...DATE, description: 'The local date, YYYY-MM-DD.' },
          name: { type: 'string', minLength: 1, description: 'What the day is.' },
          demand: nonNegative("Factor on the day's purchase count (1 = an ordinary day).", 1),
          card_not_present: nonNegative('Extra factor on the card-not-present categories.', 1),
          categories: { type: 'object', additionalProperties: nonNegative('Extra factor on this category.'), default: {}, description: 'Extra factors on categories, by name.' },
          holiday: boolean('Whether the day is a holiday (no settlement).', false),
        },
        { required: ['date', 'name'] },
      ),
    },
  }),
};

/** A date that must be a real calendar date. */
function date(ctx: ResolveContext, path: Path): string | undefined {
  const s = ctx.string(path);
  if (s === undefined) return undefined;
  if (Number.isNaN(parseDate(s))) {
    ctx.report.add(path, 'invalid_format', `'${s}' is not a calendar date (YYYY-MM-DD)`);
    return undefined;
  }
  return s;
}

function dateList(ctx: ResolveContext, key: string): string[] | undefined {
  const raw = ctx.peek(['calendar', key]);
  if (!Array.isArray(raw)) return ctx.present(['calendar', key]) ? undefined : [];
  const out = raw.map((_, i) => date(ctx, ['calendar', key, i]));
  return out.every((d) => d !== undefined) ? (out as string[]) : undefined;
}

/** The calendar, or undefined when it is absent (no calendar) or in error; `ok` false on error. */
export function resolveCalendar(ctx: ResolveContext, categoryNames: readonly string[] | undefined): { ok: boolean; spec?: CalendarSpec } {
  if (!ctx.present(['calendar'])) return { ok: true };
  const p = (...keys: (string | number)[]): Path => ['calendar', ...keys];
  const rawDays = ctx.peek(p('days'));
  const days: (CalendarDaySpec | undefined)[] = (Array.isArray(rawDays) ? rawDays : []).map((_, i) => {
    const named = ctx.namedKeys(p('days', i, 'categories'), categoryNames, 'category');
    const categories = named.keys.map((name) => ({ name, factor: ctx.number(p('days', i, 'categories', name)) }));
    const fields = allDefined({
      date: date(ctx, p('days', i, 'date')),
      name: ctx.string(p('days', i, 'name')),
      demand: ctx.number(p('days', i, 'demand'), 1),
      cardNotPresent: ctx.number(p('days', i, 'card_not_present'), 1),
      holiday: ctx.boolean(p('days', i, 'holiday'), false),
    });
    if (fields === undefined || named.unknown || categories.some((c) => c.factor === undefined)) return undefined;
    return { ...fields, categories: categories as { name: string; factor: number }[] };
  });
  const fields = allDefined({
    market: ctx.string(p('market'), 'none') as CalendarSpec['market'] | undefined,
    namedDays: ctx.boolean(p('named_days'), true),
    holidays: dateList(ctx, 'holidays'),
    workingDays: dateList(ctx, 'working_days'),
  });
  if (fields === undefined || days.some((d) => d === undefined)) return { ok: false };
  return { ok: true, spec: { ...fields, days: days as CalendarDaySpec[] } };
}
