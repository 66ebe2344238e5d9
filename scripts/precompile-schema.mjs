// Build step (npm run build, after tsc): writes ajv's standalone code of the scenario schema
// beside dist/src/scenario/structure-validator.js, so that a run does not compile the schema.
// See src/scenario/structure-validator.ts.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const dir = new URL('../dist/src/scenario/', import.meta.url);
const { AJV_OPTIONS, PRECOMPILED_FILE, schemaDigest } = await import(new URL('structure-validator.js', dir).href);
const { scenarioValidationSchema } = await import(new URL('schema.js', dir).href);

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const code = standaloneCode(ajv, ajv.compile(scenarioValidationSchema));
writeFileSync(new URL(PRECOMPILED_FILE, dir), `${code}\nmodule.exports.schemaDigest = ${JSON.stringify(schemaDigest())};\n`);
