import type { TicketPriority, TicketStatus } from '../db/schema.ts';

/** One demo ticket as the seed writes it (tickets.ts); the lists live in tickets-*.ts. */
export type TicketSpec = {
  /** Requester (contact key); the ticket belongs to the requester's organization. */
  by: string;
  subject: string;
  text: string;
  status: TicketStatus;
  priority: TicketPriority;
  /** The priority the requester chose, before an agent changed it (a history event). */
  was?: TicketPriority;
  /** Days ago the ticket was opened and last active. */
  created: number;
  active: number;
  asset?: string;
  private?: boolean;
  /** Closed once and reopened by the requester. */
  reopened?: boolean;
  /**
   * The comments, one 'who: text' a line (a chat log); who is me (requester), agent, admin, note
   * (internal, agent) or a contact key.
   */
  thread?: string;
  files?: Array<{ name: string; text: string; public: boolean; by: 'me' | 'agent' }>;
  /** Outbound to the requester unless `inbound`; `to` sends it elsewhere (e.g. a vendor). */
  emails?: Array<{ public: boolean; body: string; inbound?: boolean; to?: string }>;
  charge?: [description: string, quantity: number, unitPriceCents: number];
};
