-- Money that adds up (docs/billing.md): a currency per organization and one derived set of
-- invoice states, both defined here once and used by every list, filter, detail and PDF.

-- Set at start-up from DEFAULT_CURRENCY and BILLING_TIME_ZONE (src/db/billing-settings.ts);
-- `labelled` turns true the first time, when the amounts that predate currencies get the default.
create table billing_settings (
  id boolean primary key default true check (id),
  default_currency text not null default 'EUR' check (default_currency ~ '^[A-Z]{3}$'),
  time_zone text not null default 'UTC',
  labelled boolean not null default false
);
insert into billing_settings default values;

-- An organization's own ISO 4217 code; null: the default. It may change only while the
-- organization has no quotes, invoices, payments or charges (src/modules/organizations).
alter table organizations add column currency text check (currency ~ '^[A-Z]{3}$');

create function portico_currency(organization uuid) returns text
  language sql stable parallel safe
  as $$ select coalesce((select o.currency from organizations o where o.id = organization),
                        (select default_currency from billing_settings)) $$;

-- Each quote, invoice, payment and charge carries the currency it was recorded in, set here on
-- insert from its organization (a payment: its invoice's), so a later DEFAULT_CURRENCY does not
-- relabel amounts already written.
alter table quotes add column currency text not null default 'EUR';
alter table invoices add column currency text not null default 'EUR';
alter table payments add column currency text not null default 'EUR';
alter table charges add column currency text not null default 'EUR';
alter table quotes alter column currency drop default;
alter table invoices alter column currency drop default;
alter table payments alter column currency drop default;
alter table charges alter column currency drop default;

create function portico_set_currency() returns trigger
  language plpgsql
  as $$ begin new.currency := portico_currency(new.organization_id); return new; end $$;

create function portico_set_payment_currency() returns trigger
  language plpgsql
  as $$ begin
    new.currency := coalesce((select i.currency from invoices i where i.id = new.invoice_id),
                             portico_currency(new.organization_id));
    return new;
  end $$;

create function portico_set_charge_currency() returns trigger
  language plpgsql
  as $$ begin
    new.currency := portico_currency(coalesce(
      (select t.organization_id from tickets t where t.id = new.ticket_id),
      (select c.organization_id from contracts c where c.id = new.contract_id)));
    return new;
  end $$;

create trigger quotes_currency before insert on quotes
  for each row execute function portico_set_currency();
create trigger invoices_currency before insert on invoices
  for each row execute function portico_set_currency();
create trigger payments_currency before insert on payments
  for each row execute function portico_set_payment_currency();
create trigger charges_currency before insert or update of ticket_id, contract_id on charges
  for each row execute function portico_set_charge_currency();

-- Today where the business keeps its books: an invoice due today is not yet overdue.
create function portico_billing_today() returns date
  language sql stable parallel safe
  as $$ select (now() at time zone (select time_zone from billing_settings))::date $$;

-- The invoice's state from its stored lifecycle (draft, issued, paid, void), total, payments
-- and due date. Overdue wins over partially paid: money is late either way.
create function portico_invoice_state(status text, total_cents bigint, paid_cents bigint, due_on date)
  returns text
  language sql stable parallel safe
  as $$ select case
    when status = 'draft' then 'draft'
    when status = 'void' then 'void'
    when paid_cents >= total_cents then 'paid'
    when due_on is not null and due_on < portico_billing_today() then 'overdue'
    when paid_cents > 0 then 'partially_paid'
    else 'open' end $$;

-- What is still due: nothing on a void invoice, never below zero.
create function portico_invoice_balance(status text, total_cents bigint, paid_cents bigint)
  returns bigint
  language sql immutable parallel safe
  as $$ select case when status = 'void' then 0::bigint
    else greatest(total_cents - paid_cents, 0)::bigint end $$;
