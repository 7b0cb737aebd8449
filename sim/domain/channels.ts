/** Promotion channels of the affiliate programme (seed 001, part 4). */
export const IN_SITE_CHANNELS = [
  'home',
  'top-picks',
  'event',
  'search',
  'best-selling',
  'multilingual',
] as const;
export const OFF_SITE_CHANNELS = [
  'media',
  'shopping-guide',
  'vertical',
  'sns',
  'blog',
  'mobile-banner',
  'email',
  'pop-up',
  'floating',
] as const;
export const CHANNELS = [...IN_SITE_CHANNELS, ...OFF_SITE_CHANNELS] as const;
export type Channel = (typeof CHANNELS)[number];
