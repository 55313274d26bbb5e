import { Tool } from '../mcp-client/mcp-client.types';
import { PinVerdict } from '../tool-pins/pin-verdict';
import { definitionOf } from '../tool-pins/tool-fingerprint';
import { ToolEntryDto } from './dto/tool-entry.dto';

/** A server tool on the wire: its definition, its pin, and for a changed one what it was. */
export function toToolEntry(tool: Tool, verdict: PinVerdict): ToolEntryDto {
  const entry: ToolEntryDto = {
    ...definitionOf(tool),
    pin: {
      state: verdict.state,
      fingerprint: verdict.fingerprint,
      pinned_at: verdict.pinnedAt,
      ...(verdict.renamedFrom && { renamed_from: verdict.renamedFrom }),
    },
  };
  if (verdict.state === 'changed' && verdict.previous) {
    const { definition, fingerprint, pinned_at } = verdict.previous;
    entry.previous = { ...definition, fingerprint, pinned_at };
    entry.difference = verdict.difference;
  }
  return entry;
}
