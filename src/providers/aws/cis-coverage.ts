/**
 * CIS AWS Foundations v5.0 coverage notes for docs/check-library.md. `CIS_NOT_COVERED` lists the
 * automated controls the library does not check, with the reason; the library test fails when this
 * list and the library disagree, so the documented "n of N" figure is always the real one.
 * `CIS_MANUAL_UNCHECKED` explains the manual controls no check speaks to.
 */
export const CIS_NOT_COVERED: Readonly<Record<string, string>> = {};

export const CIS_MANUAL_UNCHECKED: Readonly<Record<string, string>> = {
  '1.1':
    'Contact details live in the Account Management API (GetContactInformation), which discovery does not collect; whether they are current is a judgement.',
  '1.2': 'Security alternate contact (Account GetAlternateContact) is not collected by discovery.',
  '1.5': 'The credential report and account summary do not tell hardware from virtual MFA; it needs ListVirtualMFADevices, which is not collected.',
  '1.20': 'Whether users are managed centrally is an organisational judgement (SAML/OIDC providers are inventoried, but their use is not decidable).',
  '2.1.3': 'Data discovery and classification (Amazon Macie) is a process control; Macie is not collected.',
};
