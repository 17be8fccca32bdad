import type { AppConfig } from '@app/config';

export const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');

export interface IdentityOptions {
  jwtSecret?: string;
  auth: AppConfig['auth'];
}
