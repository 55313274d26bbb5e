import type { Binding, ContentItem, InvokeResult } from '../types';

export function bindingLabel(binding: Binding | null | undefined): string {
  if (!binding) return '';
  return binding.kind === 'mcp'
    ? `through MCP: ${binding.server_id} / ${binding.tool_name}`
    : 'locally (its own implementation)';
}

/** The answer of an invoke: each content item as what it is, plus structured content. */
export function ResultView({ result }: { result: InvokeResult }) {
  return (
    <section class={`result${result.is_error ? ' is-error' : ''}`} aria-label="Result">
      <h3>
        {result.is_error ? 'The tool reported an error' : 'Result'}
        <span class="muted"> · {Math.round(result.duration_ms)} ms</span>
      </h3>
      <p class="muted">
        Ran {bindingLabel(result.binding)} · run <code>{result.run_id}</code>
      </p>
      {result.content.length === 0 && <p class="muted">No content.</p>}
      {result.content.map((item, i) => (
        <ContentView key={i} item={item} />
      ))}
      {result.structured_content !== null && result.structured_content !== undefined && (
        <>
          <h4>Structured content</h4>
          <pre class="json">{JSON.stringify(result.structured_content, null, 2)}</pre>
        </>
      )}
    </section>
  );
}

function ContentView({ item }: { item: ContentItem }) {
  const dataUrl = (mime: string | undefined, data: string | undefined) =>
    `data:${mime ?? 'application/octet-stream'};base64,${data ?? ''}`;
  switch (item.type) {
    case 'text':
      return <pre class="text">{item.text}</pre>;
    case 'image':
      return (
        <img
          class="result-image"
          src={dataUrl(item.mimeType, item.data)}
          alt={`Image result (${item.mimeType ?? 'unknown type'})`}
        />
      );
    case 'audio':
      return (
        <audio controls src={dataUrl(item.mimeType, item.data)}>
          Audio result ({item.mimeType})
        </audio>
      );
    case 'resource_link':
      return (
        <p>
          Resource link: <code>{item.uri}</code> {item.name}
        </p>
      );
    case 'resource':
      return (
        <div>
          <p>
            Resource: <code>{item.resource?.uri}</code>
          </p>
          {item.resource?.text !== undefined && <pre class="text">{item.resource.text}</pre>}
        </div>
      );
    default:
      return <pre class="json">{JSON.stringify(item, null, 2)}</pre>;
  }
}
