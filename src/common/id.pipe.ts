import { PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from './errors/catalogue';
import { CREDENTIAL_NAME_PATTERN, SERVER_ID_PATTERN, TOOL_NAME_PATTERN } from './ids';

/** Rejects a path id that could never be valid (`..`, `/`, NUL, over-long) with a 400. */
export class IdPipe implements PipeTransform<string, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly what: string,
  ) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !this.pattern.test(value)) {
      throw new ValidationFailedError(
        `"${String(value).slice(0, 80)}" is not a valid ${this.what}.`,
        {
          pattern: this.pattern.source,
        },
      );
    }
    return value;
  }
}

export const ServerIdPipe = new IdPipe(SERVER_ID_PATTERN, 'server id');
export const CredentialNamePipe = new IdPipe(CREDENTIAL_NAME_PATTERN, 'credential name');
export const ToolNamePipe = new IdPipe(TOOL_NAME_PATTERN, 'tool name');
