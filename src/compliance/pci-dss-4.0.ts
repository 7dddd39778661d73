import { type Control, defineCatalogue, refTo } from './catalogue.js';

/**
 * PCI DSS v4.0: the twelve principal requirements and the sub-requirements a cloud configuration
 * check can speak to. Ids and (shortened) titles follow the published standard (facts).
 * The principal requirements and process sub-requirements are manual; those whose technical part an
 * inventory check assesses are automated.
 */
const section = {
  '1': 'Install and Maintain Network Security Controls',
  '2': 'Apply Secure Configurations to All System Components',
  '3': 'Protect Stored Account Data',
  '4': 'Protect Cardholder Data with Strong Cryptography During Transmission Over Open, Public Networks',
  '5': 'Protect All Systems and Networks from Malicious Software',
  '6': 'Develop and Maintain Secure Systems and Software',
  '7': 'Restrict Access to System Components and Cardholder Data by Business Need to Know',
  '8': 'Identify Users and Authenticate Access to System Components',
  '9': 'Restrict Physical Access to Cardholder Data',
  '10': 'Log and Monitor All Access to System Components and Cardholder Data',
  '11': 'Test Security of Systems and Networks Regularly',
  '12': 'Support Information Security with Organizational Policies and Programs',
} as const;
type Req = keyof typeof section;

const a = (req: Req, title: string): Control => ({ title, section: `Requirement ${req}: ${section[req]}`, automated: true });
const m = (req: Req, title: string): Control => ({ title, section: `Requirement ${req}: ${section[req]}`, automated: false });

