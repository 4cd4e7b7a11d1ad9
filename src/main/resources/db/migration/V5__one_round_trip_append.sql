-- Appends in one round trip, two groups in flight (see Ledger.java).
--
-- The 'head' row of evidence_ledger_begin_append (V4) now also carries the leaf hash of the
-- event at the head (NULL while the ledger is empty). A writer that starts its next group
-- before the previous one has reported its commit uses it to know, from the database and not
-- from timing, whether that group committed: the event at the head is that group's last
-- event exactly when the leaf hashes are equal. See TreeMaintenance.java.
CREATE OR REPLACE FUNCTION evidence_ledger_begin_append(ids uuid[], widgets text[])
RETURNS TABLE (row_kind text, row_position bigint, row_id uuid,
               row_recorded_at timestamptz,
               row_leaf_hash bytea, row_content_hash bytea, row_widget_id text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    head bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(122528763245922);  -- the lock of evidence_ledger_lock_head()

    head := coalesce((SELECT max(e.position) FROM evidence_event e), 0);
    RETURN QUERY SELECT 'head'::text, head, NULL::uuid, NULL::timestamptz,
        (SELECT e.leaf_hash FROM evidence_event e WHERE e.position = head), NULL::bytea,
        NULL::text;

    RETURN QUERY SELECT 'stored'::text, e.position, e.id, e.recorded_at, e.leaf_hash,
            e.content_hash, NULL::text
        FROM evidence_event e WHERE e.id = ANY(ids);

    IF cardinality(widgets) > 0 THEN
        RETURN QUERY SELECT 'widget'::text, count(*), NULL::uuid, NULL::timestamptz, NULL::bytea,
                NULL::bytea, e.widget_id
            FROM evidence_event e WHERE e.widget_id = ANY(widgets) GROUP BY e.widget_id;
    END IF;
END
$$;

-- The append of a writer that knows the head it extends (see Ledger.java). It planned its
-- group before taking the lock and sends, at once: evidence_ledger_claim(its end), its
-- inserts, evidence_ledger_expect_head(...), COMMIT. The rows are inserted before the lock is
-- taken, so PostgreSQL inserts one group while the group before it commits; they stay
-- invisible until this transaction commits, and it commits under the lock.
--
-- evidence_ledger_claim marks the group as in flight, under a key of its own (its end
-- position): the next group, planned on that end, waits for it in
-- evidence_ledger_expect_head before it asks for the append lock, so the two commit in order.
CREATE FUNCTION evidence_ledger_claim(group_end bigint) RETURNS void
LANGUAGE sql VOLATILE AS $$
    SELECT pg_advisory_xact_lock(1869836392, (group_end % 2147483648)::int4);
$$;

-- Under the append lock, the group must extend exactly the head it was planned on: the event
-- at that position holds the expected leaf (so the previous group committed, and whatever
-- committed before it), and none of the other ids of the group's events is stored (the hold
-- id of a submission, the submission id of a hold: one client id names one event, held or
-- recorded, and the long way decides what a stored one means). Positions in the group's range were claimed by its own
-- inserts (primary key), its ids by the unique index on id, so no other transaction can have
-- committed in between. A refusal raises (OH409: the head moved, another writer appended;
-- OH410: an alias id is stored): the transaction is aborted and the writer plans the group
-- again the long way, with evidence_ledger_begin_append.
CREATE FUNCTION evidence_ledger_expect_head(expected bigint, expected_leaf bytea,
                                            alias_ids uuid[])
RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    -- the group that ends at the expected head, if it is still in flight
    PERFORM pg_advisory_xact_lock_shared(1869836392, (expected % 2147483648)::int4);
    PERFORM pg_advisory_xact_lock(122528763245922);  -- the lock of evidence_ledger_lock_head()

    IF expected > 0 AND (SELECT e.leaf_hash FROM evidence_event e WHERE e.position = expected)
            IS DISTINCT FROM expected_leaf THEN
        RAISE EXCEPTION 'the event at position % is not the one this group was planned on',
            expected USING ERRCODE = 'OH409';
    END IF;
    IF EXISTS (SELECT 1 FROM evidence_event e WHERE e.id = ANY(alias_ids)) THEN
        RAISE EXCEPTION 'another event of this group''s client ids is stored'
            USING ERRCODE = 'OH410';
    END IF;
END
$$;
