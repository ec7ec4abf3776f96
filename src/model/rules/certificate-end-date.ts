/** The token-signing certificate ends in the future and at most 3 years ahead (Entra's limit); warn from 60 days before it ends. */
import { messages } from "../messages";
import { finding, type Rule } from "./rule";

const DAY = 24 * 60 * 60 * 1000;

export const certificateEndDate: Rule = {
  name: "certificate-end-date",
  check: ({ model, now }) => {
    const cert = model.spec.entra.application.signingCertificate;
    if (!cert) return [];
    const path = ["entra", "application", "signingCertificate", "endDate"];
    const end = new Date(cert.endDate);
    if (Number.isNaN(end.getTime())) return [finding(path, messages.badFormat(cert.endDate, "a valid date"))];
    const latest = new Date(now);
    latest.setUTCFullYear(latest.getUTCFullYear() + 3);
    if (end.getTime() <= now.getTime()) return [finding(path, messages.certificateEndDateInPast(cert.endDate))];
    if (end.getTime() > latest.getTime()) return [finding(path, messages.certificateEndDateTooFar(cert.endDate, latest.toISOString().slice(0, 10)))];
    const days = Math.floor((end.getTime() - now.getTime()) / DAY);
    return days <= 60 ? [finding(path, messages.certificateEndDateSoon(cert.endDate, days))] : [];
  },
};
