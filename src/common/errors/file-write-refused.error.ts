import { basename } from 'node:path';
import { PatchbayError } from './patchbay.error';

/**
 * A write that would leave a file the start-up reader refuses. It is a bug (a request check
 * missed something), so it is an `internal_error`: the client sees a 500 with an `error_id`,
 * the log has this message, and the file and memory are left as they were.
 */
export class FileWriteRefusedError extends PatchbayError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      'internal_error',
      `Refused to write ${basename(file)}: the next start would not load it:\n  ${problems.join('\n  ')}`,
      { file: basename(file), problems },
    );
    this.name = 'FileWriteRefusedError';
  }
}
