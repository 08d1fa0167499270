import { Inject, Injectable } from '@nestjs/common';
import { TRPCError } from '@trpc/server';

import { type AppRouter, createTRPCContext, type TRPCContext } from '@stack/api';
import { RequestAuthenticator } from '@stack/clerk-auth';
import {
  type NoteChangeStreams,
  type NoteService,
  ServiceUnavailableError,
  type UserDirectory,
} from '@stack/contracts';
import type { TrpcContextFactory, TrpcContextOptions } from '@stack/nest-trpc';

import { authenticationView } from '../auth/authentication-view.js';
import { RejectionLog } from '../auth/rejection-log.js';
import { NOTE_SERVICE, USER_DIRECTORY } from '../db/db.tokens.js';
import { noteCaller } from '../http/request-record.js';
import { NOTE_CHANGES } from '../live/live.tokens.js';
import { ProcedureTelemetry } from './procedure-telemetry.js';

/**
 * Each tRPC request's context: the verified caller (or null) and the services procedures use.
 * A refused credential leaves the caller anonymous, so protected procedures answer 401.
 */
@Injectable()
export class AppContextFactory implements TrpcContextFactory<AppRouter> {
  private readonly services: TRPCContext['services'];
  private readonly observe: TRPCContext['observe'];

  constructor(
    @Inject(RequestAuthenticator) private readonly authenticator: RequestAuthenticator,
    @Inject(RejectionLog) private readonly rejections: RejectionLog,
    @Inject(ProcedureTelemetry) telemetry: ProcedureTelemetry,
    @Inject(USER_DIRECTORY) users: UserDirectory,
    @Inject(NOTE_SERVICE) notes: NoteService,
    @Inject(NOTE_CHANGES) noteChanges: NoteChangeStreams,
  ) {
    this.services = { users, notes, noteChanges };
    this.observe = telemetry.observe;
  }

  async create({ req }: TrpcContextOptions): Promise<TRPCContext> {
    let result;
    try {
      result = await this.authenticator.authenticate(authenticationView(req));
    } catch (error) {
      if (error instanceof ServiceUnavailableError) {
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: 'Authentication is temporarily unavailable',
          cause: error,
        });
      }
      throw error;
    }
    switch (result.status) {
      case 'signed-in':
        noteCaller(req, result.auth);
        return createTRPCContext({ auth: result.auth, services: this.services, observe: this.observe });
      case 'forbidden':
        this.rejections.record(result.reason, 'tRPC');
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-site request refused' });
      case 'rejected':
        this.rejections.record(result.reason, 'tRPC');
        return createTRPCContext({ auth: null, services: this.services, observe: this.observe });
      case 'signed-out':
        return createTRPCContext({ auth: null, services: this.services, observe: this.observe });
    }
  }
}
