-- What an append transaction must know before it can decide its group, in one call: the
-- append lock, the head, the events already stored under the group's ids (idempotent
-- retries and id conflicts), and the event counts of the widgets that carry an expected
-- version. One round trip instead of three; see Ledger.java.
--
-- The lock comes first, and every read after it is a statement of its own (a volatile
-- function takes a new snapshot per statement), so each read sees every transaction that
-- committed before the lock was granted: the same argument as evidence_ledger_lock_head().
--
-- Rows: first exactly one of kind 'head' (row_position = the head), then one 'stored' row
-- per stored id, then one 'widget' row per widget that has events (row_position = its count).
CREATE FUNCTION evidence_ledger_begin_append(ids uuid[], widgets text[])
RETURNS TABLE (row_kind text, row_position bigint, row_id uuid,
               row_recorded_at timestamptz,
               row_leaf_hash bytea, row_content_hash bytea, row_widget_id text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(122528763245922);  -- the lock of evidence_ledger_lock_head()

    RETURN QUERY SELECT 'head'::text, coalesce((SELECT max(e.position) FROM evidence_event e), 0),
        NULL::uuid, NULL::timestamptz, NULL::bytea, NULL::bytea, NULL::text;

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
