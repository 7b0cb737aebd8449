/**
 * Buyer markets: country, locale, a representative UTC offset (whole hours, for the daily rhythm of
 * sessions) and a weight. The ranking follows AliExpress's commonly reported top markets by traffic
 * (Russia, Brazil, Spain, France, Korea, the US, Poland, …); the weights are approximate.
 */
export interface Market {
  readonly country: string;
  readonly locale: string;
  readonly utcOffsetHours: number;
  readonly weight: number;
}

export const BUYER_MARKETS: readonly Market[] = Object.freeze([
  { country: 'RU', locale: 'ru-RU', utcOffsetHours: 3, weight: 14 },
  { country: 'BR', locale: 'pt-BR', utcOffsetHours: -3, weight: 12 },
  { country: 'ES', locale: 'es-ES', utcOffsetHours: 1, weight: 9 },
  { country: 'FR', locale: 'fr-FR', utcOffsetHours: 1, weight: 8 },
  { country: 'KR', locale: 'ko-KR', utcOffsetHours: 9, weight: 8 },
  { country: 'US', locale: 'en-US', utcOffsetHours: -5, weight: 8 },
  { country: 'PL', locale: 'pl-PL', utcOffsetHours: 1, weight: 5 },
  { country: 'IL', locale: 'he-IL', utcOffsetHours: 2, weight: 3 },
  { country: 'NL', locale: 'nl-NL', utcOffsetHours: 1, weight: 3 },
  { country: 'DE', locale: 'de-DE', utcOffsetHours: 1, weight: 4 },
  { country: 'IT', locale: 'it-IT', utcOffsetHours: 1, weight: 4 },
  { country: 'MX', locale: 'es-MX', utcOffsetHours: -6, weight: 4 },
  { country: 'CL', locale: 'es-CL', utcOffsetHours: -4, weight: 3 },
  { country: 'UA', locale: 'uk-UA', utcOffsetHours: 2, weight: 3 },
  { country: 'GB', locale: 'en-GB', utcOffsetHours: 0, weight: 4 },
  { country: 'SA', locale: 'ar-SA', utcOffsetHours: 3, weight: 3 },
  { country: 'JP', locale: 'ja-JP', utcOffsetHours: 9, weight: 3 },
  { country: 'TR', locale: 'tr-TR', utcOffsetHours: 3, weight: 2 },
]);

/** Seller countries: AliExpress sellers are overwhelmingly in mainland China; local-warehouse sellers elsewhere (approximate). */
export const SELLER_COUNTRIES: readonly { readonly country: string; readonly weight: number }[] =
  Object.freeze([
    { country: 'CN', weight: 88 },
    { country: 'HK', weight: 3 },
    { country: 'ES', weight: 2 },
    { country: 'FR', weight: 1 },
    { country: 'IT', weight: 1 },
    { country: 'KR', weight: 2 },
    { country: 'TR', weight: 1 },
    { country: 'BR', weight: 2 },
  ]);
