import { type ReactNode } from 'react';
import type { AccessChange } from '../types.ts';

/** A pending change and how to save it: what the preview dialog shows and does. */
export type Pending = {
  title: string;
  summary: ReactNode;
  change: AccessChange | null;
  noPreview?: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  save: () => Promise<unknown>;
  after?: () => void;
};

export type Propose = (p: Pending) => void;
