import { PatchbayError } from '../common/errors/catalogue';
import { PinVerdict } from './pin-verdict';

/** 409: the tool's definition is not the pinned one (or it is new and held). */
export class ToolChangedError extends PatchbayError {
  constructor(serverId: string, toolName: string, verdict: PinVerdict) {
    const what = verdict.renamedFrom
      ? `was renamed from "${verdict.renamedFrom}"`
      : verdict.state === 'new'
        ? 'is new and held for review (PATCHBAY_NEW_TOOLS=hold)'
        : `changed since it was pinned (${verdict.difference.map((d) => d.field).join(', ')})`;
    super(
      'tool_changed',
      `Tool "${toolName}" of MCP server "${serverId}" ${what}; review it and approve with POST /api/v1/integrations/mcp-servers/${serverId}/tools/${toolName}/approve.`,
      {
        server_id: serverId,
        tool_name: toolName,
        state: verdict.state,
        fingerprint: verdict.fingerprint,
        pinned_fingerprint: verdict.previous?.fingerprint ?? null,
        renamed_from: verdict.renamedFrom,
        difference: verdict.difference,
      },
    );
  }
}
