-- UUIDv7 that keeps the order of rows written within one millisecond (two comments in one
-- request): the 12 bits after the version carry a counter (RFC 9562 method 3's "monotonic
-- random"), taken from a sequence because PGlite's clock only ticks in whole milliseconds.
create sequence portico_uuid_counter as integer minvalue 0 maxvalue 4095 cycle;

create or replace function portico_uuid_v7() returns uuid
language sql volatile as $$
  select encode(
    set_byte(
      set_byte(
        overlay(uuid_send(gen_random_uuid())
          placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
          from 1 for 6),
        6, 112 | (counter >> 8)),
      7, counter & 255),
    'hex')::uuid
  from (select nextval('portico_uuid_counter')::int as counter) c
$$;
