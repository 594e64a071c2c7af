/**
 * Kyrgyz alphabetical order (ң after н, ө after о, ү after у), as in the paper journal. One
 * collator for the whole domain: `localeCompare(…, 'ky')` builds a new one on every call.
 */
const KYRGYZ = new Intl.Collator('ky');

export const kyrgyzCompare = (a: string, b: string): number => KYRGYZ.compare(a, b);
