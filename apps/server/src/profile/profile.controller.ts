import { Controller, Get, Inject } from '@nestjs/common';

import type { AuthState, UserDirectory, UserProfile } from '@stack/contracts';

import { CurrentAuth } from '../auth/current-auth.decorator.js';
import { USER_DIRECTORY } from '../db/db.tokens.js';

/** The REST twin of `profile.me`, for clients that do not speak tRPC (signed in: the global AuthGuard). */
@Controller('api/profile')
export class ProfileController {
  constructor(@Inject(USER_DIRECTORY) private readonly users: UserDirectory) {}

  @Get()
  me(@CurrentAuth() auth: AuthState): Promise<UserProfile> {
    return this.users.getProfile(auth.userId);
  }
}
