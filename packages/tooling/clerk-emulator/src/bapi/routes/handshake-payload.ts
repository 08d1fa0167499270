import type { HandshakeNonces } from '../../fapi/handshake-nonces.js';
import { ClerkApiError, notFound, paramError } from '../../http/clerk-error.js';
import type { RouteDefinition } from '../router.js';

/**
 * `GET /v1/clients/handshake_payload?nonce=`: @clerk/backend redeems the nonce the Frontend API
 * handshake left in `__clerk_handshake_nonce` for the cookie directives (single use).
 */
export function handshakeRoutes(handshakes: HandshakeNonces): RouteDefinition[] {
  return [
    {
      name: 'getHandshakePayload',
      method: 'GET',
      path: '/clients/handshake_payload',
      handler: ({ query }) => {
        const nonce = query.get('nonce');
        if (!nonce) throw new ClerkApiError(422, [paramError('form_param_missing', 'nonce', 'nonce is required')]);
        const directives = handshakes.take(nonce);
        if (!directives) throw notFound('handshake payload');
        return { status: 200, body: { directives } };
      },
    },
  ];
}
