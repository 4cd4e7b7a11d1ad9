-- "As of <time>" reads find the last position recorded at or before a time.
CREATE INDEX evidence_event_by_recorded_at ON evidence_event (recorded_at);
