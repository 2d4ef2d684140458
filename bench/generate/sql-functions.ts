/**
 * Deterministic helpers for the generator, created in the benchmark database only. Every random
 * choice is a hash of (row number, salt), so a profile is the same data on every run and engine,
 * and independent streams (status, requester, date) stay uncorrelated (perf-anchors Appendix A's
 * correlation trap).
 */
export const GENERATOR_FUNCTIONS = `
create or replace function bench_uuid(kind int, n bigint) returns uuid
language sql immutable parallel safe as $$
  select (lpad(to_hex(kind), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid
$$;

-- Uniform in [0, 1) from (n, salt).
create or replace function bench_rand(n bigint, salt int) returns float8
language sql immutable parallel safe as $$
  select (hashint8extended(n, salt) & 4503599627370495)::float8 / 4503599627370496.0
$$;

-- Zipf-Mandelbrot rank in 1..n (density proportional to (rank + q)^-s) from a uniform u.
create or replace function bench_zipf(u float8, n int, s float8, q float8) returns int
language sql immutable parallel safe as $$
  select least(n, greatest(1, floor(
    power(power(1 + q, 1 - s) + u * (power(n + 1 + q, 1 - s) - power(1 + q, 1 - s)), 1 / (1 - s)) - q)::int))
$$;

-- A bijection of 1..n (n not a multiple of the prime), so Zipf ranks land on scattered rows.
create or replace function bench_permute(rank int, n int) returns int
language sql immutable parallel safe as $$
  select (((rank::bigint - 1) * 7919) % n)::int + 1
$$;
`;

export const DROP_GENERATOR_FUNCTIONS = `
drop function if exists bench_uuid(int, bigint), bench_rand(bigint, int), bench_zipf(float8, int, float8, float8),
  bench_permute(int, int);
`;

/** Id kinds of bench_uuid. */
export const KIND = { organization: 1, contact: 2, userGroup: 3, ticket: 4 } as const;
