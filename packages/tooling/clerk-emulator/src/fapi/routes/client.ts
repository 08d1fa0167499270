import { buildEnvironment } from '../environment.js';
import { envelope, type FapiRoute, raw } from '../route.js';
import { toClientJson } from '../serialize/client-json.js';

export function environmentRoutes(): FapiRoute[] {
  const environment: FapiRoute['handler'] = (ctx) =>
    raw(
      buildEnvironment({
        applicationName: ctx.deps.config.applicationName,
        appOrigin: ctx.request.appOrigin ?? `https://${new URL(ctx.deps.mint.issuer).host}`,
      }),
    );
  // PATCH is the "touch" a development instance sends instead of GET; same answer.
  return [
    { method: 'GET', path: '/environment', usesClient: false, handler: environment },
    { method: 'PATCH', path: '/environment', usesClient: false, handler: environment },
  ];
}

export function clientRoutes(): FapiRoute[] {
  return [
    // Unwrapped {response} with no `client`: clerk-js reads `response` as the client (null: none yet).
    { method: 'GET', path: '/client', handler: (ctx) => raw({ response: toClientJson(ctx), client: null }) },
    {
      // clerk-js `Client.create()`: a new, empty client and its cookie.
      method: 'PUT',
      path: '/client',
      handler: (ctx) => {
        ctx.commit(ctx.clientOrDraft());
        return raw({ response: toClientJson(ctx), client: null });
      },
    },
    {
      // clerk-js `client.destroy()`: every session ends and the cookie goes.
      method: 'DELETE',
      path: '/client',
      handler: (ctx) => {
        const client = ctx.requireClient();
        for (const session of ctx.activeSessions()) ctx.deps.sessions.end(session.id, 'removed');
        const last = { ...toClientJson(ctx), sessions: [], last_active_session_id: null };
        ctx.destroyClient();
        return envelope({ ...last, id: client.id });
      },
    },
  ];
}
