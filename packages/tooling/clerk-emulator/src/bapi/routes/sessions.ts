import { ClerkApiError, notFound, paramError } from '../../http/clerk-error.js';
import { openSession } from '../../store/open-session.js';
import { mintSessionToken, mintTemplateToken } from '../../tokens/mint-session-token.js';
import type { BapiDeps } from '../deps.js';
import type { RouteDefinition, RouteRequest } from '../router.js';
import { toSessionJson } from '../serialize/session-json.js';
import {
  FieldErrors,
  integerParam,
  rejectUnknownParams,
  requireObjectBody,
  stringParam,
} from '../validation/body-fields.js';
import { parsePage } from '../validation/list-params.js';

// Clerk's documented bounds for `expires_in_seconds`.
const TOKEN_LIFETIME_RANGE = { min: 30, max: 315_360_000 };
const TEMPLATE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

export function sessionRoutes(deps: BapiDeps): RouteDefinition[] {
  const { users, sessions, mint } = deps;

  const requireSession = (request: RouteRequest) => {
    const session = sessions.get(request.params['sessionId'] ?? '');
    if (!session) throw notFound('session');
    return session;
  };

  /** Tokens only for active sessions; an ended one is as good as unknown. */
  const requireActiveSession = (request: RouteRequest) => {
    const session = sessions.getActive(request.params['sessionId'] ?? '');
    if (!session) throw notFound('session');
    return session;
  };

  const parseTokenBody = (raw: unknown): number | undefined => {
    const body = requireObjectBody(raw);
    const errors = new FieldErrors();
    rejectUnknownParams(body, ['expires_in_seconds'], errors);
    const expiresIn = integerParam(body, 'expires_in_seconds', TOKEN_LIFETIME_RANGE, errors);
    errors.throwIfAny();
    return expiresIn;
  };

  return [
    {
      name: 'listSessions',
      method: 'GET',
      path: '/sessions',
      handler: ({ query }) => {
        const errors = new FieldErrors();
        const { limit, offset } = parsePage(query, errors);
        const userId = query.get('user_id');
        const clientId = query.get('client_id');
        if (!userId && !clientId)
          errors.add(paramError('form_param_missing', 'user_id', 'Either user_id or client_id is required.'));
        errors.throwIfAny();
        const status = query.get('status');
        const all = sessions
          .list()
          .filter(
            (s) =>
              (!userId || s.userId === userId) &&
              (!clientId || s.clientId === clientId) &&
              (!status || s.status === status),
          );
        const page = all.slice(offset, offset + limit).map(toSessionJson);
        // The SDK asks for `paginated=true` and then expects {data, total_count}.
        return {
          status: 200,
          body: query.get('paginated') === 'true' ? { data: page, total_count: all.length } : page,
        };
      },
    },
    {
      name: 'createSession',
      method: 'POST',
      path: '/sessions',
      handler: ({ body: raw }) => {
        const body = requireObjectBody(raw);
        const errors = new FieldErrors();
        rejectUnknownParams(body, ['user_id'], errors);
        const userId = stringParam(body, 'user_id', { min: 1, max: 256 }, errors);
        if (!('user_id' in body)) errors.add(paramError('form_param_missing', 'user_id', 'user_id is required.'));
        errors.throwIfAny();
        if (userId === undefined || !users.get(userId)) throw notFound('user');
        return { status: 200, body: toSessionJson(openSession({ users, sessions, orgs: deps.orgs }, userId)) };
      },
    },
    {
      name: 'getSession',
      method: 'GET',
      path: '/sessions/:sessionId',
      handler: (request) => ({ status: 200, body: toSessionJson(requireSession(request)) }),
    },
    {
      name: 'revokeSession',
      method: 'POST',
      path: '/sessions/:sessionId/revoke',
      handler: (request) => {
        const session = requireSession(request);
        return { status: 200, body: toSessionJson(sessions.end(session.id, 'revoked') ?? session) };
      },
    },
    {
      name: 'createSessionToken',
      method: 'POST',
      path: '/sessions/:sessionId/tokens',
      handler: (request) => {
        const expiresInSeconds = parseTokenBody(request.body);
        const session = requireActiveSession(request);
        const jwt = mintSessionToken(mint, {
          sessionId: session.id,
          ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
        });
        return { status: 200, body: { object: 'token', jwt } };
      },
    },
    {
      name: 'createTemplateToken',
      method: 'POST',
      path: '/sessions/:sessionId/tokens/:template',
      handler: (request) => {
        const expiresInSeconds = parseTokenBody(request.body);
        const template = request.params['template'] ?? '';
        if (!TEMPLATE_NAME.test(template))
          throw new ClerkApiError(422, [
            paramError('form_param_value_invalid', 'template', 'template must be a JWT template name'),
          ]);
        const session = requireActiveSession(request);
        return {
          status: 200,
          body: { object: 'token', jwt: mintTemplateToken(mint, session, template, expiresInSeconds) },
        };
      },
    },
  ];
}
