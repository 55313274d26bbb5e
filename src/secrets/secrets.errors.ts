import { PatchbayError, ValidationFailedError } from '../common/errors/patchbay.error';

const credentialPath = (serverId: string, name: string) =>
  `/api/v1/integrations/mcp-servers/${serverId}/credentials/${name}`;

/** 424: a required credential has no value; names each one and how to give it. */
export class CredentialsMissingError extends PatchbayError {
  constructor(serverId: string, missing: string[]) {
    const how = missing.map(
      (name) =>
        `set ${name} with PUT ${credentialPath(serverId, name)} or the environment variable ${name}`,
    );
    super(
      'credentials_missing',
      `MCP server "${serverId}" is missing the required credential${missing.length > 1 ? 's' : ''} ` +
        `${missing.join(', ')}: ${how.join('; ')}.`,
      {
        server_id: serverId,
        missing,
        set_with: missing.map((name) => `PUT ${credentialPath(serverId, name)}`),
      },
    );
  }
}

export class CredentialNotDeclaredError extends PatchbayError {
  constructor(serverId: string, name: string, declared: string[]) {
    super('credential_not_found', `MCP server "${serverId}" declares no credential "${name}".`, {
      server_id: serverId,
      declared,
    });
  }
}

/** Values that could never be masked or injected safely. */
export function checkCredentialValue(name: string, value: string, isHeader: boolean): void {
  if (value.includes('\0')) {
    throw new ValidationFailedError(`The value of ${name} contains a NUL character.`);
  }
  if (isHeader && /[\r\n]/.test(value)) {
    throw new ValidationFailedError(
      `The value of ${name} goes into an HTTP header and must not contain line breaks.`,
    );
  }
}
