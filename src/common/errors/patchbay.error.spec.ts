import { ServerDisabledError } from './catalogue';

describe('PatchbayError.withDetails', () => {
  it('answers a copy with the extra details, leaving the shared original alone', () => {
    const original = new ServerDisabledError('off');
    const copy = original.withDetails({ run_id: 'r1' });
    expect(copy).toBeInstanceOf(ServerDisabledError);
    expect(copy).toMatchObject({ code: 'server_disabled', message: original.message });
    expect(copy.details).toEqual({ server_id: 'off', run_id: 'r1' });
    expect(copy.stack).toBe(original.stack);
    expect(original.details).toEqual({ server_id: 'off' });
  });
});
