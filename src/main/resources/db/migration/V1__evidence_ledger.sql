-- The evidence ledger: one append-only sequence of events.
--
-- position is assigned by the server under an advisory lock (see Ledger.java), not by a
-- sequence: a sequence hands out numbers at insert time, so a later number can commit first
-- and a reader following "after=<last position>" would skip the earlier one.

CREATE TABLE evidence_event (
    position     bigint      PRIMARY KEY CHECK (position > 0),
    id           uuid        NOT NULL UNIQUE,
    event_type   text        NOT NULL,
    widget_id    text        NOT NULL,
    view_context text        NOT NULL,
    metadata     jsonb       NOT NULL,
    observed_at  timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL,
    source       text        NOT NULL,
    -- SHA-256 of what the client sent, to tell a retry from a reuse of its id
    content_hash bytea       NOT NULL,
    -- the exact bytes of the event as recorded; the Merkle leaf is SHA-256(0x00 || record)
    record       bytea       NOT NULL,
    leaf_hash    bytea       NOT NULL
);

CREATE INDEX evidence_event_by_widget ON evidence_event (widget_id, position);
CREATE INDEX evidence_event_by_type ON evidence_event (event_type, position);

-- Serialises appenders on every replica: the advisory lock is held until the transaction
-- ends, and the head is read only once the lock is held, in a statement of its own (a
-- volatile function takes a new snapshot per statement), so it includes every commit before.
CREATE FUNCTION evidence_ledger_lock_head() RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(122528763245922);  -- "opshub" in ASCII
    RETURN coalesce((SELECT max(position) FROM evidence_event), 0);
END
$$;

-- History is never rewritten: the database refuses UPDATE, DELETE and TRUNCATE on the ledger,
-- whatever the server does. Corrections are new events.
CREATE FUNCTION evidence_ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the evidence ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER evidence_event_append_only
    BEFORE UPDATE OR DELETE ON evidence_event
    FOR EACH ROW EXECUTE FUNCTION evidence_ledger_refuse_change();

CREATE TRIGGER evidence_event_no_truncate
    BEFORE TRUNCATE ON evidence_event
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_ledger_refuse_change();

-- API tokens: only a SHA-256 of each token is kept.
CREATE TABLE api_token (
    name       text        PRIMARY KEY,
    role       text        NOT NULL,
    token_hash bytea       NOT NULL UNIQUE,
    created_at timestamptz NOT NULL
);
