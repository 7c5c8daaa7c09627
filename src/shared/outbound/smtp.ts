/**
 * E-mail through the operator's SMTP server (invitations, password resets), with nodemailer. The
 * server is the operator's own (`ROILENS_SMTP_URL`), so it is not held to the outbound client's
 * private-address rule. nodemailer is loaded on the first message, not at every start.
 */

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends one message through `smtpUrl` from `from`; rejects when the server refuses it. */
export async function sendMail(smtpUrl: string, from: string, message: MailMessage): Promise<void> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(smtpUrl);
  try {
    await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
  } finally {
    transport.close();
  }
}
