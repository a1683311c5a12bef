/** `GET /api/auth/invitations/:token`: what the invitation says about the account it makes. */
export interface Invitation {
  email: string;
  displayName: string;
  roles: string[];
  organisationName: string;
  expiresAt: string;
}

/** The authenticator app's secret, as text and as an otpauth:// address for the QR code. */
export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}
