/**
 * Dataset profiles (perf-anchors §9.2). S is the CI profile, L the steering profile. Sizes that the
 * issue fixes are taken as given; the rest scale with the profile.
 */
export type Profile = {
  name: 'S' | 'L';
  organizations: number;
  contacts: number;
  userGroups: number;
  superCustomers: number;
  tickets: number;
  /** Contacts moved by each permission change (scenario 5): the lever organization and each rule cohort. */
  leverSize: number;
  /** Grants of the fixed small and large super customers. */
  smallGrants: number;
  largeGrants: number;
  /** Grants of the read/write pair (same groups, one at read, one at write). */
  pairGrants: number;
  /** Ticket counts of the scale curve (scenario 8): 1/20, 1/4 and all of `tickets`. */
  scalePoints: number[];
  /** Deep-page position (scenario 3). */
  depth: number;
};

export const PROFILES: Record<Profile['name'], Profile> = {
  S: {
    name: 'S',
    organizations: 500,
    contacts: 10_000,
    userGroups: 250,
    superCustomers: 100,
    tickets: 100_000,
    leverSize: 500,
    smallGrants: 3,
    largeGrants: 40,
    pairGrants: 5,
    scalePoints: [5_000, 25_000, 100_000],
    depth: 10_000,
  },
  L: {
    name: 'L',
    organizations: 10_000,
    contacts: 200_000,
    userGroups: 5_000,
    superCustomers: 2_000,
    tickets: 2_000_000,
    leverSize: 5_000,
    smallGrants: 10,
    largeGrants: 500,
    pairGrants: 20,
    scalePoints: [100_000, 500_000, 2_000_000],
    depth: 10_000,
  },
};
