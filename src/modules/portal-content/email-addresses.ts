/**
 * Staff appear to contacts by display name only. An e-mail's From and To headers may name staff
 * users by address ("Sam Staff <sam@desk.example>", or the bare address); these helpers replace
 * each such mailbox by the staff user's display name and leave every other mailbox as filed.
 */

/** The mailboxes of an address header: split at commas outside quotes and angle brackets. */
function mailboxes(header: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const ch of header) {
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if (ch === ',' && !quoted && !angle) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function addressOf(mailbox: string): string {
  const inAngle = /<([^<>]*)>\s*$/.exec(mailbox);
  return (inAngle?.[1] ?? mailbox).trim().toLowerCase();
}

/** The staff user a mailbox names: by its address, else by any staff address written in it (the longest). */
function staffNameIn(mailbox: string, staff: ReadonlyMap<string, string>): string | undefined {
  const exact = staff.get(addressOf(mailbox));
  if (exact !== undefined) return exact;
  const lower = mailbox.toLowerCase();
  let found: { address: string; name: string } | undefined;
  for (const [address, name] of staff) {
    if (lower.includes(address) && (!found || address.length > found.address.length))
      found = { address, name };
  }
  return found?.name;
}

/** `staff` maps lower-case staff addresses to display names. */
export function staffByName(header: string, staff: ReadonlyMap<string, string>): string {
  if (staff.size === 0) return header;
  return mailboxes(header)
    .map((m) => staffNameIn(m, staff) ?? m)
    .join(', ');
}
