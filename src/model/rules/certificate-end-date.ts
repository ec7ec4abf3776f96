/**
 * Every token-signing certificate that is not retired ends in the future and at most 3 years ahead (Entra's limit);
 * warn from 60 days before it ends. A certificate without an end date gets the provider's default (3 years from creation).
 */
import { signingCertificates } from "../certificates";
import { messages } from "../messages";
import { finding, type Finding, type Rule } from "./rule";

const DAY = 24 * 60 * 60 * 1000;

export const certificateEndDate: Rule = {
  name: "certificate-end-date",
  check: ({ model, now }) => {
    const out: Finding[] = [];
    const application = model.spec.entra?.application;
    if (!application) return [];
    for (const cert of signingCertificates(application)) {
      if (cert.retired || cert.endDate === undefined) continue;
      const path = [...cert.path, "endDate"];
      const end = new Date(cert.endDate);
      if (Number.isNaN(end.getTime())) {
        out.push(finding(path, messages.badFormat(cert.endDate, "a valid date")));
        continue;
      }
      const latest = new Date(now);
      latest.setUTCFullYear(latest.getUTCFullYear() + 3);
      const days = Math.floor((end.getTime() - now.getTime()) / DAY);
      if (end.getTime() <= now.getTime()) out.push(finding(path, messages.certificateEndDateInPast(cert.endDate)));
      else if (end.getTime() > latest.getTime()) out.push(finding(path, messages.certificateEndDateTooFar(cert.endDate, latest.toISOString().slice(0, 10))));
      else if (days <= 60) out.push(finding(path, messages.certificateEndDateSoon(cert.endDate, days)));
    }
    return out;
  },
};
