import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, seg } from '../api';
import { ErrorBox, fieldErrors } from '../components/error-box';
import type { ExecTool, InvokeResult, McpServer, ServerTool, TaskCreated } from '../types';
import { McpTarget, Target } from './mcp-target';
import { ResultView } from './result-view';
import { FormValues, initialValues, toArgs } from './schema';
import { SchemaForm } from './schema-form';
import { TaskView } from './task-view';

interface Props {
  tool: ExecTool;
  servers: McpServer[];
  onRan(): void;
}

const PROXY = 'mcp_tool';

/** The run form: generated from the input schema, with a raw JSON fallback. */
export function ToolRunner({ tool, servers, onRan }: Props) {
  const proxy = tool.name === PROXY;
  const [target, setTarget] = useState<Target>({ serverId: '', toolName: '' });
  const [inner, setInner] = useState<ServerTool | undefined>(undefined);
  const schema = proxy ? inner?.input_schema : tool.input_schema;
  const [values, setValues] = useState<FormValues>(() => initialValues(schema));
  const [raw, setRaw] = useState(false);
  const [rawText, setRawText] = useState('{}');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<InvokeResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asTask, setAsTask] = useState(false);
  const [taskId, setTaskId] = useState<string | null>(null);

  const enabled = servers.filter((s) => s.enabled);
  useEffect(() => {
    if (proxy && !target.serverId && enabled[0]) {
      setTarget({ serverId: enabled[0].id, toolName: '' });
    }
  }, [servers]);

  const formArgs = () => {
    const { args, errors } = toArgs(schema, values);
    const body = proxy ? { server_id: target.serverId, tool_name: target.toolName, args } : args;
    return { body, errors };
  };

  const toggleRaw = () => {
    if (!raw) setRawText(JSON.stringify(formArgs().body, null, 2));
    setRaw(!raw);
  };

  const run = async (e: Event) => {
    e.preventDefault();
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(rawText);
      } catch {
        setLocalErrors({ _raw: 'The arguments are not valid JSON.' });
        return;
      }
    } else {
      const built = formArgs();
      if (Object.keys(built.errors).length > 0) return setLocalErrors(built.errors);
      body = built.body;
    }
    setLocalErrors({});
    setRunning(true);
    setError(null);
    setResult(null);
    setTaskId(null);
    try {
      if (asTask) setTaskId(await startTask(tool.name, body));
      else
        setResult(
          await api<InvokeResult>('POST', `/api/v1/execution/tools/${seg(tool.name)}/invoke`, {
            args: body,
          }),
        );
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
      onRan();
    }
  };

  const serverErrors = inlineErrors(error, schema ? Object.keys(schema.properties ?? {}) : []);
  const errors = { ...serverErrors, ...localErrors };
  return (
    <form class="runner" onSubmit={run} aria-label={`Run ${tool.name}`}>
      {proxy && !raw && (
        <McpTarget
          servers={enabled}
          target={target}
          errors={errors}
          onTarget={(t, picked) => {
            setTarget(t);
            if (picked?.name !== inner?.name || t.serverId !== target.serverId) {
              setInner(picked);
              setValues(initialValues(picked?.input_schema));
            }
          }}
        />
      )}
      <label class="switch">
        <input type="checkbox" checked={raw} onChange={toggleRaw} />
        <span>Edit arguments as raw JSON</span>
      </label>
      <label class="switch">
        <input type="checkbox" checked={asTask} onChange={() => setAsTask(!asTask)} />
        <span title="In the background; the server's questions are answered here">Run as task</span>
      </label>
      {raw ? (
        <div class={`field${errors._raw ? ' invalid' : ''}`}>
          <label for="raw-args">Arguments (JSON)</label>
          <textarea
            id="raw-args"
            rows={8}
            spellcheck={false}
            value={rawText}
            aria-invalid={errors._raw ? true : undefined}
            onInput={(e) => setRawText((e.currentTarget as HTMLTextAreaElement).value)}
          />
          {errors._raw && <small class="field-error">{errors._raw}</small>}
        </div>
      ) : proxy && !inner ? (
        // No argument block until a server tool is chosen: its schema decides what it takes.
        <p class="muted" data-testid="choose-tool-hint">
          Choose a server tool to see its arguments.
        </p>
      ) : (
        <fieldset>
          <legend>Arguments</legend>
          <SchemaForm
            idPrefix="arg"
            schema={schema}
            values={values}
            errors={errors}
            onInput={setValues}
          />
        </fieldset>
      )}
      <div class="row">
        <button
          type="submit"
          class="primary"
          disabled={running || (proxy && !raw && !target.toolName)}
        >
          {running ? 'Running…' : 'Run'}
        </button>
      </div>
      <ErrorBox error={error} />
      {result && <ResultView result={result} />}
      {taskId && <TaskView key={taskId} taskId={taskId} onDone={onRan} />}
    </form>
  );
}

/** POST /api/v1/execution/tasks; the task is then polled by TaskView. */
async function startTask(tool: string, args: unknown): Promise<string> {
  const created = await api<TaskCreated>('POST', '/api/v1/execution/tasks', { tool, args });
  return created.task_id;
}

/** Server field errors by form field: `args.message`, `/message` and `message` all match. */
function inlineErrors(error: unknown, fields: string[]): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of fieldErrors(error.details)) {
    const name =
      [...fields, 'server_id', 'tool_name'].find(
        (n) => f.field === n || f.field.endsWith(`.${n}`),
      ) ?? '';
    if (name && !out[name]) out[name] = f.message;
  }
  return out;
}
