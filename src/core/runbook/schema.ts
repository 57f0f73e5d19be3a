// The RemediationRunbook JSON Schema, compiled once (lazily) and shared by every caller.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import runbookSchemaJson from '../../../schemas/remediation-runbook.schema.json';

/** The schema as published for editors (yaml-language-server) and other tools. */
export const runbookSchema: Readonly<Record<string, unknown>> = runbookSchemaJson;

/** Editor-only keywords used by the schema; ajv must accept and ignore them. */
const EDITOR_KEYWORDS = ['markdownDescription', 'patternErrorMessage', 'defaultSnippets'];

let compiled: ValidateFunction | undefined;

export function runbookValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, strictTypes: false });
    ajv.addVocabulary(EDITOR_KEYWORDS);
    compiled = ajv.compile(runbookSchemaJson);
  }
  return compiled;
}

export function validateAgainstSchema(data: unknown): ErrorObject[] {
  const validate = runbookValidator();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
