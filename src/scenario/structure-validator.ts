/**
 * The compiled JSON Schema check of the structure stage. Compiling the scenario schema with ajv
 * takes a few hundred milliseconds and loads most of ajv: a large share of a short run's start-up.
 * So the build (`scripts/precompile-schema.mjs`, run by `npm run build`) writes ajv's standalone
 * code of the same schema, with the same options, next to this module; it is used when its digest
 * is the digest of the schema this code holds, and ajv compiles the schema otherwise (in the
 * tests, which run the TypeScript sources, and after an edit of the schema without a build).
 * test/scenario/precompiled-schema.test.ts checks that the two report the same errors.
 */

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { scenarioValidationSchema } from './schema.js';

/** ajv's options for the scenario schema (union types: `fees` is a string or a mapping). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, discriminator: true, strict: true, allowUnionTypes: true } as const;

/** File name of the precompiled validator, beside this module in dist/. */
export const PRECOMPILED_FILE = 'structure-validator.precompiled.cjs';

/** Digest of the schema and the options: what a precompiled validator must have been made from. */
export function schemaDigest(): string {
  return createHash('sha256').update(JSON.stringify({ options: AJV_OPTIONS, schema: scenarioValidationSchema })).digest('hex');
}

const require = createRequire(import.meta.url);
let compiled: ValidateFunction | undefined;

/** Where the validator came from, for tests: `precompiled` or `compiled`. */
export let validatorSource: 'precompiled' | 'compiled' | undefined;

/** The validator of the scenario schema: the precompiled one when it is current, else compiled now. */
export function scenarioValidator(): ValidateFunction {
  if (compiled !== undefined) return compiled;
  compiled = loadPrecompiled();
  if (compiled !== undefined) {
    validatorSource = 'precompiled';
    return compiled;
  }
  validatorSource = 'compiled';
  compiled = compileNow();
  return compiled;
}

/** ajv's own compilation of the schema (loads ajv only when called). */
export function compileNow(): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS).compile(scenarioValidationSchema);
}

function loadPrecompiled(): ValidateFunction | undefined {
  const file = fileURLToPath(new URL(PRECOMPILED_FILE, import.meta.url));
  if (!existsSync(file)) return undefined;
  const v = require(file) as ValidateFunction & { schemaDigest?: string };
  return v.schemaDigest === schemaDigest() ? v : undefined;
}
