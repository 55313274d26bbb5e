import { useEffect, useState } from 'preact/hooks';
import { api, seg } from '../api';
import { ErrorBox } from '../components/error-box';
import type { JsonSchema, Task, TaskInput } from '../types';
import { ResultView } from './result-view';
import { FormValues, initialValues, toArgs } from './schema';
import { SchemaForm } from './schema-form';

const POLL_MS = 700;
const DONE = ['succeeded', 'failed', 'cancelled'];

/** A task started from the run form: its state, its question while input_required, its result. */
export function TaskView({ taskId, onDone }: { taskId: string; onDone(): void }) {
  const [task, setTask] = useState<Task | null>(null);
  const [error, setError] = useState<unknown>(null);
  const path = `/api/v1/execution/tasks/${seg(taskId)}`;

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const next = await api<Task>('GET', path);
        if (stopped) return;
        setTask(next);
        if (DONE.includes(next.state)) return onDone();
      } catch (err) {
        if (!stopped) setError(err);
      }
      if (!stopped) setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [taskId]);

  const answer = async (input: TaskInput) => {
    setError(null);
    try {
      setTask(await api<Task>('POST', `${path}/input`, input));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="task" data-testid="task" data-state={task?.state ?? 'queued'}>
      <p>
        Task <code class="task-id">{taskId}</code>:{' '}
        <strong class="task-state">{task?.state ?? 'queued'}</strong>
        {task?.progress && <span class="muted"> ({JSON.stringify(task.progress)})</span>}
      </p>
      {task?.state === 'input_required' && task.input_request && (
        <TaskInputForm
          key={task.input_request.message}
          message={task.input_request.message}
          schema={task.input_request.requested_schema as JsonSchema}
          onAnswer={answer}
        />
      )}
      <ErrorBox error={error} />
      {task?.error && (
        <p class="field-error" role="alert">
          {task.error.code}: {task.error.message}
        </p>
      )}
      {task?.result && <ResultView result={task.result} />}
    </section>
  );
}

interface InputProps {
  message: string;
  schema: JsonSchema;
  onAnswer(input: TaskInput): Promise<void>;
}

/** The server's question as a form built from its requested schema. */
function TaskInputForm({ message, schema, onAnswer }: InputProps) {
  const [values, setValues] = useState<FormValues>(() => initialValues(schema));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const accept = () => {
    const built = toArgs(schema, values);
    if (Object.keys(built.errors).length > 0) return setErrors(built.errors);
    setErrors({});
    void onAnswer({ action: 'accept', content: built.args as Record<string, unknown> });
  };
  return (
    <fieldset class="task-input" aria-label="The server asks">
      <legend>The server asks</legend>
      <p class="task-question">{message}</p>
      <SchemaForm
        idPrefix="task-input"
        schema={schema}
        values={values}
        errors={errors}
        onInput={setValues}
      />
      <div class="row">
        <button type="button" class="primary" onClick={accept}>
          Accept
        </button>
        <button type="button" onClick={() => void onAnswer({ action: 'decline' })}>
          Decline
        </button>
        <button type="button" onClick={() => void onAnswer({ action: 'cancel' })}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
