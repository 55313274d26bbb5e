import { Logger } from '@nestjs/common';
import { FileWriteRefusedError } from './errors/file-write-refused.error';
import { HttpExceptionFilter } from './http-exception.filter';

describe('HttpExceptionFilter and a refused file write', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('answers 500 with only an error_id; the problems go to the log', () => {
    const refused = new FileWriteRefusedError('/somewhere/config/mcp_servers.json', [
      '$.mcp_servers.h0.enabled: must be boolean',
    ]);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const [status, body] = new HttpExceptionFilter().toBody(refused);
    expect(status).toBe(500);
    const errorId = (body.error.details as { error_id: string }).error_id;
    expect(body).toEqual({
      error: {
        code: 'internal_error',
        message: `Internal error ${errorId}; the log has the details.`,
        details: { error_id: errorId },
      },
    });
    const line = String(logged.mock.calls[0]?.[0]);
    expect(line).toContain(`error_id=${errorId}`);
    expect(line).toContain('$.mcp_servers.h0.enabled: must be boolean');
    logged.mockRestore();
  });
});
