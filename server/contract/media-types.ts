/** RFC 9457: every error the platform gives is a problem document of this media type. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
