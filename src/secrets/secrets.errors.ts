import { ValidationFailedError } from '../common/errors/catalogue';

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
