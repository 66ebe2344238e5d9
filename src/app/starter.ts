import { writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { packageRoot } from '../version.js';
import { InputError } from './errors.js';

/**
 * `sim init`: a commented starter scenario. It is small enough to run in a few seconds and
 * uses every section a first analysis needs (cards, issuers, acquirers, the switch, merchants,
 * demand, a fault and fees), each key with a comment; the first line is the editor modeline that
 * points YAML language servers at the scenario schema, so keys complete and are checked as you type.
 */

/** The JSON Schema file shipped with the package (the output of `sim schema`), relative to its root. */
export const SCHEMA_FILE = 'schema/scenario.schema.json';

/** Where the starter goes: `<name>.yaml` (a name that ends in .yaml or .yml is kept as it is). */
export function starterPath(name: string): string {
  return /\.ya?ml$/i.test(name) ? name : `${name}.yaml`;
}

/** A scenario name (lower-case letters, digits, `_` and `-`) from the file name. */
export function starterName(file: string): string {
  const n = basename(file).replace(/\.ya?ml$/i, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return n === '' ? 'my-scenario' : n;
}

/** The schema's path as the modeline gives it: relative to the scenario's folder, with forward slashes. */
export function schemaReference(file: string): string {
  const rel = relative(dirname(resolve(file)), join(packageRoot(), SCHEMA_FILE)).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The starter scenario's text. */
export function starterScenario(name: string, schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
# A starter Quartet scenario: a small four-party card network for one day. Run it with
#   npx sim run ${name}.yaml
# The format, key by key: docs/scenario-format.md; the fee models: docs/fees.md.
# Durations take a unit (30d, 1h, 15m, 250ms); money is in major units of \`currency\`.
name: ${name}
description: >-
  A starter scenario: 50,000 cards, two issuers, two acquirers and 2,000 terminals for one day.
# The seed of every random stream: the same seed gives byte-identical outputs.
seed: 1
# When the simulated day starts (local time with its UTC offset), how long it runs, and the
# width of the rows of throughput.csv and nodes.csv.
start: "2018-12-20T00:00:00+03:00"
duration: 1d
bucket: 1h
currency: RUB

cards:
  # Cards in circulation; only the active share makes purchases.
  count: 50000
  active_share: 0.6

issuers:
  # Two banks with 70 % and 30 % of the cards, each with one host of 4 servers.
  count: 2
  shares: [0.7, 0.3]
  names: [First Bank, Second Bank]
  host: { servers: 4, service: { dist: lognormal, mean: 120ms, sigma: 0.5 } }

acquirers:
  count: 2
  shares: [0.6, 0.4]
  names: [City Acquiring, Metro Acquiring]
  host: { servers: 4, service: { dist: lognormal, mean: 40ms, sigma: 0.3 } }
  # The acquirer gives up on the switch after this long and sends a reversal.
  timeout: 15s

switch:
  name: Scheme Switch
  host: { servers: 8, service: { dist: lognormal, mean: 60ms, sigma: 0.3 } }

merchants:
  terminals: 2000
  terminals_per_merchant: 2
  # Shares of terminals that accept each channel.
  capabilities: { chip: 1.0, contactless: 0.9, nfc_token: 0.5, qr: 0.2 }
  # What is bought: category, merchant category code, share of purchases, purchase amount.
  categories:
    - { name: grocery, mcc: 5411, share: 0.6, ticket: { dist: lognormal, mean: 800, sigma: 0.9 } }
    - { name: fuel,    mcc: 5541, share: 0.3, ticket: { dist: lognormal, mean: 1500, sigma: 0.6 } }
    - { name: online,  mcc: 5399, share: 0.1, ticket: { dist: lognormal, mean: 2000, sigma: 1.0 }, card_not_present: true }

demand:
  # Purchases per active card per day, spread over the day by the default hourly profile.
  per_card_per_day: 1

faults:
  # Second Bank is down for 10 minutes at the evening peak: the switch stands in for it.
  - { kind: host_down, host: "issuer:Second Bank", from: 18h, duration: 10m }

fees:
  # A fee-model preset (docs/fees.md lists them): interchange, scheme fees and merchant discount.
  # Compare others on the same purchases with: npx sim compare ${name}.yaml --fee-models ru-2019,eu-ifr
  model: ru-2019
  fx:
    # Rates to price fee models in other currencies in roubles (for sim compare).
    rates: { "EUR/RUB": 76.0, "CNY/RUB": 9.7, "USD/RUB": 66.9 }
`;
}

/** Writes the starter scenario to `file`; an existing file is refused unless `force`. Returns the scenario name. */
export function writeStarter(file: string, force: boolean): string {
  const name = starterName(file);
  try {
    writeFileSync(file, starterScenario(name, schemaReference(file)), { flag: force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError('EXISTS', `${file} already exists; use --force to replace it`);
    throw e;
  }
  return name;
}
