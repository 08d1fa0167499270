import { Inject, Injectable } from '@nestjs/common';
import { TRPCError } from '@trpc/server';

import { type AppRouter, createTRPCContext, type TRPCContext } from '@stack/api';
import {
  type NoteChangeStreams,
  type NoteService,
  ServiceUnavailableError,
  type UserDirectory,
} from '@stack/contracts';
import type { TrpcContextFactory, TrpcContextOptions } from '@stack/nest-trpc';

import { RequestIdentity } from '../auth/request-identity.js';
import { NOTE_SERVICE, USER_DIRECTORY } from '../db/db.tokens.js';
import { noteCaller } from '../http/request-record.js';
import { NOTE_CHANGES } from '../live/live.tokens.js';
import { TrpcAdmission } from '../rate-limit/trpc-admission.js';
import { ProcedureTelemetry } from './procedure-telemetry.js';

/**
 * Each tRPC request's context: the verified caller (or null), the services procedures use, and
 * the calls the rate limiter refused in a batch it let in. A refused credential (revoked ones
 * included) leaves the caller anonymous, so protected procedures answer 401.
 */
@Injectable()
export class AppContextFactory implements TrpcContextFactory<AppRouter> {
  private readonly services: TRPCContext['services'];

  constructor(
    @Inject(RequestIdentity) private readonly identity: RequestIdentity,
    @Inject(TrpcAdmission) private readonly admission: TrpcAdmission,
    @Inject(ProcedureTelemetry) private readonly telemetry: ProcedureTelemetry,
    @Inject(USER_DIRECTORY) users: UserDirectory,
    @Inject(NOTE_SERVICE) notes: NoteService,
    @Inject(NOTE_CHANGES) noteChanges: NoteChangeStreams,
  ) {
    this.services = { users, notes, noteChanges };
  }

  async create({ req }: TrpcContextOptions): Promise<TRPCContext> {
    let result;
    try {
      result = await this.identity.identify(req, 'trpc');
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
    const admission = this.admission.admissionOf(req);
    const { services } = this;
    const observe = this.telemetry.observerFor(req, services);
    switch (result.status) {
      case 'signed-in':
        noteCaller(req, result.auth);
        return createTRPCContext({ auth: result.auth, services, observe, admission });
      case 'forbidden':
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-site request refused' });
      case 'rejected':
      case 'signed-out':
        return createTRPCContext({ auth: null, services, observe, admission });
    }
  }
}
