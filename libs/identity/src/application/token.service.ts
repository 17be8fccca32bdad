import { Inject, Injectable } from '@nestjs/common';
import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DomainError, ErrorCode, Role } from '@app/workflow';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';

export interface TokenClaims {
  sub: string;
  roles: Role[];
  unitId: string;
  username?: string;
  /** The user's token version when the token was issued (our own tokens only). */
  tokenVersion?: number;
}

/** `iss` and `aud` of the tokens this server issues and accepts as its own. */
export const OWN_ISSUER = 'rectify';
export const OWN_AUDIENCE = 'rectify-api';
/** Clocks of the identity provider and this server may differ this much (RFC 8725 §3.10 leaves it to us). */
const CLOCK_SKEW_SECONDS = 60;

/** One accepted key: its one algorithm and the issuer and audience its tokens must name (RFC 8725 §3.1). */
interface TrustedKey {
  key: KeyObject;
  issuer: string;
  audience: string;
  own: boolean;
}

const DURATION = /^(\d+)(s|m|h|d)$/;
const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export function durationSeconds(value: string): number {
  const [, n, unit] = DURATION.exec(value) ?? [];
  if (!n) throw new Error(`bad duration ${value}`);
  return Number(n) * SECONDS[unit as keyof typeof SECONDS];
}

const unauthenticated = (detail: string) => new DomainError(ErrorCode.UNAUTHENTICATED, detail);

const VERIFIED_CACHE_SIZE = 10_000;

/** Issues HS256 tokens; verifies HS256 (own) and, when a public key is configured, RS256 (external IdP). */
@Injectable()
export class TokenService {
  readonly expiresInSeconds: number;
  // Parsed once: given a string, jsonwebtoken tries (and fails) to parse it as a public key on every call.
  private readonly byAlgorithm = new Map<'HS256' | 'RS256', TrustedKey>();

  constructor(@Inject(IDENTITY_OPTIONS) options: IdentityOptions) {
    this.expiresInSeconds = durationSeconds(options.auth.expiresIn);
    if (options.jwtSecret) {
      this.byAlgorithm.set('HS256', { key: createSecretKey(Buffer.from(options.jwtSecret)), issuer: OWN_ISSUER, audience: OWN_AUDIENCE, own: true });
    }
    const { jwtPublicKey, jwtIssuer, jwtAudience } = options.auth;
    if (jwtPublicKey) {
      if (!jwtIssuer || !jwtAudience) throw new Error('JWT_ISSUER and JWT_AUDIENCE are required with JWT_PUBLIC_KEY');
      this.byAlgorithm.set('RS256', { key: createPublicKey(jwtPublicKey), issuer: jwtIssuer, audience: jwtAudience, own: false });
    }
  }

  issue(claims: TokenClaims): string {
    const own = this.byAlgorithm.get('HS256');
    if (!own) throw new Error('JWT_SECRET is not configured; this server cannot issue tokens');
    const { sub, tokenVersion, ...rest } = claims;
    return jwt.sign({ ...rest, tv: tokenVersion ?? 0 }, own.key, {
      algorithm: 'HS256',
      subject: sub,
      expiresIn: this.expiresInSeconds,
      issuer: OWN_ISSUER,
      audience: OWN_AUDIENCE,
    });
  }

  /** Claims of tokens already verified, until they expire: a token is verified once, not per request. */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();

  verify(token: string): TokenClaims {
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.claims;
    if (known) this.verified.delete(token);
    const { claims, expiresAt } = this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, expiresAt });
    return claims;
  }

  private verifySignature(token: string): { claims: TokenClaims; expiresAt: number } {
    let decoded: jwt.Jwt | null;
    try {
      decoded = jwt.decode(token, { complete: true });
    } catch {
      decoded = null;
    }
    if (!decoded || typeof decoded.payload === 'string') throw unauthenticated('malformed bearer token');
    const alg = decoded.header.alg;
    const trusted = alg === 'HS256' || alg === 'RS256' ? this.byAlgorithm.get(alg) : undefined;
    if (!trusted) throw unauthenticated(`tokens signed with ${alg} are not accepted`);
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, trusted.key, {
        algorithms: [alg as jwt.Algorithm],
        issuer: trusted.issuer,
        audience: trusted.audience,
        clockTolerance: CLOCK_SKEW_SECONDS,
      }) as jwt.JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw unauthenticated('bearer token has expired');
      const claim = error instanceof Error && /jwt (issuer|audience) invalid/.exec(error.message)?.[1];
      throw unauthenticated(claim ? `bearer token has the wrong ${claim}` : 'bearer token signature is invalid');
    }
    if (typeof payload.exp !== 'number') throw unauthenticated('bearer token has no expiry (exp)');
    if (typeof payload.sub !== 'string' || !payload.sub) throw unauthenticated('bearer token has no subject');
    return {
      claims: {
        sub: payload.sub,
        roles: Array.isArray(payload.roles) ? (payload.roles as Role[]) : [],
        unitId: typeof payload.unitId === 'string' ? payload.unitId : '',
        username: typeof payload.username === 'string' ? payload.username : undefined,
        // Our own tokens always carry it; a token of ours without one was issued before versions existed.
        tokenVersion: trusted.own ? (Number.isInteger(payload.tv) ? (payload.tv as number) : -1) : undefined,
      },
      expiresAt: (payload.exp + CLOCK_SKEW_SECONDS) * 1000,
    };
  }
}
