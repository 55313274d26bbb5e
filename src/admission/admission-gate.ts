import { Injectable } from '@nestjs/common';
import {
  AuthorizationRequiredError,
  CredentialsMissingError,
  PatchbayError,
  ServerDisabledError,
  ServerNotFoundError,
  routedToMissingServer,
} from '../common/errors/catalogue';
import { IntegrationRegistryService } from '../integration-registry/integration-registry.service';
import { McpServerConfig } from '../integration-registry/mcp-server.types';
import { OAuthService } from '../oauth/oauth.service';
import { SecretsService } from '../secrets/secrets.service';

declare const admitted: unique symbol;

/**
 * A server the gate let through for one call. Only `AdmissionGate` makes one, so a layer that
 * receives it knows the call was admitted and does not check again.
 */
export type AdmittedServer = McpServerConfig & { readonly [admitted]: true };

/**
 * Why an existing server may not take calls now; health shows it as the status state.
 * A new state is one more entry here and in RULES below. (A tool's pin is judged per tool,
 * after the server is admitted: McpInvoker.describe.)
 */
export type RefusalState = 'disabled' | 'needs_credentials' | 'needs_authorization';

export interface Refusal {
  state: RefusalState;
  /** What a call answers (and its message is the reason views show). */
  error: PatchbayError;
}

/** A route as the gate needs it: the logical tool and the server it points at. */
export interface RouteRef {
  tool: string;
  serverId: string;
}

interface RuleDeps {
  secrets: SecretsService;
  oauth: OAuthService;
}

/** One rule: a refusal, or null to let the next rule decide. */
type AdmissionRule = (server: McpServerConfig, deps: RuleDeps) => Refusal | null;

const RULES: AdmissionRule[] = [
  (server) =>
    server.enabled ? null : { state: 'disabled', error: new ServerDisabledError(server.id) },
  (server, { secrets }) => {
    const missing = secrets.missingRequired(server);
    if (missing.length === 0) return null;
    return { state: 'needs_credentials', error: new CredentialsMissingError(server.id, missing) };
  },
  (server, { oauth }) => {
    const problem = oauth.authorizationProblem(server);
    if (!problem) return null;
    return {
      state: 'needs_authorization',
      error: new AuthorizationRequiredError(server.id, problem),
    };
  },
];

/**
 * The one place that decides "may this server take a call now?": exists, enabled, required
 * credentials present, authorized (OAuth). The execution path asks once per call; health and views read the same
 * rule through `refusalOf`.
 */
@Injectable()
export class AdmissionGate {
  private readonly deps: RuleDeps;

  constructor(
    private readonly registry: IntegrationRegistryService,
    secrets: SecretsService,
    oauth: OAuthService,
  ) {
    this.deps = { secrets, oauth };
  }

  /** @throws ServerNotFoundError, ServerDisabledError, CredentialsMissingError, AuthorizationRequiredError */
  admit(serverId: string): AdmittedServer {
    const server = this.registry.findServer(serverId);
    if (!server) throw new ServerNotFoundError(serverId);
    return this.admitServer(server);
  }

  /**
   * Admits the server a route points at; a vanished server is a conflict of the route with
   * the config (409), never a silent fallback to the local tool.
   */
  admitRoute(route: RouteRef): AdmittedServer {
    const verdict = this.judgeRoute(route);
    if (verdict instanceof PatchbayError) throw verdict;
    return verdict;
  }

  /** The admitted server, or the error a call would answer now (views show its message). */
  judgeRoute(route: RouteRef): AdmittedServer | PatchbayError {
    const server = this.registry.findServer(route.serverId);
    if (!server) return routedToMissingServer(route.tool, route.serverId);
    return this.refusalOf(server)?.error ?? (server as AdmittedServer);
  }

  /** The rule itself: the first refusal, or null when the server may take calls. */
  refusalOf(server: McpServerConfig): Refusal | null {
    for (const rule of RULES) {
      const refusal = rule(server, this.deps);
      if (refusal) return refusal;
    }
    return null;
  }

  private admitServer(server: McpServerConfig): AdmittedServer {
    const refusal = this.refusalOf(server);
    if (refusal) throw refusal.error;
    return server as AdmittedServer;
  }
}