export const pciDss40 = defineCatalogue({
  id: 'pci-dss-4.0',
  title: 'Payment Card Industry Data Security Standard',
  version: '4.0',
  controls: {
    '1': m('1', section['1']),
    '1.2.1': m('1', 'Configuration standards for NSC rulesets are defined, implemented, and maintained'),
    '1.2.5': a('1', 'All services, protocols, and ports allowed are identified, approved, and have a defined business need'),
    '1.2.7': m('1', 'Configurations of NSCs are reviewed at least once every six months'),
    '1.3.1': a('1', 'Inbound traffic to the CDE is restricted to only traffic that is necessary, and all other traffic is specifically denied'),
    '1.3.2': a('1', 'Outbound traffic from the CDE is restricted to only traffic that is necessary, and all other traffic is specifically denied'),
    '1.4.1': a('1', 'NSCs are implemented between trusted and untrusted networks'),
    '1.4.2': a('1', 'Inbound traffic from untrusted networks to trusted networks is restricted'),
    '1.4.4': a('1', 'System components that store cardholder data are not directly accessible from untrusted networks'),
    '2': m('2', section['2']),
    '2.2.1': a('2', 'Configuration standards are developed, implemented, and maintained'),
    '2.2.2': a('2', 'Vendor default accounts are managed'),
    '2.2.4': a('2', 'Only necessary services, protocols, daemons, and functions are enabled'),
    '2.2.5': a('2', 'If any insecure services, protocols, or daemons are present, they are justified and additional security features are implemented'),
    '2.2.6': a('2', 'System security parameters are configured to prevent misuse'),
    '2.2.7': a('2', 'All non-console administrative access is encrypted using strong cryptography'),
    '3': m('3', section['3']),
    '3.5.1': a('3', 'PAN is rendered unreadable anywhere it is stored'),
    '3.6.1': a('3', 'Procedures are defined and implemented to protect cryptographic keys used to protect stored account data against disclosure and misuse'),
    '3.7.4': a('3', 'Cryptographic key changes are performed for keys that have reached the end of their cryptoperiod'),
    '4': m('4', section['4']),
    '4.2.1': a('4', 'Strong cryptography and security protocols are implemented to safeguard PAN during transmission over open, public networks'),
    '5': m('5', section['5']),
    '5.2.1': m('5', 'An anti-malware solution is deployed on all system components, except those determined not to be at risk'),
    '6': m('6', section['6']),
    '6.3.1': m('6', 'Security vulnerabilities are identified and managed'),
    '6.3.3': a('6', 'All system components are protected from known vulnerabilities by installing applicable security patches/updates'),
    '6.4.1': m('6', 'Public-facing web applications are protected against attacks'),
    '6.4.2': a('6', 'An automated technical solution is deployed for public-facing web applications that continually detects and prevents web-based attacks'),
    '7': m('7', section['7']),
    '7.2.1': a('7', 'An access control model is defined and includes granting access appropriately'),
    '7.2.2': a('7', 'Access is assigned to users, including privileged users, based on job classification, function, and least privileges'),
    '7.2.4': m('7', 'All user accounts and related access privileges are reviewed at least once every six months'),
    '7.2.5': a('7', 'All application and system accounts and related access privileges are assigned and managed based on least privilege'),
    '8': m('8', section['8']),
    '8.2.1': a('8', 'All users are assigned a unique ID before access to system components or cardholder data is allowed'),
    '8.2.2': m('8', 'Group, shared, or generic accounts are only used when necessary on an exception basis'),
    '8.2.6': a('8', 'Inactive user accounts are removed or disabled within 90 days of inactivity'),
    '8.3.1': a('8', 'All user access to system components is authenticated via at least one authentication factor'),
    '8.3.2': a('8', 'Strong cryptography is used to render all authentication factors unreadable during transmission and storage'),
    '8.3.6': a('8', 'Passwords/passphrases meet minimum complexity: at least 12 characters with numeric and alphabetic characters'),
    '8.3.7': a('8', 'Individuals are not allowed to submit a new password/passphrase that is the same as any of the last four used'),
    '8.3.9': a('8', 'Passwords/passphrases used as the only authentication factor are changed at least once every 90 days'),
    '8.4.1': a('8', 'MFA is implemented for all non-console access into the CDE for personnel with administrative access'),
    '8.4.2': a('8', 'MFA is implemented for all access into the CDE'),
    '8.4.3': a('8', 'MFA is implemented for all remote network access originating from outside the entity’s network'),
    '8.6.1': m('8', 'Interactive login by system or application accounts is managed'),
    '8.6.2': a('8', 'Passwords/passphrases for application and system accounts are not hard coded in scripts, configuration/property files, or source code'),
    '8.6.3': a('8', 'Passwords/passphrases for application and system accounts are protected against misuse and changed periodically'),
    '9': m('9', section['9']),
    '10': m('10', section['10']),
    '10.2.1': a('10', 'Audit logs are enabled and active for all system components and cardholder data'),
    '10.2.1.2': a('10', 'Audit logs capture all actions taken by any individual with administrative access'),
    '10.2.2': a('10', 'Audit logs record the required details for each auditable event'),
    '10.3.2': a('10', 'Audit log files are protected to prevent modifications by individuals'),
    '10.3.3': a('10', 'Audit log files are promptly backed up to a secure, central, internal log server or other media that is difficult to modify'),
    '10.3.4': a('10', 'File integrity monitoring or change-detection mechanisms are used on audit logs'),
    '10.4.1': m('10', 'Security events and critical system component logs are reviewed at least once daily'),
    '10.4.1.1': a('10', 'Automated mechanisms are used to perform audit log reviews'),
    '10.5.1': a('10', 'Audit log history is retained for at least 12 months, with at least the most recent three months available for analysis'),
    '10.7.2': a('10', 'Failures of critical security control systems are detected, alerted, and addressed promptly'),
    '11': m('11', section['11']),
    '11.3.1': m('11', 'Internal vulnerability scans are performed at least once every three months'),
    '11.5.1': a('11', 'Intrusion-detection and/or intrusion-prevention techniques are used to detect and/or prevent intrusions into the network'),
    '11.5.2': a('11', 'A change-detection mechanism is deployed to alert personnel to unauthorized modification of critical files'),
    '12': m('12', section['12']),
    '12.5.1': a('12', 'An inventory of system components that are in scope for PCI DSS is maintained and kept current'),
    '12.10.1': m('12', 'An incident response plan exists and is ready to be activated in the event of a suspected or confirmed security incident'),
  },
});

export type PciDss40Control = keyof typeof pciDss40.controls;

/** `pci('1.3.1')`: a PCI DSS v4.0 requirement reference; an unknown id does not compile. */
export const pci = refTo(pciDss40);
