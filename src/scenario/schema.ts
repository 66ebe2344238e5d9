/**
 * The scenario file format as JSON Schema (draft-07), put together from the fragment of each
 * section (in `sections/`, next to its resolver) and the shared definitions (`schema-blocks.ts`).
 * The schema checks structure only (types, known keys, enums, ranges of single numbers);
 * relations between values (shares summing to 1, names that must exist, fault windows inside the
 * run, ...) are checked by the section resolvers and `relations.ts`.
 *
 * Two schemas differ only in `fees`:
 * - `scenarioValidationSchema`, checked by `structure.ts` with ajv, takes any string or mapping
 *   there: the fee model is checked by `resolveFeeModel` (src/economics), which says more;
 * - `scenarioSchema`, printed by `sim schema` for editors, embeds the fee model's own schema
 *   (`FEE_MODEL_JSON_SCHEMA`) so that editors complete its keys too.
 *
 * Every default lives in `DEFAULTS` (`defaults.ts`) once; the schema's `default` annotations and
 * the resolvers both read it.
 */

import { FEE_MODEL_JSON_SCHEMA } from '../economics/index.js';
import { SHARED_DEFINITIONS, type JsonSchema } from './schema-blocks.js';
import { ATM_SCHEMA } from './sections/atm.js';
import { CALIBRATION_SCHEMA } from './sections/calibration.js';
import { CALENDAR_SCHEMA } from './sections/calendar.js';
import { CARDS_SCHEMA } from './sections/cards.js';
import { DECLINES_SCHEMA } from './sections/declines.js';
import { DEMAND_SCHEMA } from './sections/demand.js';
import { FAULT_DEFINITION, FAULTS_SCHEMA } from './sections/faults.js';
import { FRAUD_SCHEMA } from './sections/fraud.js';
import { MARKETS_SCHEMA } from './sections/markets.js';
import { MERCHANTS_SCHEMA } from './sections/merchants.js';
import { FEES_VALIDATION, MONEY_SCHEMA } from './sections/money.js';
import { NETWORKS_SCHEMA } from './sections/networks.js';
import { PARTIES_SCHEMA } from './sections/parties.js';
import { REGIMES_SCHEMA } from './sections/regimes.js';
import { RUN_SCHEMA } from './sections/run.js';
import { WALLET_SCHEMA } from './sections/wallet.js';
import { WALLETS_SCHEMA } from './sections/wallets.js';

export { DEFAULT_HOURLY, DEFAULT_WEEKLY, DEFAULTS } from './defaults.js';
export {
  CURRENCY_EXPONENTS,
  LINK_KEYS,
  LOCAL_TIME_PATTERN,
  NAME_PATTERN,
  RESPONSE_CODE_PATTERN,
  START_PATTERN,
  UTC_OFFSET_PATTERN,
  type LinkKey,
} from './schema-blocks.js';

/** The JSON Schema (draft-07) of a scenario file, with `fees` left to `resolveFeeModel`; for ajv (needs `allowUnionTypes`). */
export const scenarioValidationSchema: Readonly<JsonSchema> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Quartet scenario',
  description:
    'A scenario of the Quartet four-party card network simulator. Durations are strings with a unit (30d, 1h, 15m, 10s, 250ms, 100us, 12d18h); money amounts are numbers in major units of `currency`.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'duration', 'cards', 'issuers', 'acquirers', 'merchants'],
  definitions: { ...SHARED_DEFINITIONS, fault: FAULT_DEFINITION },
  // Section by section, in the order of docs/scenario-format.md (the order of the messages of ajv).
  properties: {
    ...RUN_SCHEMA,
    ...CARDS_SCHEMA,
    ...PARTIES_SCHEMA,
    ...MERCHANTS_SCHEMA,
    ...DEMAND_SCHEMA,
    ...WALLET_SCHEMA,
    ...WALLETS_SCHEMA,
    ...CALENDAR_SCHEMA,
    ...DECLINES_SCHEMA,
    ...FRAUD_SCHEMA,
    ...FAULTS_SCHEMA,
    ...MONEY_SCHEMA,
    ...MARKETS_SCHEMA,
    ...CALIBRATION_SCHEMA,
    ...NETWORKS_SCHEMA,
    ...ATM_SCHEMA,
    ...REGIMES_SCHEMA,
  },
};

/**
 * The `$id` of the printed schema: its stable name, not an address to fetch it from (the schema
 * ships with the package as schema/scenario.schema.json, and `sim schema` prints it).
 */
export const SCENARIO_SCHEMA_ID = 'urn:quartet:schema:scenario';

/**
 * A deep copy without ajv's `discriminator` keyword (an OpenAPI extension that editors and
 * strict JSON Schema validators do not know); the `oneOf` it annotates says the same.
 */
function withoutDiscriminators(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDiscriminators);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'discriminator').map(([k, x]) => [k, withoutDiscriminators(x)]));
}

/**
 * The JSON Schema (draft-07) of a scenario file for editors, printed by `sim schema`: the
 * validation schema with the fee model's own schema under `fees`, a `$id`, and no ajv-only
 * keyword, so that it compiles under ajv's strict mode with no option and any JSON Schema tool
 * reads it. It shares no objects with the validation schema or the economics module.
 */
export const scenarioSchema: Readonly<JsonSchema> = withoutDiscriminators({
  $schema: scenarioValidationSchema['$schema'],
  $id: SCENARIO_SCHEMA_ID,
  ...scenarioValidationSchema,
  properties: {
    ...(scenarioValidationSchema['properties'] as Record<string, JsonSchema>),
    fees: { title: 'fee model', ...FEE_MODEL_JSON_SCHEMA, description: FEES_VALIDATION['description'] },
  },
}) as JsonSchema;
