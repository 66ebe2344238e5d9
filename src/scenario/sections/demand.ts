/** The `demand` section: purchase arrivals, per card and day shaped by the hour and weekday, or constant. */

import type { ResolveContext } from '../context.js';
import { DEFAULTS } from '../defaults.js';
import { nonNegative, object, positive, type JsonSchema } from '../schema-blocks.js';
import type { DemandSpec } from '../types.js';

export const DEMAND_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  demand: object(
    'Purchase arrivals: per_card_per_day shaped by hourly and weekly, or a constant per_second (exactly one).',
    {
      per_card_per_day: positive('Purchases per active card per day (default when per_second is absent).', DEFAULTS.demand.per_card_per_day),
      per_second: positive('Constant arrival rate, purchases per second; hourly and weekly are then ignored (flat).'),
      hourly: {
        type: 'array',
        items: nonNegative('Weight of one hour.'),
        minItems: 24,
        maxItems: 24,
        description: '24 weights of the hours of the local day, hour 0 first, summing to 1.',
        default: DEFAULTS.demand.hourly,
      },
      weekly: {
        type: 'array',
        items: nonNegative('Multiplier of one day.'),
        minItems: 7,
        maxItems: 7,
        description: '7 multipliers of the daily total, Monday first.',
        default: DEFAULTS.demand.weekly,
      },
    },
    { default: {} },
  ),
};

function flatHourly(): number[] {
  return Array.from({ length: 24 }, () => 1 / 24);
}

export function resolveDemand(ctx: ResolveContext): DemandSpec | undefined {
  const d = DEFAULTS.demand;
  const perCardGiven = ctx.present(['demand', 'per_card_per_day']);
  const perSecondGiven = ctx.present(['demand', 'per_second']);
  if (perCardGiven && perSecondGiven) {
    ctx.report.add(['demand', 'per_second'], 'conflicting_keys', 'give either per_card_per_day or per_second, not both', 'key');
    return undefined;
  }
  if (perSecondGiven) {
    const constantPerSecond = ctx.number(['demand', 'per_second']);
    if (constantPerSecond === undefined) return undefined;
    // A constant rate: the hourly and weekly profiles do not apply.
    return { perCardPerDay: 0, constantPerSecond, hourly: flatHourly(), weekly: [1, 1, 1, 1, 1, 1, 1] };
  }
  const perCardPerDay = ctx.number(['demand', 'per_card_per_day'], d.per_card_per_day);
  const hourly = ctx.numbers(['demand', 'hourly'], d.hourly);
  const weekly = ctx.numbers(['demand', 'weekly'], d.weekly);
  const hourlyOk = hourly !== undefined && ctx.sumsToOne(hourly, ['demand', 'hourly'], 'the hourly weights');
  if (weekly !== undefined && weekly.every((w) => w === 0)) {
    ctx.report.add(['demand', 'weekly'], 'out_of_range', 'every weekly multiplier is 0; no purchase would ever happen');
    return undefined;
  }
  if (perCardPerDay === undefined || hourly === undefined || !hourlyOk || weekly === undefined) return undefined;
  return { perCardPerDay, constantPerSecond: 0, hourly: [...hourly], weekly: [...weekly] };
}
