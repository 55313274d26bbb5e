import { PatchbayError } from '../patchbay.error';

/** Requests the guards and the body parser refuse, and files that do not load. */

export class ValidationFailedError extends PatchbayError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('validation_failed', message, details);
  }
}

export const notJson = () =>
  new PatchbayError('unsupported_media_type', 'The request body must be application/json.');

export const compressedBody = () =>
  new PatchbayError('unsupported_media_type', 'Send the request body uncompressed.');

export const invalidJson = () =>
  new PatchbayError('invalid_json', 'The request body is not valid JSON.');

export const forbiddenKey = (key: string) =>
  new PatchbayError('forbidden_key', `The key "${key}" is not allowed anywhere in a request body.`);

export const hostNotAllowed = (host: string) =>
  new PatchbayError(
    'forbidden_origin',
    `Host "${host}" is not allowed; use this service's own address.`,
  );

export const originNotAllowed = (origin: string) =>
  new PatchbayError(
    'forbidden_origin',
    `Origin "${origin}" is not allowed; add it to PATCHBAY_ALLOWED_ORIGINS to let that page call Patchbay.`,
  );

export const unauthorized = () =>
  new PatchbayError(
    'unauthorized',
    'A valid "Authorization: Bearer <token>" header is required (the admin token or a live API key).',
  );

export const forbiddenScope = (scope: string, where: string, keyId: string) =>
  new PatchbayError(
    'forbidden_scope',
    `This API key lacks the "${scope}" scope that ${where} needs.`,
    { required_scope: scope, key_id: keyId },
  );

export const outsideToolsets = (toolsets: readonly string[], where: string, keyId: string) =>
  new PatchbayError(
    'forbidden_scope',
    `This API key is bound to the toolsets ${toolsets.join(', ')}; ${where} is outside them.`,
    { required_scope: 'mcp', key_id: keyId },
  );

export const fileInvalid = (file: string, problems: string[]) =>
  new PatchbayError('config_invalid', `${file} is invalid:\n  ${problems.join('\n  ')}`, {
    file,
    problems,
  });

/** Start-up problems of the credential store and its key. */
export const secretsKeyInvalid = (where: string) =>
  new PatchbayError(
    'config_invalid',
    `${where} is not a valid key: it must be 32 bytes as 64 hex characters or base64.`,
  );

export const secretsKeyMissing = (dataDir: string, keyFile: string) =>
  new PatchbayError(
    'config_invalid',
    `The credential store in ${dataDir} exists but its key does not: set PATCHBAY_SECRETS_KEY or restore the key file ${keyFile}.`,
  );

export const secretsWrongKey = (file: string, label: string, keyFile: string) =>
  new PatchbayError(
    'config_invalid',
    `Cannot open the credential store ${file}: it was encrypted with a different key than ${label}. ` +
      `Set PATCHBAY_SECRETS_KEY to the key it was written with (or restore ${keyFile}); ` +
      'to start over, move the store file away (its credentials are lost).',
    { file },
  );

export const secretsDamaged = (file: string, problem: string) =>
  new PatchbayError(
    'config_invalid',
    `The credential store ${file} is damaged (${problem}): restore it from a backup, ` +
      'or move it away to start an empty store (its credentials are lost).',
    { file },
  );

/** Database mode: the credentials live in PostgreSQL, sealed with the key every replica shares. */
export const secretsWrongKeyInDatabase = (table: string) =>
  new PatchbayError(
    'config_invalid',
    `Cannot open the credential store in the database (table ${table}): it was encrypted with a different key than PATCHBAY_SECRETS_KEY. ` +
      'Set PATCHBAY_SECRETS_KEY to the key the other replicas use; to start over, empty the ' +
      'tables patchbay_credentials and patchbay_credentials_key (their credentials are lost).',
    { table },
  );

export const secretsDamagedInDatabase = (table: string, row: string, problem: string) =>
  new PatchbayError(
    'config_invalid',
    `The credential store in the database (table ${table}, ${row}) is damaged (${problem}): ` +
      'restore the database from a backup, or delete that row (its value is lost).',
    { table },
  );

export const internalError = (message: string) => new PatchbayError('internal_error', message);
