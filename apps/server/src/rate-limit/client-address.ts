import type { IncomingMessage } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { addressKey, clientIp } from '../http/client-ip.js';
import { TrustedProxies } from '../http/trusted-proxies.js';

/** The rate-limit key of a request's client: its address (TRUST_PROXY decides which), IPv6 by /64. */
@Injectable()
export class ClientAddress {
  private readonly trusted: TrustedProxies;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.trusted = new TrustedProxies(config.trustProxy);
  }

  keyOf(req: IncomingMessage): string {
    return addressKey(clientIp(req, this.trusted));
  }
}
