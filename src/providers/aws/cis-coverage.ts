/**
 * CIS AWS Foundations v5.0 automated controls the library does not check, with the reason. The
 * library test fails when this list and the library disagree, so the documented coverage figure
 * (docs/check-library.md) is always the real one.
 */
export const CIS_NOT_COVERED: Readonly<Record<string, string>> = {};
