import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { McpTool } from '../mcp-tool.decorator';
import { ToolArgs } from '../tool.types';

export interface Deployment {
  deployment_id: string;
  service: string;
  version: string;
  environment: 'staging' | 'production';
  status: 'deployed';
  deployed_at: string;
  deployed_by: string;
}

const KEEP = 100;

/**
 * `deploy`, the local stand-in: records a deployment in memory and returns it. Route it to
 * an MCP server's tool (PUT /api/v1/execution/routes/deploy) and callers deploy for real
 * without changing a line.
 */
@Injectable()
export class DeployTool {
  private readonly deployments: Deployment[] = [];

  @McpTool({
    name: 'deploy',
    description: 'Deploys a service version to an environment (local stand-in: records it).',
    inputSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['service', 'version'],
      properties: {
        service: { type: 'string', minLength: 1, maxLength: 200 },
        version: { type: 'string', minLength: 1, maxLength: 100 },
        environment: { enum: ['staging', 'production'], default: 'staging' },
      },
    },
  })
  deploy(args: ToolArgs, ctx: { caller: string }): { deployment: Deployment; recent: number } {
    const deployment: Deployment = {
      deployment_id: randomUUID(),
      service: String(args.service),
      version: String(args.version),
      environment: args.environment === 'production' ? 'production' : 'staging',
      status: 'deployed',
      deployed_at: new Date().toISOString(),
      deployed_by: ctx.caller,
    };
    this.deployments.unshift(deployment);
    if (this.deployments.length > KEEP) this.deployments.length = KEEP;
    return { deployment, recent: this.deployments.length };
  }

  /** The recorded deployments, newest first. */
  list(): Deployment[] {
    return [...this.deployments];
  }
}
