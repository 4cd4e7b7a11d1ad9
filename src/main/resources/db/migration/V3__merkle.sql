-- The ledger as an RFC 6962 Merkle tree, and the checkpoints signed over it.
--
-- Leaf i is the event at position i + 1; its hash is evidence_event.leaf_hash. merkle_node
-- holds every perfect subtree of level >= 1 that the appended leaves have completed, written
-- in the same transaction as the events that completed it, so the nodes always cover exactly
-- the committed ledger. With them a root, an inclusion proof or a consistency proof for any
-- tree size is a handful of primary-key reads (see opshub.merkle.ProofPlanner).

CREATE TABLE merkle_node (
    level smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
    index bigint   NOT NULL CHECK (index >= 0),
    hash  bytea    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, index)
);

-- Signed checkpoints (C2SP tlog-checkpoint notes), one per tree size, never rewritten.
CREATE TABLE ledger_checkpoint (
    tree_size bigint      PRIMARY KEY CHECK (tree_size >= 0),
    root      bytea       NOT NULL CHECK (length(root) = 32),
    note      text        NOT NULL,
    signed_at timestamptz NOT NULL
);

-- A node's hash never changes once written, and a signed checkpoint is history: both tables
-- refuse UPDATE, DELETE and TRUNCATE, like the ledger itself.
CREATE TRIGGER merkle_node_append_only
    BEFORE UPDATE OR DELETE ON merkle_node
    FOR EACH ROW EXECUTE FUNCTION evidence_ledger_refuse_change();

CREATE TRIGGER merkle_node_no_truncate
    BEFORE TRUNCATE ON merkle_node
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_ledger_refuse_change();

CREATE TRIGGER ledger_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON ledger_checkpoint
    FOR EACH ROW EXECUTE FUNCTION evidence_ledger_refuse_change();

CREATE TRIGGER ledger_checkpoint_no_truncate
    BEFORE TRUNCATE ON ledger_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_ledger_refuse_change();
