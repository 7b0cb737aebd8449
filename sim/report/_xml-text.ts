import escapeHtml from 'escape-html';

/**
 * Text for an XML attribute or element. escape-html's five entities (`&<>"'`) are XML's too; XML
 * 1.0 also forbids most control characters even escaped, so those (possible in a platform's
 * answer under test) become U+FFFD instead of making the whole file unreadable to CI.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(text: string): string {
  return escapeHtml(text.replace(NOT_XML_CHAR, '\uFFFD'));
}
