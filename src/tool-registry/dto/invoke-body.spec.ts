import { BodySchemaPipe } from '../../common/body-schema.pipe';
import { ValidationFailedError } from '../../common/errors/catalogue';
import { NULL_PROBLEM } from '../../common/null-fields';
import { INVOKE_BODY_SCHEMA, TASK_BODY_SCHEMA } from './invoke-body';

function problemsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationFailedError);
    return (err as ValidationFailedError).details?.fields;
  }
  throw new Error('expected a validation_failed error');
}

describe('invoke and task bodies (BodySchemaPipe)', () => {
  const invoke = new BodySchemaPipe(INVOKE_BODY_SCHEMA);
  const task = new BodySchemaPipe(TASK_BODY_SCHEMA);

  it('passes a valid body through untouched and takes a missing body as {}', () => {
    const body = { args: { a: 1 }, timeout_ms: 500 };
    expect(invoke.transform(body)).toBe(body);
    expect(invoke.transform(undefined)).toEqual({});
  });

  it('lists every bad field at once', () => {
    expect(problemsOf(() => invoke.transform({ args: [1], timeout_ms: 0, colour: 'red' }))).toEqual(
      [
        { field: 'colour', problems: ['is not allowed'] },
        { field: 'args', problems: ['must be object'] },
        { field: 'timeout_ms', problems: ['must be >= 1'] },
      ],
    );
  });

  it('refuses null args, a fractional timeout and a body that is not an object', () => {
    expect(problemsOf(() => invoke.transform({ args: null }))).toEqual([
      { field: 'args', problems: [NULL_PROBLEM] },
    ]);
    expect(problemsOf(() => invoke.transform({ args: null, timeout_ms: 0 }))).toEqual([
      { field: 'args', problems: [NULL_PROBLEM] },
      { field: 'timeout_ms', problems: ['must be >= 1'] },
    ]);
    expect(problemsOf(() => invoke.transform({ timeout_ms: 1.5 }))).toEqual([
      { field: 'timeout_ms', problems: ['must be integer'] },
    ]);
    for (const body of [[], null, 1, 'x']) {
      expect(() => invoke.transform(body)).toThrow('The request body must be a JSON object.');
    }
  });

  it('requires a valid tool name for a task', () => {
    expect(problemsOf(() => task.transform({}))).toEqual([
      { field: 'tool', problems: ['is required'] },
    ]);
    expect(problemsOf(() => task.transform({ tool: '../x' }))).toEqual([
      { field: 'tool', problems: [expect.stringContaining('must match pattern')] },
    ]);
    expect(task.transform({ tool: 'mcp_tool', args: {} })).toEqual({ tool: 'mcp_tool', args: {} });
  });
});
