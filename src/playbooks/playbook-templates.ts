import jsone from 'json-e';

/** What `when` and step `args` templates see. */
export interface TemplateContext {
  event: Record<string, unknown>;
  playbook: Record<string, unknown>;
  steps: { tool: string; args: unknown; result: unknown; outcome: string }[];
}

const SAMPLE: TemplateContext = { event: {}, playbook: {}, steps: [] };

/**
 * A template that cannot render whatever the data: a syntax error or a misused operator.
 * Data-dependent errors (an absent property in the sample context) are left to the run.
 */
export function templateProblem(template: unknown): string | null {
  try {
    jsone(template as object, SAMPLE as unknown as Record<string, unknown>);
    return null;
  } catch (err) {
    const e = err as Error;
    if (e.name === 'InterpreterError') return null;
    return `is not a valid JSON-e template: ${e.message}`;
  }
}

export function render(template: unknown, context: TemplateContext): unknown {
  return jsone(template as object, context as unknown as Record<string, unknown>);
}

/** `when` holds unless it renders to false, null, 0, '' or 'false'. */
export function whenHolds(when: unknown, context: TemplateContext): boolean {
  if (when === undefined) return true;
  const value = render(when, context);
  return !(value === false || value === null || value === 0 || value === '' || value === 'false');
}
