import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

const logger = new Logger('REST');

/**
 * Everything REST throws that ServiceErrorsFilter does not answer: Nest's HTTP exceptions as Nest
 * would answer them, anything else a generic 500 whose log line names the failure without its
 * data (the log's error serializer: no SQL parameters or rows; no stack in the response).
 */
@Catch()
export class UnexpectedErrorsFilter implements ExceptionFilter {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res: unknown = host.switchToHttp().getResponse();
    const adapter = this.adapterHost.httpAdapter;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      adapter.reply(res, typeof body === 'string' ? { statusCode: status, message: body } : body, status);
      return;
    }
    logger.error({ msg: 'REST request failed', err: exception });
    adapter.reply(res, { statusCode: 500, message: 'Internal server error' }, 500);
  }
}
