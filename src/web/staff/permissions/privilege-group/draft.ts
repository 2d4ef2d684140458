import type { Level, PrivilegeGroup, PrivilegeGroupInput, PrivilegeName, Scope } from '../types.ts';

export const SCOPES: Scope[] = ['own', 'organization', 'organization_tree'];

export const EMPTY: PrivilegeGroupInput = {
  name: '',
  description: '',
  privileges: ['portal.login', 'tickets.view', 'tickets.create', 'tickets.reply', 'account.change_password'],
  ticketScope: 'own',
  recordScope: 'own',
  scopeLevel: 'read',
};

export const inputOf = (g: PrivilegeGroup): PrivilegeGroupInput => ({
  name: g.name,
  description: g.description,
  // A stored group holds only names from the catalogue (the server checks each on write).
  privileges: [...(g.privileges as PrivilegeName[])].sort(),
  ticketScope: g.ticketScope,
  recordScope: g.recordScope,
  scopeLevel: g.scopeLevel,
});

export const levelWords = (level: Level) => (level === 'write' ? 'read and write' : 'read only');

export type SetField = <K extends keyof PrivilegeGroupInput>(key: K, value: PrivilegeGroupInput[K]) => void;
