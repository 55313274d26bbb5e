import { ApiErrors, ApiPublic, BODY_ERRORS } from './api-errors.decorator';

// @nestjs/swagger's metadata keys (its constants module is not exported).
const DECORATORS = { API_RESPONSE: 'swagger/apiResponse', API_SECURITY: 'swagger/apiSecurity' };

type Responses = Record<string, { description: string; schema: { allOf: object[] } }>;

class Sample {
  @ApiErrors('server_not_found', 'tool_not_found', 'validation_failed')
  guarded(): void {}

  @ApiPublic()
  open(): void {}

  @ApiErrors(...BODY_ERRORS)
  withBody(): void {}
}

const responses = (method: () => void): Responses =>
  Reflect.getMetadata(DECORATORS.API_RESPONSE, method) as Responses;

describe('ApiErrors / ApiPublic', () => {
  it('answers one response per status, listing its codes, with the error body', () => {
    const r = responses(Sample.prototype.guarded);
    expect(Object.keys(r).sort()).toEqual(['400', '401', '403', '404']);
    expect(r['404'].description).toBe('`server_not_found`, `tool_not_found`');
    // The one error body, its code narrowed to this status's codes.
    expect(r['404'].schema.allOf[0]).toEqual({ $ref: '#/components/schemas/ErrorBodyDto' });
    expect(JSON.stringify(r['404'].schema.allOf[1])).toContain(
      '"code":{"type":"string","enum":["server_not_found","tool_not_found"]}',
    );
    expect(r['401'].description).toBe('`unauthorized`');
    expect(r['403'].description).toBe('`forbidden_origin`');
  });

  it('maps the body errors to their statuses', () => {
    const r = responses(Sample.prototype.withBody);
    expect(r['400'].description).toBe('`invalid_json`, `forbidden_key`');
    expect(r['413'].description).toBe('`payload_too_large`');
    expect(r['415'].description).toBe('`unsupported_media_type`');
  });

  it('a public route needs no token: no 401, and an empty security requirement', () => {
    expect(Object.keys(responses(Sample.prototype.open))).toEqual(['403']);
    expect(Reflect.getMetadata(DECORATORS.API_SECURITY, Sample.prototype.open)).toEqual([{}]);
  });
});
