import { mcpSafeName, serverToolName } from './tool-names';

const VALID = /^[A-Za-z0-9_.-]{1,128}$/;

describe('tool names on /mcp', () => {
  it('keeps a valid name and joins server and tool with a double underscore', () => {
    expect(serverToolName('everything', 'echo')).toBe('everything__echo');
    expect(mcpSafeName('deploy')).toBe('deploy');
  });

  it('shortens a name that is too long stably, within 128 characters', () => {
    const long = 'x'.repeat(200);
    const a = serverToolName('srv', long);
    expect(a).toMatch(VALID);
    expect(a).toHaveLength(128);
    expect(serverToolName('srv', long)).toBe(a);
    expect(serverToolName('srv', `${long}y`)).not.toBe(a);
  });

  it('replaces characters the spec does not allow, keeping different names apart', () => {
    const slash = mcpSafeName('team/deploy');
    expect(slash).toMatch(VALID);
    expect(slash.startsWith('team_deploy_')).toBe(true);
    expect(mcpSafeName('team_deploy')).toBe('team_deploy');
    expect(slash).not.toBe(mcpSafeName('team deploy'));
  });
});
