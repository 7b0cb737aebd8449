import { check } from 'k6';
import http from 'k6/http';
import type { Target } from '../../../sim/fixtures/fixture-format.js';
import { AUTH_JSON_HEADERS } from './auth-headers.js';
import { jsonBody } from './decision-checks.js';
import { ENDPOINTS } from './endpoint.js';

/**
 * Creates each clicking target's promotion link as its affiliate would (in `setup`), and returns
 * their URLs by target index (null for a target without a click). Link ids are the platform's
 * business, so the script asks for them rather than building them.
 */
export function createLinks(baseUrl: string, targets: readonly Target[]): (string | null)[] {
  return targets.map((target) => {
    if (target.click === null) return null;
    const res = http.post(
      `${baseUrl}/affiliates/${encodeURIComponent(target.affiliateId)}/links`,
      JSON.stringify({
        storeId: target.storeId,
        ...(target.click.productId ? { productId: target.click.productId } : {}),
        channel: target.channel,
      }),
      { headers: AUTH_JSON_HEADERS, tags: ENDPOINTS.links },
    );
    const url = (jsonBody(res) as { url?: unknown } | null)?.url;
    check(res, {
      'link: created': (r) => r.status === 201 && typeof url === 'string' && url.startsWith('/r/'),
    });
    return typeof url === 'string' ? url : null;
  });
}
