import { stepUsesServer } from './playbook-checks';

describe('stepUsesServer', () => {
  const uses = (tool: string, args: Record<string, unknown> = {}, routed: string[] = []) =>
    stepUsesServer({ tool, args }, 'gh', routed);

  it('sees a routed tool, the proxy with the literal server id and the /mcp name', () => {
    expect(uses('deploy', {}, ['deploy'])).toBe(true);
    expect(uses('mcp_tool', { server_id: 'gh', tool_name: 'x' })).toBe(true);
    expect(uses('gh__create_issue')).toBe(true);
  });

  it('ignores other servers, templated ids and look-alike names', () => {
    expect(uses('deploy', {}, ['other'])).toBe(false);
    expect(uses('mcp_tool', { server_id: 'ghx' })).toBe(false);
    expect(uses('mcp_tool', { server_id: '${event.server}' })).toBe(false);
    expect(uses('ghx__tool')).toBe(false);
    expect(uses('gh_tool')).toBe(false);
    expect(uses('list_mcp_servers', { server_id: 'gh' })).toBe(false);
  });
});
