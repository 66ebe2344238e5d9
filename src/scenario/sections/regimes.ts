/**
 * The `regimes` section: named alternative worlds of the same scenario, each a set of overrides
 * of its keys (policy experiments: NDRC caps on or off, a wallet merchant fee, the PBOC static-QR
 * limit, a promotion, the clearing house's fee). A regime is a mapping whose keys are dotted
 * paths as `--set` takes them (`networks.qr_limits.enabled: false`), or nested mappings
 * (`networks: {qr_limits: {enabled: false}}`), or both: a mapping merges into the scenario's
 * mapping key by key, and any other value (a number, a string, a list, null) replaces the
 * scenario's value. `{}` is the scenario as written.
 *
 * The run of a regime is the scenario with the regime's overrides applied to its document and
 * validated through the whole pipeline like any other (`sim compare --regimes`); a problem of
 * the changed document is reported at the regime's key in the file. This module reads the
 * regimes and their keys' positions; it runs no pipeline.
 */

import type { JsonSchema } from '../schema-blocks.js';

/** A regime's name: what `--regimes` and compare.csv call it. */
export const REGIME_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';

export const REGIMES_SCHEMA: Readonly<Record<string, JsonSchema>> = {
  regimes: {
    type: 'object',
    description:
      'Named alternative worlds for `sim compare --regimes`: each a mapping of overrides of scenario keys, as dotted paths (`networks.qr_limits.enabled: false`) or nested mappings; `{}` is the scenario as written. Absent: none.',
    propertyNames: { pattern: REGIME_NAME_PATTERN },
    additionalProperties: {
      type: 'object',
      description: 'The overrides of one regime: keys are paths of the scenario (dotted as `--set` takes them), or mappings that merge into its mappings; checked by running the changed scenario through the whole pipeline.',
      additionalProperties: true,
    },
    default: {},
  },
};
