import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { ServiceUnavailableError, UserNotFoundError } from '@stack/api';

import { setHeader } from './set-header.js';

/** REST counterpart of the API's error mapping: an outage is 503 with Retry-After, never 500 or 401. */
@Catch(ServiceUnavailableError, UserNotFoundError)
export class ServiceErrorsFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(error: ServiceUnavailableError | UserNotFoundError, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const res: unknown = host.switchToHttp().getResponse();
    if (error instanceof ServiceUnavailableError) {
      setHeader(res, 'retry-after', String(Math.ceil(error.retryAfterSeconds)));
      httpAdapter.reply(
        res,
        { statusCode: 503, message: 'A dependency is unavailable; retry later' },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
      return;
    }
    httpAdapter.reply(res, { statusCode: 404, message: 'User not found' }, HttpStatus.NOT_FOUND);
  }
}
