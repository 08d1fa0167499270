import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import {
  AccessRevokedError,
  answerForServiceError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
} from '@stack/contracts';

import { setHeader } from './set-header.js';

type ServiceError =
  ServiceUnavailableError | NotFoundError | ConflictError | InvalidInputError | RateLimitedError | AccessRevokedError;

/** REST answers service failures from the same table as tRPC: 503 and 429 with Retry-After, 404, 409, 400, 401, 403. */
@Catch(ServiceUnavailableError, NotFoundError, ConflictError, InvalidInputError, RateLimitedError, AccessRevokedError)
export class ServiceErrorsFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(error: ServiceError, host: ArgumentsHost): void {
    const answer = answerForServiceError(error)!;
    const res: unknown = host.switchToHttp().getResponse();
    if (answer.retryAfterSeconds !== undefined) setHeader(res, 'retry-after', String(answer.retryAfterSeconds));
    this.adapterHost.httpAdapter.reply(res, { statusCode: answer.status, message: answer.message }, answer.status);
  }
}
